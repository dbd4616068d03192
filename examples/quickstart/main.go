// Command quickstart is a tour of sqlforge: it defines tables, compiles
// statements for SQLite, PostgreSQL and MySQL, and runs them through an
// engine; then it maps structs to tables and works with them through the
// ORM's Session, printing the SQL each step sends — on an embedded,
// in-memory SQLite database by default, or on the PostgreSQL or
// MySQL/MariaDB server that -dsn names.
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -dsn 'postgres://app@127.0.0.1:5432/test'
//	go run ./examples/quickstart -dsn 'app@tcp(127.0.0.1:3306)/test'
//
// On a server it creates its tables (quickstart_users, quickstart_orders,
// quickstart_authors, quickstart_posts) and drops them again at the end.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/sqlforge/sqlforge/compile"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

func main() {
	dsn := flag.String("dsn", "", "PostgreSQL (postgres://… or key=value) or MySQL/MariaDB (user@tcp(host:port)/db) `DSN`; empty: embedded SQLite in memory")
	flag.Parse()
	if err := run(context.Background(), *dsn, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// schema defines the tables, with names that start with prefix. C panics
// on a misspelt column, so a typo stops the program at start-up rather
// than at query time.
func schema(prefix string) (meta *expr.MetaData, users, orders *expr.Table) {
	meta = expr.NewMetaData()
	users = meta.MustTable(prefix+"users",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("name", expr.Varchar(100), expr.NotNull),
		expr.Col("email", expr.Varchar(200), expr.Unique),
		expr.Col("age", expr.Integer),
	)
	orders = meta.MustTable(prefix+"orders",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("user_id", expr.BigInt, expr.NotNull, expr.References(prefix+"users.id", expr.OnDelete(expr.Cascade))),
		expr.Col("amount", expr.Integer, expr.NotNull),
	)
	return meta, users, orders
}

// open returns an engine for dsn: SQLite in memory when it is empty, else
// PostgreSQL or MySQL/MariaDB through their dialect's Open, which verifies
// TLS for every host that is not local.
func open(ctx context.Context, dsn string, opts ...engine.OpenOption) (*engine.Engine, error) {
	switch {
	case dsn == "":
		return sqlitedialect.Open(ctx, "", opts...) // a shared in-memory database: foreign keys on
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"), strings.Contains(dsn, "host="):
		return pgdialect.Open(ctx, dsn, opts...)
	default:
		return mysqldialect.Open(ctx, dsn, opts...)
	}
}

// tour writes the tour's output; it runs statements through an engine.
type tour struct {
	e   *engine.Engine
	out io.Writer
}

func run(ctx context.Context, dsn string, out io.Writer) (err error) {
	sql := &sqlPrinter{out: out} // prints what the ORM part sends
	e, err := open(ctx, dsn, engine.WithHooks(sql))
	if err != nil {
		return err
	}
	defer e.Close()
	tr := tour{e: e, out: out}
	name := e.Dialect().Name()
	fmt.Fprintf(out, "engine: %s\n", name)

	prefix := ""
	if dsn != "" {
		prefix = "quickstart_" // a server's database is shared: use names of our own
	}
	meta, users, orders := schema(prefix)
	if dsn != "" {
		// Leftovers of an interrupted run go first; the tables go at the end.
		if err := e.DropAll(ctx, meta); err != nil {
			return err
		}
		defer func() {
			if derr := e.DropAll(context.WithoutCancel(ctx), meta); err == nil {
				err = derr
			}
		}()
	}

	tr.section("1. Create the tables, in foreign-key order")
	tables, err := meta.SortedTables()
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := tr.exec(ctx, expr.CreateTable(t).IfNotExists()); err != nil {
			return err
		}
	}

	tr.section("2. Insert rows: every value is a bound parameter")
	ins := expr.Insert(users).Columns(users.C("name"), users.C("email"), users.C("age")).
		Values("Ann", "ann@example.com", 34).
		Values("Bob", "bob@example.com", 17).
		Values("Robert'); DROP TABLE users;--", "bobby@example.com", 12)
	if err := tr.exec(ctx, ins); err != nil {
		return err
	}
	if err := tr.exec(ctx, expr.Insert(orders).Columns(orders.C("user_id"), orders.C("amount")).
		Values(1, 120).Values(1, 80).Values(2, 15)); err != nil {
		return err
	}

	tr.section("3. Query: conditions, a LIKE that escapes user text, ordering, a bound LIMIT, a page and its total")
	search := "ob" // imagine this came from a form
	q := expr.Select(users.C("id"), users.C("name"), users.C("age")).
		Where(users.C("age").Ge(12), users.C("name").Contains(search)).
		OrderBy(users.C("age").Desc()).
		Limit(10)
	if err := tr.query(ctx, q); err != nil {
		return err
	}
	// A page and the total it is part of, counted from the same query.
	byName := expr.Select(users.C("name")).Where(users.C("age").Ge(12)).OrderBy(users.C("name").Asc())
	page, count, err := engine.AllAndCount(ctx, e, byName.Limit(2), engine.ScanValue[string])
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "page %q of %d users\n", page, count)

	tr.section("4. Join, aggregate, HAVING")
	total := expr.Sum(orders.C("amount"))
	report := expr.Select(users.C("name"), total.As("total")).
		From(users).
		Join(orders, orders.C("user_id").Eq(users.C("id"))).
		GroupBy(users.C("name")).
		Having(expr.Sum(orders.C("amount")).Gt(50))
	if err := tr.query(ctx, report); err != nil {
		return err
	}

	tr.section("5. Dynamic sorting from user input goes through a lookup")
	for _, field := range []string{"name", "name; DROP TABLE users"} {
		col, err := expr.Allow(users.C("name"), users.C("age")).Lookup(field)
		if errors.Is(err, expr.ErrUnknownColumn) {
			fmt.Fprintf(out, "rejected sort field: %v\n", err)
			continue
		}
		if err := tr.query(ctx, expr.Select(users.C("name")).OrderBy(col.Asc())); err != nil {
			return err
		}
	}

	tr.section("6. A statement built the same way compiles once; later compiles hit the cache")
	for age := 10; age <= 30; age += 10 {
		stmt := expr.Select(users.C("name")).Where(users.C("age").Gt(age))
		text, args, err := e.Compiler().Compile(stmt, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s  %v\n", text, args)
	}
	hits, misses, _ := e.Compiler().CacheStats()
	fmt.Fprintf(out, "cache: %d hits, %d misses so far\n", hits, misses)

	tr.section("7. The same statement in each dialect")
	upsert := expr.Insert(users).Columns(users.C("email"), users.C("name")).Values("ann@example.com", "Ann B.").
		OnConflict(users.C("email")).DoUpdate(expr.Assign(users.C("name"), expr.Excluded(users.C("name"))))
	for _, d := range []compile.Dialect{sqlitedialect.New(), pgdialect.New(), mysqldialect.New()} {
		text, args, err := compile.New(d).Compile(upsert, nil)
		if err != nil {
			fmt.Fprintf(out, "%-8s error: %v\n", d.Name(), err)
			continue
		}
		fmt.Fprintf(out, "%-8s %s  %v\n", d.Name(), text, args)
	}
	// The statement run is labelled, so it does not read as the line above.
	if _, _, err := e.Compiler().Compile(upsert, nil); err != nil {
		fmt.Fprintf(out, "(not run on %s)\n", name)
	} else {
		fmt.Fprintf(out, "run on %s: ", name)
		if err := tr.exec(ctx, upsert); err != nil {
			return err
		}
	}

	tr.section("8. Transactions and error classes")
	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, expr.Insert(users).Columns(users.C("name"), users.C("email")).Values("Cy", "cy@example.com")); err != nil {
			return err
		}
		// The same email again: the whole transaction is rolled back.
		_, err := tx.Exec(ctx, expr.Insert(users).Columns(users.C("name"), users.C("email")).Values("Cy 2", "cy@example.com"))
		return err
	})
	fmt.Fprintf(out, "duplicate email is a unique violation: %v\n", errors.Is(err, engine.ErrUniqueViolation))
	n, err := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(users).Where(users.C("email").Eq("cy@example.com")))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "rows for cy@example.com after the rollback: %d\n", n)

	tr.section("9. Safety nets")
	_, _, err = e.Compiler().Compile(expr.Delete(users), nil)
	fmt.Fprintf(out, "DELETE without WHERE: %v\n", err)
	if text, _, err := e.Compiler().Compile(expr.Select(users.C("id")).From(users).ForUpdate(), nil); err != nil {
		fmt.Fprintf(out, "FOR UPDATE on %s: %v\n", name, err)
	} else {
		fmt.Fprintf(out, "FOR UPDATE on %s: %s\n", name, text)
	}
	if err := tr.query(ctx, expr.Select(expr.CountAll().As("users_still_there")).From(users)); err != nil {
		return err
	}
	return tr.orm(ctx, prefix, sql)
}

func (tr tour) section(title string) { fmt.Fprintf(tr.out, "\n== %s\n", title) }

// show prints a statement's SQL and arguments. Printing the arguments is
// for the tour only: the engine's hooks and logs never see them unless
// the engine is built with engine.WithParamValuesInHooks.
func (tr tour) show(st expr.Statement) error {
	text, args, err := tr.e.Compiler().Compile(st, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(tr.out, "%s  %v\n", text, args)
	return nil
}

// exec runs a statement that returns no rows.
func (tr tour) exec(ctx context.Context, st expr.Statement) error {
	if err := tr.show(st); err != nil {
		return err
	}
	_, err := tr.e.Exec(ctx, st)
	return err
}

// query runs a query and prints its rows.
func (tr tour) query(ctx context.Context, st expr.Statement) error {
	if err := tr.show(st); err != nil {
		return err
	}
	rows, err := tr.e.Query(ctx, st)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			if b, ok := v.([]byte); ok { // MySQL returns text as bytes
				v = string(b)
			}
			parts[i] = fmt.Sprintf("%s=%v", cols[i], v)
		}
		fmt.Fprintln(tr.out, "  ", strings.Join(parts, " "))
	}
	return rows.Err()
}

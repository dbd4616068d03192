// Command quickstart is a tour of sqlforge's expression language: it defines
// tables, compiles statements for SQLite, PostgreSQL and MySQL, and runs them
// on an embedded SQLite database.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/expr"
)

// The schema: defined once, at start-up. C panics on a misspelt column, so
// a typo stops the program here rather than at query time.
var (
	meta  = expr.NewMetaData()
	users = meta.MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("name", expr.Varchar(100), expr.NotNull),
		expr.Col("email", expr.Varchar(200), expr.Unique),
		expr.Col("age", expr.Integer),
	)
	orders = meta.MustTable("orders",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("user_id", expr.BigInt, expr.NotNull, expr.References("users.id", expr.OnDelete(expr.Cascade))),
		expr.Col("amount", expr.Integer, expr.NotNull),
	)
)

func main() {
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	db, err := sql.Open("sqlite3", "file:quickstart?mode=memory&cache=shared&_foreign_keys=1")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	sqlite := compile.New(sqlitedialect.New()) // one compiler per dialect, shared

	section("1. Create the tables, in foreign-key order")
	tables, err := meta.SortedTables()
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := exec(ctx, db, sqlite, expr.CreateTable(t).IfNotExists()); err != nil {
			return err
		}
	}

	section("2. Insert rows: every value is a bound parameter")
	ins := expr.Insert(users).Columns(users.C("name"), users.C("email"), users.C("age")).
		Values("Ann", "ann@example.com", 34).
		Values("Bob", "bob@example.com", 17).
		Values("Robert'); DROP TABLE users;--", "bobby@example.com", 12)
	if err := exec(ctx, db, sqlite, ins); err != nil {
		return err
	}
	if err := exec(ctx, db, sqlite, expr.Insert(orders).Columns(orders.C("user_id"), orders.C("amount")).
		Values(1, 120).Values(1, 80).Values(2, 15)); err != nil {
		return err
	}

	section("3. Query: conditions, a LIKE that escapes user text, ordering, a bound LIMIT")
	search := "ob" // imagine this came from a form
	q := expr.Select(users.C("id"), users.C("name"), users.C("age")).
		Where(users.C("age").Ge(12), users.C("name").Contains(search)).
		OrderBy(users.C("age").Desc()).
		Limit(10)
	if err := query(ctx, db, sqlite, q); err != nil {
		return err
	}

	section("4. Join, aggregate, HAVING")
	total := expr.Sum(orders.C("amount"))
	report := expr.Select(users.C("name"), total.As("total")).
		From(users).
		Join(orders, orders.C("user_id").Eq(users.C("id"))).
		GroupBy(users.C("name")).
		Having(expr.Sum(orders.C("amount")).Gt(50))
	if err := query(ctx, db, sqlite, report); err != nil {
		return err
	}

	section("5. Dynamic sorting from user input goes through a lookup")
	for _, field := range []string{"name", "name; DROP TABLE users"} {
		col, err := expr.Allow(users.C("name"), users.C("age")).Lookup(field)
		if errors.Is(err, expr.ErrUnknownColumn) {
			fmt.Printf("rejected sort field: %v\n", err)
			continue
		}
		if err := query(ctx, db, sqlite, expr.Select(users.C("name")).OrderBy(col.Asc())); err != nil {
			return err
		}
	}

	section("6. A statement built the same way compiles once; later compiles hit the cache")
	for age := 10; age <= 30; age += 10 {
		stmt := expr.Select(users.C("name")).Where(users.C("age").Gt(age))
		text, args, err := sqlite.Compile(stmt, nil)
		if err != nil {
			return err
		}
		fmt.Printf("%s  %v\n", text, args)
	}
	hits, misses, _ := sqlite.CacheStats()
	fmt.Printf("cache: %d hits, %d misses so far\n", hits, misses)

	section("7. The same statement in each dialect")
	upsert := expr.Insert(users).Columns(users.C("email"), users.C("name")).Values("ann@example.com", "Ann B.").
		OnConflict(users.C("email")).DoUpdate(expr.Assign(users.C("name"), expr.Excluded(users.C("name"))))
	for _, d := range []compile.Dialect{sqlitedialect.New(), pgdialect.New(), mysqldialect.New()} {
		text, args, err := compile.New(d).Compile(upsert, nil)
		if err != nil {
			fmt.Printf("%-8s error: %v\n", d.Name(), err)
			continue
		}
		fmt.Printf("%-8s %s  %v\n", d.Name(), text, args)
	}
	if err := exec(ctx, db, sqlite, upsert); err != nil {
		return err
	}

	section("8. Safety nets")
	_, _, err = sqlite.Compile(expr.Delete(users), nil)
	fmt.Printf("DELETE without WHERE: %v\n", err)
	_, _, err = sqlite.Compile(expr.Select(users.C("id")).ForUpdate(), nil)
	fmt.Printf("FOR UPDATE on SQLite: %v\n", err)
	if err := query(ctx, db, sqlite, expr.Select(expr.CountAll().As("users_still_there")).From(users)); err != nil {
		return err
	}
	return nil
}

func section(title string) { fmt.Fprintf(os.Stdout, "\n== %s\n", title) }

// exec compiles and executes a statement that returns no rows.
func exec(ctx context.Context, db *sql.DB, c *compile.Compiler, st expr.Statement) error {
	text, args, err := c.Compile(st, nil)
	if err != nil {
		return err
	}
	fmt.Printf("%s  %v\n", text, args)
	_, err = db.ExecContext(ctx, text, args...)
	return err
}

// query compiles and runs a query and prints its rows.
func query(ctx context.Context, db *sql.DB, c *compile.Compiler, st expr.Statement) error {
	text, args, err := c.Compile(st, nil)
	if err != nil {
		return err
	}
	fmt.Printf("%s  %v\n", text, args)
	rows, err := db.QueryContext(ctx, text, args...)
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
			parts[i] = fmt.Sprintf("%s=%v", cols[i], v)
		}
		fmt.Println("  ", strings.Join(parts, " "))
	}
	return rows.Err()
}

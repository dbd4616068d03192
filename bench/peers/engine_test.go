package peers_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/sqlforge/sqlforge/bench/workloads"
	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// The engine benchmarks measure the engine's overhead on a full round trip
// to PostgreSQL: the same statement run through an Engine and written by
// hand against the same connection type, natively on pgx (a pgxpool) and
// through database/sql with pgx's stdlib driver. Statements:
//
//	q=select1   SELECT 1, scanned into an int
//	q=a-select  workload (a) of bench/workloads, up to 10 rows of 3 columns
//
// For q=a-select, impl=engine builds the statement tree on every call, as
// application code usually does, and impl=engine-param runs a tree built
// once with expr.Param values (the compile-cache hit path); impl=hand runs
// a constant SQL string. Run with:
//
//	go test -run '^$' -bench BenchmarkEngine -benchmem -count 6 -benchtime 200ms . > engine.txt
//	benchstat -col /impl engine.txt

// enginePG creates a schema of the benchmark's own holding the workload
// tables with 800 users, dropped when b ends, and returns the DSN that
// puts it on the search path.
func enginePG(b *testing.B) string {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", pgDSN())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		compiletest.Unreachable(b, "PostgreSQL at SQLFORGE_PG_DSN", err)
	}
	b.Cleanup(func() { admin.Close() })
	schema := compiletest.UniqueName("sqlforge_bench_engine_")
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	sep := "?"
	switch {
	case !strings.Contains(pgDSN(), "://"):
		sep = " "
	case strings.Contains(pgDSN(), "?"):
		sep = "&"
	}
	dsn := pgDSN() + sep + "search_path=" + schema

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	e, err := engine.New(engine.SQLDB(db), pgdialect.New(), engine.WithClassifier(pgdialect.Classifier{}))
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	if err := e.CreateAll(ctx, workloads.Meta); err != nil {
		b.Fatal(err)
	}
	for i := range workloads.NumBatches {
		if _, err := e.Exec(ctx, workloads.InsertUsersStmt(workloads.BatchAt(i))); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := e.Exec(ctx, expr.Text("ANALYZE users")); err != nil {
		b.Fatal(err)
	}
	return dsn
}

// filterParam is workload (a) built once, with parameters for its values.
var filterParam = expr.Select(workloads.Users.C("id"), workloads.Users.C("name"), workloads.Users.C("email")).
	Where(workloads.Users.C("age").Gt(expr.Param("age")),
		workloads.Users.C("status").Eq(expr.Param("status")),
		workloads.Users.C("name").Like(expr.Param("name"))).
	OrderBy(workloads.Users.C("created_at").Desc()).
	Limit(10)

var selectOne = expr.Text("SELECT 1")

var errNoFilterRows = errors.New("workload (a) returned no rows")

// rowScanner is what *sql.Rows, pgx.Rows and *engine.Rows share.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// readFilter reads workload (a)'s rows and returns how many there were.
func readFilter(rows rowScanner) (int, error) {
	var (
		id          int64
		name, email string
		n           int
	)
	for rows.Next() {
		if err := rows.Scan(&id, &name, &email); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// readEngineFilter is readFilter for *engine.Rows. It takes the concrete
// type, as application code does: boxed in an interface (or split into
// method values), the Rows would move to the heap, where the engine
// otherwise lets it stay on the caller's stack.
func readEngineFilter(rows *engine.Rows) (int, error) {
	var (
		id          int64
		name, email string
		n           int
	)
	for rows.Next() {
		if err := rows.Scan(&id, &name, &email); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// BenchmarkEngine is BenchmarkEngine/db=<pgx|stdlib>/q=<select1|a-select>/impl=<hand|engine|engine-param>.
func BenchmarkEngine(b *testing.B) {
	dsn := enginePG(b)
	ctx := context.Background()

	// The hand-written SQL of workload (a) is the baseline's text; the
	// engine must send exactly the same.
	filterSQL, _ := workloads.FilterUsersBaseline(workloads.FilterAt(0), nil)
	if got, _ := workloads.FilterUsers(workloads.FilterAt(0), nil); got != filterSQL {
		b.Fatalf("sqlforge and the baseline differ:\n%s\n%s", got, filterSQL)
	}

	p, err := pgxpool.New(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	native, err := engine.New(pgdialect.Pool(p), pgdialect.New())
	if err != nil {
		b.Fatal(err)
	}
	defer native.Close()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	stdlib, err := engine.New(engine.SQLDB(db), pgdialect.New(), engine.WithClassifier(pgdialect.Classifier{}))
	if err != nil {
		b.Fatal(err)
	}
	defer stdlib.Close()
	if text, _, err := native.Compiler().Compile(filterParam, nil,
		sql.Named("age", 0), sql.Named("status", ""), sql.Named("name", "")); err != nil || text != filterSQL {
		b.Fatalf("the parameterized statement compiles to %q, %v; want %q", text, err, filterSQL)
	}

	type impl struct {
		name string
		run  func(i int) error
	}
	checkRows := func(n int, err error) error {
		if err == nil && n == 0 {
			return errNoFilterRows
		}
		return err
	}
	engineImpls := func(e *engine.Engine) (select1, filter []impl) {
		select1 = []impl{{"engine", func(int) error {
			var one int
			return e.QueryRow(ctx, selectOne).Scan(&one)
		}}}
		filter = []impl{
			{"engine", func(i int) error {
				rows, err := e.Query(ctx, workloads.FilterUsersStmt(workloads.FilterAt(i)))
				if err != nil {
					return err
				}
				defer rows.Close()
				return checkRows(readEngineFilter(rows))
			}},
			{"engine-param", func(i int) error {
				f := workloads.FilterAt(i)
				rows, err := e.Query(ctx, filterParam, sql.Named("age", f.MinAge), sql.Named("status", f.Status), sql.Named("name", f.NameLike))
				if err != nil {
					return err
				}
				defer rows.Close()
				return checkRows(readEngineFilter(rows))
			}},
		}
		return select1, filter
	}

	nativeSelect1, nativeFilter := engineImpls(native)
	nativeSelect1 = append([]impl{{"hand", func(int) error {
		var one int
		return p.QueryRow(ctx, "SELECT 1").Scan(&one)
	}}}, nativeSelect1...)
	nativeFilter = append([]impl{{"hand", func(i int) error {
		f := workloads.FilterAt(i)
		rows, err := p.Query(ctx, filterSQL, f.MinAge, f.Status, f.NameLike, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		return checkRows(readFilter(rows))
	}}}, nativeFilter...)

	stdSelect1, stdFilter := engineImpls(stdlib)
	stdSelect1 = append([]impl{{"hand", func(int) error {
		var one int
		return db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
	}}}, stdSelect1...)
	stdFilter = append([]impl{{"hand", func(i int) error {
		f := workloads.FilterAt(i)
		rows, err := db.QueryContext(ctx, filterSQL, f.MinAge, f.Status, f.NameLike, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		return checkRows(readFilter(rows))
	}}}, stdFilter...)

	for _, d := range []struct {
		name            string
		select1, filter []impl
	}{
		{"pgx", nativeSelect1, nativeFilter},
		{"stdlib", stdSelect1, stdFilter},
	} {
		b.Run("db="+d.name, func(b *testing.B) {
			for _, q := range []struct {
				name  string
				impls []impl
			}{
				{"select1", d.select1},
				{"a-select", d.filter},
			} {
				b.Run("q="+q.name, func(b *testing.B) {
					for _, im := range q.impls {
						b.Run("impl="+im.name, func(b *testing.B) {
							if err := im.run(0); err != nil { // warm the connection and the compile cache
								b.Fatal(err)
							}
							b.ReportAllocs()
							i := 0
							for b.Loop() {
								if err := im.run(i); err != nil {
									b.Fatal(err)
								}
								i++
							}
						})
					}
				})
			}
		})
	}
}

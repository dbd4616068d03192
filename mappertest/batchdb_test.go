package mappertest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// forEachEngine runs f as a subtest on an Engine for every database, each
// in a schema or database of its own: SQLite, PostgreSQL through
// database/sql and natively on pgx, MariaDB as mysqldialect.Open makes it
// (RETURNING, clientFoundRows), and MariaDB driven with the MySQL 8
// dialect over a plain driver connection (no RETURNING, RowsAffected
// counting changed rows), which is how the MySQL 8 paths are tested here.
func forEachEngine(t *testing.T, f func(t *testing.T, e *engine.Engine)) {
	for _, open := range engineOpeners {
		t.Run(open.name, func(t *testing.T) {
			t.Parallel()
			e := open.open(t)
			t.Cleanup(func() { e.Close() })
			f(t, e)
		})
	}
}

// engineOpeners open the engines of forEachEngine, with options besides
// their dialect's classifier.
var engineOpeners = []struct {
	name string
	open func(t *testing.T, opts ...engine.Option) *engine.Engine
}{
	{"sqlite", openSQLiteEngine},
	{"postgres", openPGEngine},
	{"pgx", openPGXEngine},
	{"mariadb", openMariaDBEngine},
	{"mysql8-on-mariadb", openMySQL8Engine},
}

func must(t *testing.T, e *engine.Engine, err error) *engine.Engine {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func openSQLiteEngine(t *testing.T, opts ...engine.Option) *engine.Engine {
	e, err := sqlitedialect.Open(context.Background(), "file:"+compiletest.UniqueName("e")+"?mode=memory&cache=shared", openOpts(opts)...)
	return must(t, e, err)
}

func openPGEngine(t *testing.T, opts ...engine.Option) *engine.Engine {
	sdb := stdlib.OpenDB(*pgSchema(t))
	e, err := engine.New(engine.SQLDB(sdb), pgdialect.New(), append([]engine.Option{engine.WithClassifier(pgdialect.Classifier{})}, opts...)...)
	return must(t, e, err)
}

func openPGXEngine(t *testing.T, opts ...engine.Option) *engine.Engine {
	conn, err := pgx.ConnectConfig(context.Background(), pgSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(pgdialect.Conn(conn), pgdialect.New(), opts...)
	return must(t, e, err)
}

func openMariaDBEngine(t *testing.T, opts ...engine.Option) *engine.Engine {
	cfg, _ := mariaDBConfig(t)
	e, err := mysqldialect.Open(context.Background(), cfg.FormatDSN(), openOpts(opts)...)
	return must(t, e, err)
}

func openMySQL8Engine(t *testing.T, opts ...engine.Option) *engine.Engine {
	cfg, _ := mariaDBConfig(t)
	sdb, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(engine.SQLDB(sdb), mysqldialect.New(), append([]engine.Option{engine.WithClassifier(mysqldialect.Classifier{})}, opts...)...)
	return must(t, e, err)
}

// openOpts passes engine options to a dialect's Open.
func openOpts(opts []engine.Option) []engine.OpenOption {
	out := make([]engine.OpenOption, len(opts))
	for i, o := range opts {
		out[i] = o
	}
	return out
}

// createAll creates the tables of meta in foreign-key order.
func createAll(t *testing.T, e *engine.Engine, meta *expr.MetaData) {
	t.Helper()
	tables, err := meta.SortedTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if _, err := e.Exec(context.Background(), expr.CreateTable(tb)); err != nil {
			t.Fatal(err)
		}
	}
}

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
	for _, open := range []struct {
		name string
		open func(t *testing.T) *engine.Engine
	}{
		{"sqlite", openSQLiteEngine},
		{"postgres", openPGEngine},
		{"pgx", openPGXEngine},
		{"mariadb", openMariaDBEngine},
		{"mysql8-on-mariadb", openMySQL8Engine},
	} {
		t.Run(open.name, func(t *testing.T) {
			t.Parallel()
			e := open.open(t)
			t.Cleanup(func() { e.Close() })
			f(t, e)
		})
	}
}

func must(t *testing.T, e *engine.Engine, err error) *engine.Engine {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func openSQLiteEngine(t *testing.T) *engine.Engine {
	e, err := sqlitedialect.Open(context.Background(), "file:"+compiletest.UniqueName("e")+"?mode=memory&cache=shared")
	return must(t, e, err)
}

func openPGEngine(t *testing.T) *engine.Engine {
	sdb := stdlib.OpenDB(*pgSchema(t))
	e, err := engine.New(engine.SQLDB(sdb), pgdialect.New(), engine.WithClassifier(pgdialect.Classifier{}))
	return must(t, e, err)
}

func openPGXEngine(t *testing.T) *engine.Engine {
	conn, err := pgx.ConnectConfig(context.Background(), pgSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(pgdialect.Conn(conn), pgdialect.New())
	return must(t, e, err)
}

func openMariaDBEngine(t *testing.T) *engine.Engine {
	cfg, _ := mariaDBConfig(t)
	e, err := mysqldialect.Open(context.Background(), cfg.FormatDSN())
	return must(t, e, err)
}

func openMySQL8Engine(t *testing.T) *engine.Engine {
	cfg, _ := mariaDBConfig(t)
	sdb, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(engine.SQLDB(sdb), mysqldialect.New(), engine.WithClassifier(mysqldialect.Classifier{}))
	return must(t, e, err)
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

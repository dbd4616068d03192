package mappertest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

const (
	defaultPG    = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	defaultMySQL = "root@tcp(127.0.0.1:3306)/test"
)

// db is one database under test, reached through database/sql or native
// pgx: it compiles statements for its dialect and runs them.
type db struct {
	name  string
	c     *compile.Compiler
	exec  func(ctx context.Context, text string, args []any) (int64, error)
	query func(ctx context.Context, text string, args []any) (mapper.Rows, error)
	// e runs statements through the engine, on connections of the same
	// kind (database/sql or native pgx) as exec and query.
	e *engine.Engine
}

func (d *db) compile(t testing.TB, st expr.Statement) (string, []any) {
	t.Helper()
	text, args, err := d.c.Compile(st, nil)
	if err != nil {
		t.Fatalf("%s: compile: %v", d.name, err)
	}
	return text, args
}

// run executes st and returns the number of rows it affected.
func (d *db) run(t testing.TB, st expr.Statement) int64 {
	t.Helper()
	text, args := d.compile(t, st)
	n, err := d.exec(context.Background(), text, args)
	if err != nil {
		t.Fatalf("%s: %s: %v", d.name, text, err)
	}
	return n
}

// rows runs the query st.
func (d *db) rows(t testing.TB, st expr.Statement) mapper.Rows {
	t.Helper()
	text, args := d.compile(t, st)
	r, err := d.query(context.Background(), text, args)
	if err != nil {
		t.Fatalf("%s: %s: %v", d.name, text, err)
	}
	return r
}

// create creates the tables of meta in foreign-key order.
func (d *db) create(t testing.TB, meta *expr.MetaData) {
	t.Helper()
	tables, err := meta.SortedTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		d.run(t, expr.CreateTable(tb))
	}
}

func sqlDB(name string, d compile.Dialect, sdb *sql.DB) *db {
	return &db{
		name: name,
		e:    newEngine(engine.SQLDB(sdb), d),
		c:    compile.New(d),
		exec: func(ctx context.Context, text string, args []any) (int64, error) {
			res, err := sdb.ExecContext(ctx, text, args...)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		},
		query: func(ctx context.Context, text string, args []any) (mapper.Rows, error) {
			return sdb.QueryContext(ctx, text, args...)
		},
	}
}

// forEachDB runs f as a subtest on every database, each in a schema or
// database of its own.
func forEachDB(t *testing.T, f func(t *testing.T, d *db)) {
	for _, open := range []struct {
		name string
		open func(t *testing.T) *db
	}{
		{"sqlite", openSQLite},
		{"postgres", openPG},
		{"pgx", openPGX},
		{"mariadb", openMariaDB},
	} {
		t.Run(open.name, func(t *testing.T) {
			t.Parallel()
			f(t, open.open(t))
		})
	}
}

func openSQLite(t *testing.T) *db {
	sdb, err := sql.Open("sqlite3", "file:"+compiletest.UniqueName("m")+"?mode=memory&cache=shared&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	sdb.SetMaxOpenConns(1)
	t.Cleanup(func() { sdb.Close() })
	return sqlDB("sqlite", sqlitedialect.New(), sdb)
}

// pgSchema creates a schema of the test's own, dropped at its end, and
// returns the connection config with that schema on the search path.
func pgSchema(t *testing.T) *pgx.ConnConfig {
	t.Helper()
	dsn := compiletest.EnvOr("SQLFORGE_PG_DSN", defaultPG)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(ctx); err != nil {
		compiletest.Unreachable(t, "PostgreSQL at SQLFORGE_PG_DSN", err)
	}
	schema := compiletest.UniqueName("sqlforge_m_")
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = schema
	return cfg
}

func openPG(t *testing.T) *db {
	sdb := stdlib.OpenDB(*pgSchema(t))
	t.Cleanup(func() { sdb.Close() })
	return sqlDB("postgres", pgdialect.New(), sdb)
}

func openPGX(t *testing.T) *db {
	cfg := pgSchema(t)
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	pcfg, err := pgxpool.ParseConfig("")
	if err != nil {
		t.Fatal(err)
	}
	pcfg.ConnConfig = cfg
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return &db{
		name: "pgx",
		e:    newEngine(pgdialect.Pool(pool), pgdialect.New()),
		c:    compile.New(pgdialect.New()),
		exec: func(ctx context.Context, text string, args []any) (int64, error) {
			tag, err := conn.Exec(ctx, text, args...)
			return tag.RowsAffected(), err
		},
		query: func(ctx context.Context, text string, args []any) (mapper.Rows, error) {
			return conn.Query(ctx, text, args...)
		},
	}
}

func openMariaDB(t *testing.T) *db {
	cfg, version := mariaDBConfig(t)
	sdb, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sdb.Close() })
	return sqlDB("mariadb", mysqldialect.ForVersion(version), sdb)
}

// mariaDBConfig creates a database of the test's own, dropped at its end,
// and returns the driver config that uses it and the server's version.
func mariaDBConfig(t *testing.T) (*mysql.Config, string) {
	cfg, err := mysql.ParseDSN(compiletest.EnvOr("SQLFORGE_MYSQL_DSN", defaultMySQL))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(ctx); err != nil {
		compiletest.Unreachable(t, "MariaDB/MySQL at SQLFORGE_MYSQL_DSN", err)
	}
	name := compiletest.UniqueName("sqlforge_m_")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
	var version string
	if err := admin.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	// time.Time fields need parseTime; DATETIME has no zone, so UTC on both sides.
	cfg.DBName, cfg.ParseTime, cfg.Loc = name, true, time.UTC
	return cfg, version
}

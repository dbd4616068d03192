package otelhooktest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
)

// Backend is one database for the tracing tests and benchmarks: a
// connector to a fresh database holding the table otel_users (id, a
// UNIQUE email, an integer age), and its SQL.
type Backend struct {
	Name      string
	Connector driver.Connector
	// DSN reaches the same database, for the dialect's Open (see Engine).
	DSN string
	// Classifier is the dialect's error classifier.
	Classifier engine.Classifier
	// Insert takes (id, email); get takes (id) and returns email; cast
	// takes one text value and casts it to an integer on the server.
	Insert, Get, Cast string
}

// Sentinel is the parameter value the tracing tests look for in
// every recorded attribute, event, status and metric label: the servers
// quote it in their error messages (MariaDB's "Duplicate entry",
// PostgreSQL's DETAIL line and "invalid input syntax").
const Sentinel = "sentinel-7f3a@example.test"

type dsnConnector struct {
	dsn string
	d   driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// SQLite opens a database file in a temporary directory.
func SQLite(tb testing.TB) Backend {
	dsn := "file:" + filepath.Join(tb.TempDir(), "otel.db") + "?_busy_timeout=5000"
	b := Backend{Name: "sqlite", Connector: dsnConnector{dsn, &sqlite3.SQLiteDriver{}}, DSN: dsn, Classifier: sqlitedialect.Classifier{},
		Insert: "INSERT INTO otel_users (id, email) VALUES (?, ?)",
		Get:    "SELECT email FROM otel_users WHERE id = ?",
		Cast:   "SELECT CAST(? AS INTEGER)",
	}
	create(tb, b, "CREATE TABLE otel_users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER)")
	return b
}

// Postgres opens a schema of its own, dropped when tb ends.
func Postgres(tb testing.TB) Backend {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn := compiletest.EnvOr("SQLFORGE_PG_DSN", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
	admin, err := sql.Open("pgx", dsn)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		compiletest.Unreachable(tb, "PostgreSQL at SQLFORGE_PG_DSN", err)
	}
	tb.Cleanup(func() { admin.Close() })
	schema := compiletest.UniqueName("sqlforge_otel_")
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = schema
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	b := Backend{Name: "postgres", Connector: stdlib.GetConnector(*cfg), DSN: dsn + sep + "search_path=" + schema,
		Classifier: pgdialect.Classifier{},
		Insert:     "INSERT INTO otel_users (id, email) VALUES ($1, $2)",
		Get:        "SELECT email FROM otel_users WHERE id = $1",
		Cast:       "SELECT $1::text::integer",
	}
	create(tb, b, "CREATE TABLE otel_users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER)")
	return b
}

// MariaDB opens a database of its own, dropped when tb ends; interpolate sets the driver's
// InterpolateParams (without it, an Exec with arguments answers
// driver.ErrSkip and database/sql prepares the statement instead).
func MariaDB(tb testing.TB, interpolate bool) Backend {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg, err := mysql.ParseDSN(compiletest.EnvOr("SQLFORGE_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/test"))
	if err != nil {
		tb.Fatal(err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		compiletest.Unreachable(tb, "MariaDB at SQLFORGE_MYSQL_DSN", err)
	}
	tb.Cleanup(func() { admin.Close() })
	name := compiletest.UniqueName("sqlforge_otel_")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
	cfg.DBName = name
	cfg.InterpolateParams = interpolate
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	b := Backend{Name: "mariadb", Connector: c, DSN: cfg.FormatDSN(), Classifier: mysqldialect.Classifier{},
		Insert: "INSERT INTO otel_users (id, email) VALUES (?, ?)",
		Get:    "SELECT email FROM otel_users WHERE id = ?",
		Cast:   "SELECT CAST(? AS INTEGER)",
	}
	create(tb, b, "CREATE TABLE otel_users (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, age INT) ENGINE=InnoDB")
	return b
}

func create(tb testing.TB, b Backend, ddl string) {
	tb.Helper()
	db := sql.OpenDB(b.Connector)
	defer db.Close()
	if _, err := db.Exec(ddl); err != nil {
		tb.Fatal(err)
	}
}

// Engine opens an engine on b's database with the dialect's Open, closed
// when tb ends.
func Engine(tb testing.TB, b Backend, opts ...engine.OpenOption) *engine.Engine {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var e *engine.Engine
	var err error
	switch b.Name {
	case "sqlite":
		e, err = sqlitedialect.Open(ctx, b.DSN, opts...)
	case "postgres":
		e, err = pgdialect.Open(ctx, b.DSN, opts...)
	default:
		e, err = mysqldialect.Open(ctx, b.DSN, opts...)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}

// Backends returns the openers of the three databases (MariaDB without
// InterpolateParams, the driver's default).
func Backends() []func(testing.TB) Backend {
	return []func(testing.TB) Backend{
		SQLite,
		Postgres,
		func(tb testing.TB) Backend { return MariaDB(tb, false) },
	}
}

// Workload runs on db what the tracing tests record: an insert, the
// same insert again (a unique violation quoting the email on MariaDB and
// in PostgreSQL's DETAIL), a cast of the email to an integer (PostgreSQL
// quotes it in its message), a query and a committed transaction.
// It returns the errors of the two failing statements.
func Workload(t testing.TB, ctx context.Context, db *sql.DB, b Backend) (dup, cast error) {
	t.Helper()
	if _, err := db.ExecContext(ctx, b.Insert, 1, Sentinel); err != nil {
		t.Fatal(err)
	}
	_, dup = db.ExecContext(ctx, b.Insert, 2, Sentinel)
	if dup == nil {
		t.Fatal("second insert of the same email: no error")
	}
	var n int64
	cast = db.QueryRowContext(ctx, b.Cast, Sentinel).Scan(&n)
	var email string
	if err := db.QueryRowContext(ctx, b.Get, 1).Scan(&email); err != nil || email != Sentinel {
		t.Fatalf("get: %q, %v", email, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, b.Insert, 3, "other@example.test"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return dup, cast
}

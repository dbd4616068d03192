package pooltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	"github.com/sqlforge/sqlforge/pool"
)

// backend is one database under test: a driver name and a DSN private to
// the calling test.
type backend struct {
	name   string // sqlite, postgres or mariadb
	driver string
	dsn    string
	tag    string // unique name of the test's schema or database
}

// uniqueName returns a name for the test's schema or database made of
// lower-case letters, digits and '_' only, so SQL needs no quoting for it.
func uniqueName(t *testing.T) string {
	var b [4]byte
	rand.Read(b[:])
	n := strings.ToLower(t.Name())
	n = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, n)
	if len(n) > 40 {
		n = n[:40]
	}
	return "pt_" + n + "_" + hex.EncodeToString(b[:]) // sqlforgevet:reviewed: [a-z0-9_] only
}

func sqliteBackend(t *testing.T) backend {
	path := filepath.Join(t.TempDir(), "test.db")
	return backend{name: "sqlite", driver: "sqlite3", dsn: "file:" + path + "?_busy_timeout=5000&_journal_mode=WAL", tag: "main"}
}

func pgBaseDSN() string {
	if d := os.Getenv("SQLFORGE_PG_DSN"); d != "" {
		return d
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// pgBackend creates a schema for the test and returns a DSN whose
// search_path and application_name point at it.
func pgBackend(t *testing.T) backend {
	t.Helper()
	base := pgBaseDSN()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		compiletest.Unreachable(t, "PostgreSQL", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		compiletest.Unreachable(t, "PostgreSQL", err)
	}
	tag := uniqueName(t)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+tag); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		admin.ExecContext(ctx, "DROP SCHEMA "+tag+" CASCADE")
		admin.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return backend{name: "postgres", driver: "pgx", dsn: base + sep + "search_path=" + tag + "&application_name=" + tag, tag: tag}
}

func mysqlBaseDSN() string {
	if d := os.Getenv("SQLFORGE_MYSQL_DSN"); d != "" {
		return d
	}
	return "root@tcp(127.0.0.1:3306)/test"
}

// mysqlBackend creates a database for the test and returns a DSN using it.
func mysqlBackend(t *testing.T) backend {
	t.Helper()
	cfg, err := mysql.ParseDSN(mysqlBaseDSN())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		compiletest.Unreachable(t, "MariaDB", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		compiletest.Unreachable(t, "MariaDB", err)
	}
	tag := uniqueName(t)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+tag); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		admin.ExecContext(ctx, "DROP DATABASE "+tag)
		admin.Close()
	})
	cfg.DBName = tag
	cfg.MultiStatements = true
	return backend{name: "mariadb", driver: "mysql", dsn: cfg.FormatDSN(), tag: tag}
}

// openBoth opens the backend through database/sql and through pool.
func openBoth(t *testing.T, b backend) (*sql.DB, *pool.DB) {
	t.Helper()
	sdb, err := sql.Open(b.driver, b.dsn)
	if err != nil {
		t.Fatal(err)
	}
	pdb, err := pool.Open(b.driver, b.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sdb.Close(); pdb.Close() })
	return sdb, pdb
}

// allBackends runs f once per backend, as parallel subtests.
func allBackends(t *testing.T, f func(t *testing.T, b backend)) {
	for _, mk := range []struct {
		name string
		mk   func(*testing.T) backend
	}{{"sqlite", sqliteBackend}, {"postgres", pgBackend}, {"mariadb", mysqlBackend}} {
		t.Run(mk.name, func(t *testing.T) {
			t.Parallel()
			f(t, mk.mk(t))
		})
	}
}

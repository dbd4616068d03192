package compiletest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strconv"
	"testing"
	"time"
)

// RequireServers reports whether SQLFORGE_REQUIRE_SERVERS=1 is set, as CI
// does: then an unreachable database fails the test instead of skipping it.
func RequireServers() bool { return os.Getenv("SQLFORGE_REQUIRE_SERVERS") == "1" }

// Unreachable ends a test whose database cannot be reached: it fails when
// servers are required and otherwise skips with a loud message.
func Unreachable(t testing.TB, what string, err error) {
	t.Helper()
	if RequireServers() {
		t.Fatalf("%s is unreachable and SQLFORGE_REQUIRE_SERVERS=1: %v", what, err)
	}
	t.Skipf("SKIPPING: %s is unreachable (%v); set SQLFORGE_REQUIRE_SERVERS=1 to make this a failure", what, err)
}

// EnvOr returns the environment variable key, or def when it is unset.
func EnvOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// UniqueName returns prefix followed by random hex, for per-test schemas
// and databases so that tests can run in parallel. The prefix must be
// lower-case ASCII letters, digits and '_' (it panics otherwise), so the
// name needs no quoting in SQL on any of the databases.
func UniqueName(prefix string) string {
	for _, c := range prefix {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			panic("compiletest.UniqueName: prefix " + strconv.Quote(prefix) + " is not only lower-case letters, digits and '_'")
		}
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return prefix + hex.EncodeToString(b[:]) // sqlforgevet:reviewed: [a-z0-9_] only, checked above
}

// Scratch connects to a database server through database/sql with the
// named driver (which the caller's test imports), ends the test when the
// server is unreachable (see Unreachable), and creates what the test's
// tables live in — a schema on PostgreSQL (create is "CREATE SCHEMA"), a
// database on MySQL/MariaDB ("CREATE DATABASE") — with a unique name that
// it returns and drops when the test ends.
func Scratch(t testing.TB, driver, dsn, what, create, prefix string) string {
	t.Helper()
	admin, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		Unreachable(t, what, err)
	}
	name := UniqueName(prefix)
	var createSQL, dropSQL string
	switch create {
	case "CREATE SCHEMA":
		createSQL, dropSQL = "CREATE SCHEMA "+name, "DROP SCHEMA "+name+" CASCADE"
	case "CREATE DATABASE":
		createSQL, dropSQL = "CREATE DATABASE "+name, "DROP DATABASE "+name
	default:
		t.Fatalf("compiletest.Scratch: create is %q; want CREATE SCHEMA or CREATE DATABASE", create)
	}
	if _, err := admin.ExecContext(ctx, createSQL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(dropSQL) })
	return name
}

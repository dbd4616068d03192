package mysqldialect_test

import (
	"context"
	"database/sql"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// myAdmin connects to the server for test setup, or ends the test when it
// is unreachable.
func myAdmin(t testing.TB) (*sql.DB, *mysql.Config) {
	t.Helper()
	cfg, err := mysql.ParseDSN(compiletest.EnvOr("SQLFORGE_MYSQL_DSN", defaultDSN))
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
	return admin, cfg
}

// myDatabase creates a database of the test's own, dropped when it ends,
// and returns the configuration that uses it.
func myDatabase(t testing.TB, admin *sql.DB, cfg *mysql.Config) *mysql.Config {
	t.Helper()
	name := compiletest.UniqueName("sqlforge_e_")
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
	c := cfg.Clone()
	c.DBName = name
	return c
}

// quoteIdent quotes name as a MySQL identifier, for test setup SQL that
// names the test's database.
func quoteIdent(name string) string { return string(compile.AppendQuoted(nil, name, '`')) }

// myKill kills session id; the server shuts its socket down before KILL
// returns.
func myKill(admin *sql.DB) func(ctx context.Context, id int64) error {
	return func(ctx context.Context, id int64) error {
		_, err := admin.ExecContext(ctx, "KILL CONNECTION "+strconv.FormatInt(id, 10))
		return err
	}
}

func TestEngine(t *testing.T) {
	admin, cfg := myAdmin(t)
	var version string
	if err := admin.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	d := mysqldialect.ForVersion(version)
	enginetest.Run(t, enginetest.Env{
		Name: "mariadb",
		Open: func(t testing.TB, opts ...engine.Option) *engine.Engine {
			c, err := mysql.NewConnector(myDatabase(t, admin, cfg))
			if err != nil {
				t.Fatal(err)
			}
			e, err := engine.New(engine.SQLDB(sql.OpenDB(c)), d, append([]engine.Option{engine.WithClassifier(mysqldialect.Classifier{})}, opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { e.Close() })
			return e
		},
		Sleep:        expr.Text("SELECT SLEEP(5)"),
		ConnID:       expr.Text("SELECT CONNECTION_ID()"),
		Kill:         myKill(admin),
		Deadlocks:    true,
		ReadOnlyTx:   true,
		QuotesValues: true,
		Reflector:    mysqldialect.Reflector{},
	})
}

package pgdialect_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// TestLeastPrivilegeRole runs the SQL that docs/security.md gives for a
// least-privilege application role, in a database of the test's own, and
// checks that the role passes engine.RefuseElevatedRole, can read and
// write the rows of a table its owner creates afterwards, gets the
// settings the SQL gives it, and is refused every change of the schema.
func TestLeastPrivilegeRole(t *testing.T) {
	admin := pgAdmin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db, owner, user := compiletest.UniqueName("sqlforge_lp_"), compiletest.UniqueName("sqlforge_owner_"), compiletest.UniqueName("sqlforge_app_")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+db); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)")
		admin.Exec("DROP ROLE IF EXISTS " + user)
		admin.Exec("DROP ROLE IF EXISTS " + owner)
	})
	base, err := url.Parse(compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN))
	if err != nil || base.Scheme != "postgres" && base.Scheme != "postgresql" {
		t.Fatalf("SQLFORGE_PG_DSN is not a postgres:// URL (%v); the test connects as another role to another database", err)
	}
	dsn := func(u *url.Userinfo) string {
		c := *base
		c.User, c.Path = u, "/"+db
		return c.String()
	}
	dbAdmin, err := sql.Open("pgx", dsn(base.User))
	if err != nil {
		t.Fatal(err)
	}
	defer dbAdmin.Close()
	for _, q := range enginetest.DocSQL(t, "../docs/security.md", "postgres-least-privilege",
		map[string]string{"appdb": db, "app_owner": owner, "app_user": user}) {
		if _, err := dbAdmin.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// The owner creates a table after the grants, as a migration would.
	if _, err := dbAdmin.ExecContext(ctx, "SET ROLE "+owner+"; CREATE TABLE app_data.items (id serial PRIMARY KEY, name text); RESET ROLE"); err != nil {
		t.Fatal(err)
	}

	var seen engine.RoleReport
	e, err := pgdialect.Open(ctx, dsn(url.UserPassword(user, "change-me")), engine.WithRoleCheck(func(_ context.Context, r engine.RoleReport) error {
		seen = r
		return engine.RefuseElevated(r)
	}))
	if err != nil {
		t.Fatalf("Open as the least-privilege role with the role check: %v (report %v)", err, seen)
	}
	defer e.Close()
	if seen.Role != user || seen.Elevated() {
		t.Errorf("role check saw %v; want %s, data only", seen, user)
	}

	enginetest.CheckDataRights(t, ctx, e)
	var schema, timeout string
	var limit int32
	err = e.QueryRow(ctx, expr.Text("SELECT current_schema()::text, current_setting('statement_timeout'), rolconnlimit FROM pg_roles WHERE rolname = current_user")).Scan(&schema, &timeout, &limit)
	if err != nil || schema != "app_data" || timeout != "30s" || limit != 20 {
		t.Errorf("settings: schema %q, statement_timeout %q, connection limit %d, %v; want app_data, 30s, 20", schema, timeout, limit, err)
	}

	for _, q := range []*expr.TextClause{
		expr.Text("CREATE TABLE made_here (id int)"),
		expr.Text("CREATE TABLE public.made_here (id int)"),
		expr.Text("CREATE TEMPORARY TABLE made_here (id int)"),
		expr.Text("CREATE SCHEMA made_here"),
		expr.Text("ALTER TABLE items ADD COLUMN extra int"),
		expr.Text("DROP TABLE items"),
	} {
		_, err := e.Exec(ctx, q)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42501" {
			t.Errorf("schema change as the application role: %v; want insufficient_privilege (42501)", err)
		}
	}
}

// TestTransactionLocalRole checks the way docs/security.md gives to run
// some statements as another role without leaving that role on a pooled
// connection: SET LOCAL ROLE inside an engine transaction lasts until its
// Commit or Rollback, also when a statement in it failed, so the next
// user of the same (only) connection is the engine's own role again.
func TestTransactionLocalRole(t *testing.T) {
	admin := pgAdmin(t)
	dsn := openTestDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	role := compiletest.UniqueName("sqlforge_local_")
	if _, err := admin.ExecContext(ctx, "CREATE ROLE "+role+" NOLOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP ROLE IF EXISTS " + role) })
	e, err := pgdialect.Open(ctx, dsn, pgdialect.WithPoolConfig(func(c *pgxpool.Config) { c.MaxConns = 1 }))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	who := expr.Text("SELECT current_user::text")
	login, err := engine.Scalar[string](ctx, e, who)
	if err != nil {
		t.Fatal(err)
	}
	for _, end := range []string{"commit", "rollback", "rollback after a failed statement"} {
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, expr.UnsafeRawSQL("SET LOCAL ROLE "+role)); err != nil { // sqlforgevet:reviewed: a name the test made
			t.Fatal(err)
		}
		if got, err := engine.Scalar[string](ctx, tx, who); err != nil || got != role {
			t.Fatalf("%s: current_user in the transaction: %q, %v; want %s", end, got, err, role)
		}
		switch end {
		case "commit":
			err = tx.Commit(ctx)
		case "rollback after a failed statement":
			if _, ferr := tx.Exec(ctx, expr.Text("SELECT 1/0")); ferr == nil {
				t.Fatal("SELECT 1/0 succeeded")
			}
			fallthrough
		default:
			err = tx.Rollback(ctx)
		}
		if err != nil {
			t.Fatalf("%s: %v", end, err)
		}
		if got, err := engine.Scalar[string](ctx, e, who); err != nil || got != login {
			t.Errorf("after %s: the connection runs as %q, %v; want the engine's role %s", end, got, err, login)
		}
	}
}

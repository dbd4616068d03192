package pgdialect_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// TestRoleOneStepFromSuperuser logs in as roles that have only data
// rights of their own but are one step from superuser or the server's
// host, and checks that the role check reports and refuses each; a member
// of a role with only data rights still passes. In the setup, {r} is the
// login role, {m} a group role and {s} the test's schema.
func TestRoleOneStepFromSuperuser(t *testing.T) {
	admin := pgAdmin(t)
	cfg := pgSchema(t, admin)
	schema := cfg.RuntimeParams["search_path"]
	dsn := withParam(compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN), "search_path", schema)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name  string
		setup []string
		flag  func(engine.RoleReport) bool // nil: the role must pass
	}{
		{"NOINHERIT member of a superuser role", []string{
			"CREATE ROLE {m} NOLOGIN SUPERUSER", "CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, func(r engine.RoleReport) bool { return r.BecomeSuperuser }},
		{"member of pg_write_server_files", []string{
			"CREATE ROLE {r} LOGIN", "GRANT pg_write_server_files TO {r}",
		}, func(r engine.RoleReport) bool { return r.HostAccess }},
		{"member of pg_read_server_files", []string{
			"CREATE ROLE {r} LOGIN", "GRANT pg_read_server_files TO {r}",
		}, func(r engine.RoleReport) bool { return r.HostAccess }},
		{"NOINHERIT member of pg_execute_server_program through a group", []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT pg_execute_server_program TO {m}",
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, func(r engine.RoleReport) bool { return r.HostAccess }},
		{"NOINHERIT member of a CREATEROLE role", []string{
			"CREATE ROLE {m} NOLOGIN CREATEROLE", "CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, func(r engine.RoleReport) bool { return r.CreateRole }},
		{"NOINHERIT member of a role that may create in the schema", []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT USAGE, CREATE ON SCHEMA {s} TO {m}",
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT USAGE ON SCHEMA {s} TO {r}", "GRANT {m} TO {r}",
		}, func(r engine.RoleReport) bool { return r.SchemaChange }},
		{"CREATEROLE", []string{
			"CREATE ROLE {r} LOGIN CREATEROLE",
		}, func(r engine.RoleReport) bool { return r.CreateRole }},
		{"member of a data-only role", []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT USAGE ON SCHEMA {s} TO {m}", "CREATE TABLE {s}.t (id int)",
			"GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.t TO {m}", "CREATE ROLE {r} LOGIN", "GRANT {m} TO {r}",
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			role, group := compiletest.UniqueName("sqlforge_r_"), compiletest.UniqueName("sqlforge_g_")
			t.Cleanup(func() {
				for _, r := range []string{role, group} {
					admin.Exec("DROP OWNED BY " + r)
					admin.Exec("DROP ROLE IF EXISTS " + r)
				}
			})
			names := strings.NewReplacer("{r}", role, "{m}", group, "{s}", pgx.Identifier{schema}.Sanitize())
			for _, q := range tc.setup {
				if _, err := admin.ExecContext(ctx, names.Replace(q)); err != nil {
					t.Fatalf("%s: %v", names.Replace(q), err)
				}
			}
			roleDSN := strings.Replace(dsn, "postgres://postgres@", "postgres://"+role+"@", 1)
			if roleDSN == dsn {
				t.Skip("SQLFORGE_PG_DSN is not of the form postgres://postgres@...; cannot log in as another role")
			}
			var seen engine.RoleReport
			e, err := pgdialect.Open(ctx, roleDSN, engine.WithRoleCheck(func(_ context.Context, r engine.RoleReport) error { seen = r; return nil }))
			if err != nil {
				t.Fatal(err)
			}
			if tc.name == "NOINHERIT member of a superuser role" {
				// The step is real: SET ROLE makes the session a superuser.
				if _, err := e.Exec(ctx, expr.UnsafeRawSQL("SET ROLE "+group)); err != nil { // sqlforgevet:reviewed: a name the test made
					t.Fatal(err)
				}
				if su, err := engine.Scalar[string](ctx, e, expr.Text("SELECT current_setting('is_superuser')")); err != nil || su != "on" {
					t.Errorf("after SET ROLE: is_superuser = %q, %v", su, err)
				}
			}
			e.Close()
			_, err = pgdialect.Open(ctx, roleDSN, engine.RefuseElevatedRole())
			enginetest.CheckRoleReport(t, seen, err, tc.flag)
		})
	}
}

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

// roleCase is a login role made by setup, with the flag its report must
// set (nil: the role must pass as data only) and the right it must name.
// In setup and right, {r} is the login role, {m} and {m2} group roles
// and {s} the test's schema.
type roleCase struct {
	name     string
	setup    []string
	flag     func(engine.RoleReport) bool
	right    string
	reported bool // the right is reported, and the role passes RefuseElevatedRole
	// after, if set, runs as the role, to show that the step is real.
	after func(t *testing.T, ctx context.Context, e *engine.Engine, group string)
}

// TestRoleOneStepFromSuperuser logs in as roles that have only data
// rights of their own but are one step from superuser or the server's
// host, and checks that the role check reports and refuses each; a member
// of a role with only data rights still passes.
func TestRoleOneStepFromSuperuser(t *testing.T) {
	checkRoleCases(t, []roleCase{
		{name: "NOINHERIT member of a superuser role", setup: []string{
			"CREATE ROLE {m} NOLOGIN SUPERUSER", "CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, flag: func(r engine.RoleReport) bool { return r.BecomeSuperuser }, after: func(t *testing.T, ctx context.Context, e *engine.Engine, group string) {
			// The step is real: SET ROLE makes the session a superuser.
			if _, err := e.Exec(ctx, expr.UnsafeRawSQL("SET ROLE "+group)); err != nil { // sqlforgevet:reviewed: a name the test made
				t.Fatal(err)
			}
			if su, err := engine.Scalar[string](ctx, e, expr.Text("SELECT current_setting('is_superuser')")); err != nil || su != "on" {
				t.Errorf("after SET ROLE: is_superuser = %q, %v", su, err)
			}
		}},
		{name: "member of pg_write_server_files", setup: []string{
			"CREATE ROLE {r} LOGIN", "GRANT pg_write_server_files TO {r}",
		}, flag: hostAccess},
		{name: "member of pg_read_server_files", setup: []string{
			"CREATE ROLE {r} LOGIN", "GRANT pg_read_server_files TO {r}",
		}, flag: hostAccess},
		{name: "NOINHERIT member of pg_execute_server_program through a group", setup: []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT pg_execute_server_program TO {m}",
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, flag: hostAccess},
		{name: "NOINHERIT member of a CREATEROLE role", setup: []string{
			"CREATE ROLE {m} NOLOGIN CREATEROLE", "CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, flag: func(r engine.RoleReport) bool { return r.CreateRole }},
		{name: "NOINHERIT member of a role that may create in the schema", setup: []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT USAGE, CREATE ON SCHEMA {s} TO {m}",
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT USAGE ON SCHEMA {s} TO {r}", "GRANT {m} TO {r}",
		}, flag: func(r engine.RoleReport) bool { return r.SchemaChange }},
		{name: "CREATEROLE", setup: []string{
			"CREATE ROLE {r} LOGIN CREATEROLE",
		}, flag: func(r engine.RoleReport) bool { return r.CreateRole }},
		{name: "member of a data-only role", setup: []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT USAGE ON SCHEMA {s} TO {m}", "CREATE TABLE {s}.t (id int)",
			"GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.t TO {m}", "CREATE ROLE {r} LOGIN", "GRANT {m} TO {r}",
		}},
	})
}

// TestRoleBeyondDataRights logs in as roles with rights beyond data that
// are not one step from superuser, of their own or through membership
// (with INHERIT or not, direct or through another role), and checks that
// the role check names each: those that reach other rows or the whole
// server refused, the monitoring roles reported only.
func TestRoleBeyondDataRights(t *testing.T) {
	allData := func(r engine.RoleReport) bool { return r.AllData }
	serverAdmin := func(r engine.RoleReport) bool { return r.ServerAdmin }
	monitor := func(r engine.RoleReport) bool { return r.Monitor }
	checkRoleCases(t, []roleCase{
		{name: "CREATEDB", setup: []string{"CREATE ROLE {r} LOGIN CREATEDB"}, flag: serverAdmin, right: "CREATEDB"},
		{name: "REPLICATION", setup: []string{"CREATE ROLE {r} LOGIN REPLICATION"}, flag: allData, right: "REPLICATION"},
		{name: "BYPASSRLS", setup: []string{"CREATE ROLE {r} LOGIN BYPASSRLS"}, flag: allData, right: "BYPASSRLS"},
		{name: "NOINHERIT member of a CREATEDB role", setup: []string{
			"CREATE ROLE {m} NOLOGIN CREATEDB", "CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, flag: serverAdmin, right: "member of {m} (CREATEDB)"},
		{name: "member of a REPLICATION role", setup: []string{
			"CREATE ROLE {m} NOLOGIN REPLICATION", "CREATE ROLE {r} LOGIN", "GRANT {m} TO {r}",
		}, flag: allData, right: "member of {m} (REPLICATION)"},
		{name: "NOINHERIT member of a BYPASSRLS role through another role", setup: []string{
			"CREATE ROLE {m2} NOLOGIN BYPASSRLS", "CREATE ROLE {m} NOLOGIN", "GRANT {m2} TO {m}",
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, flag: allData, right: "member of {m2} (BYPASSRLS)"},
		{name: "member of pg_read_all_data", setup: []string{
			"CREATE ROLE {r} LOGIN", "GRANT pg_read_all_data TO {r}",
		}, flag: allData, right: "member of pg_read_all_data", after: func(t *testing.T, ctx context.Context, e *engine.Engine, _ string) {
			// Why it is refused: it reads the password hashes too.
			if _, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT count(*) FROM pg_authid")); err != nil {
				t.Errorf("member of pg_read_all_data reading pg_authid: %v", err)
			}
		}},
		{name: "NOINHERIT member of pg_write_all_data through a group", setup: []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT pg_write_all_data TO {m}",
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT {m} TO {r}",
		}, flag: allData, right: "member of pg_write_all_data"},
		{name: "member of pg_signal_backend", setup: []string{
			"CREATE ROLE {r} LOGIN", "GRANT pg_signal_backend TO {r}",
		}, flag: serverAdmin, right: "member of pg_signal_backend"},
		{name: "NOINHERIT member of pg_checkpoint", setup: []string{
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT pg_checkpoint TO {r}",
		}, flag: serverAdmin, right: "member of pg_checkpoint"},
		{name: "member of pg_monitor, reported", setup: []string{
			"CREATE ROLE {r} LOGIN", "GRANT pg_monitor TO {r}",
		}, flag: monitor, right: "member of pg_monitor", reported: true},
		{name: "NOINHERIT member of pg_read_all_settings, reported", setup: []string{
			"CREATE ROLE {r} LOGIN NOINHERIT", "GRANT pg_read_all_settings TO {r}",
		}, flag: monitor, right: "member of pg_read_all_settings", reported: true},
		{name: "member of pg_read_all_stats through a group, reported", setup: []string{
			"CREATE ROLE {m} NOLOGIN", "GRANT pg_read_all_stats TO {m}", "CREATE ROLE {r} LOGIN", "GRANT {m} TO {r}",
		}, flag: monitor, right: "member of pg_read_all_stats", reported: true},
	})
}

func hostAccess(r engine.RoleReport) bool { return r.HostAccess }

// TestPredefinedRoles checks the rights of members of predefined roles,
// those of a later PostgreSQL than the test server's too: a predefined
// role the check does not know is counted as server-wide, and a role
// that is not predefined gives nothing by its name.
func TestPredefinedRoles(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"pg_read_all_data", "role x: all data (member of pg_read_all_data)"},
		{"pg_checkpoint", "role x: server admin (member of pg_checkpoint)"},
		{"pg_monitor", "role x: data only, server monitoring (member of pg_monitor)"},
		{"pg_maintain", "role x: server admin (member of pg_maintain)"},
		{"pg_database_owner", "role x: data only"},
		{"app_pg_read_all_data", "role x: data only"},
	} {
		r := engine.RoleReport{Role: "x"}
		pgdialect.AddPredefinedForTest(&r, tc.name)
		if got := r.String(); got != tc.want {
			t.Errorf("member of %s: %s; want %s", tc.name, got, tc.want)
		}
	}
}

// TestServerPredefinedRolesKnown checks that the role check lists every
// predefined role of the server, rather than counting one as a
// server-wide role it does not know.
func TestServerPredefinedRolesKnown(t *testing.T) {
	admin := pgAdmin(t)
	rows, err := admin.Query(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'pg\_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		n++
		if !pgdialect.KnownPredefinedForTest(name) {
			t.Errorf("predefined role %s is not known to the role check", name)
		}
	}
	if err := rows.Err(); err != nil || n == 0 {
		t.Fatalf("predefined roles: %d rows, %v", n, err)
	}
}

// checkRoleCases makes each case's roles, opens an engine as its login
// role with a role check that records the report and again with
// engine.RefuseElevatedRole, checks both, and drops the roles.
func checkRoleCases(t *testing.T, cases []roleCase) {
	admin := pgAdmin(t)
	cfg := pgSchema(t, admin)
	schema := cfg.RuntimeParams["search_path"]
	dsn := withParam(compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN), "search_path", schema)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			role, group, group2 := compiletest.UniqueName("sqlforge_r_"), compiletest.UniqueName("sqlforge_g_"), compiletest.UniqueName("sqlforge_g_")
			t.Cleanup(func() {
				for _, r := range []string{role, group, group2} {
					admin.Exec("DROP OWNED BY " + r)
					admin.Exec("DROP ROLE IF EXISTS " + r)
				}
			})
			names := strings.NewReplacer("{r}", role, "{m2}", group2, "{m}", group, "{s}", pgx.Identifier{schema}.Sanitize())
			for _, q := range tc.setup {
				if _, err := admin.ExecContext(ctx, names.Replace(q)); err != nil {
					t.Fatalf("%s: %v", names.Replace(q), err)
				}
			}
			roleDSN := strings.Replace(dsn, "postgres://postgres@", "postgres://"+role+"@", 1)
			if roleDSN == dsn {
				const why = "SQLFORGE_PG_DSN is not of the form postgres://postgres@...; cannot log in as another role"
				if compiletest.RequireServers() {
					t.Fatal(why)
				}
				t.Skip("SKIPPING: " + why)
			}
			var seen engine.RoleReport
			e, err := pgdialect.Open(ctx, roleDSN, engine.WithRoleCheck(func(_ context.Context, r engine.RoleReport) error { seen = r; return nil }))
			if err != nil {
				t.Fatal(err)
			}
			if tc.after != nil {
				tc.after(t, ctx, e, group)
			}
			e.Close()
			refusing, err := pgdialect.Open(ctx, roleDSN, engine.RefuseElevatedRole())
			enginetest.CheckRoleCase(t, seen, refusing, err, tc.flag, names.Replace(tc.right), tc.reported)
		})
	}
}

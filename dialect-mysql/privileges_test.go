package mysqldialect_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// TestAccountOneStepFromSuperuser logs in as accounts with rights beyond
// data, of their own or behind a role they may SET ROLE to, and checks
// that the role check reports and refuses each; accounts with data rights
// only, of their own and through roles, still pass. In the setup, {u} is
// the account, {r} and {r2} roles and {db} the test's database.
func TestAccountOneStepFromSuperuser(t *testing.T) {
	admin, cfg := myAdmin(t)
	c := myDatabase(t, admin, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var (
		super       = func(r engine.RoleReport) bool { return r.Superuser }
		become      = func(r engine.RoleReport) bool { return r.BecomeSuperuser }
		createRole  = func(r engine.RoleReport) bool { return r.CreateRole }
		schema      = func(r engine.RoleReport) bool { return r.SchemaChange }
		host        = func(r engine.RoleReport) bool { return r.HostAccess }
		dataRights  = "GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO {u}"
		roleAllPriv = "GRANT ALL PRIVILEGES ON *.* TO {r}"
	)
	for _, tc := range []struct {
		name  string
		setup []string
		flag  func(engine.RoleReport) bool // nil: the account must pass
	}{
		{"INSERT on the mysql schema", []string{"GRANT INSERT ON mysql.* TO {u}"}, become},
		{"UPDATE on mysql.global_priv", []string{"GRANT UPDATE ON mysql.global_priv TO {u}"}, become},
		{"INSERT on a database pattern matching mysql", []string{"GRANT INSERT ON `m%`.* TO {u}"}, become},
		{"FILE", []string{"GRANT FILE ON *.* TO {u}"}, host},
		{"EVENT", []string{"GRANT EVENT ON {db}.* TO {u}"}, schema},
		{"SET USER, split off SUPER", []string{"GRANT SET USER ON *.* TO {u}"}, super},
		{"BINLOG REPLAY, split off SUPER", []string{"GRANT BINLOG REPLAY ON *.* TO {u}"}, super},
		{"READ_ONLY ADMIN, split off SUPER", []string{"GRANT READ_ONLY ADMIN ON *.* TO {u}"}, super},
		{"SUPER", []string{"GRANT SUPER ON *.* TO {u}"}, super},
		{"GRANT OPTION", []string{"GRANT SELECT ON {db}.* TO {u} WITH GRANT OPTION"}, createRole},
		{"CREATE USER", []string{"GRANT CREATE USER ON *.* TO {u}"}, createRole},
		{"a granted role with all privileges", []string{"CREATE ROLE {r}", roleAllPriv, "GRANT {r} TO {u}"}, become},
		{"a role with all privileges through another role", []string{
			"CREATE ROLE {r}", roleAllPriv, "CREATE ROLE {r2}", "GRANT {r} TO {r2}", "GRANT {r2} TO {u}",
		}, become},
		{"a default role with all privileges", []string{"CREATE ROLE {r}", roleAllPriv, "GRANT {r} TO {u}", "SET DEFAULT ROLE {r} FOR {u}"}, super},
		{"a granted role with FILE", []string{"CREATE ROLE {r}", "GRANT FILE ON *.* TO {r}", "GRANT {r} TO {u}"}, host},
		{"ADMIN OPTION on a role", []string{"CREATE ROLE {r}", "GRANT {r} TO {u} WITH ADMIN OPTION"}, createRole},
		{"data-only roles, one of them the default", []string{
			"CREATE ROLE {r}", "GRANT SELECT ON {db}.* TO {r}", "GRANT {r} TO {u}",
			"CREATE ROLE {r2}", "GRANT INSERT ON {db}.* TO {r2}", "GRANT {r2} TO {u}", "SET DEFAULT ROLE {r2} FOR {u}",
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			user, role, role2 := compiletest.UniqueName("sqlforge_u_"), compiletest.UniqueName("sqlforge_r_"), compiletest.UniqueName("sqlforge_r_")
			const password = "Sqlforge-role-check-1"
			if _, err := admin.ExecContext(ctx, "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+password+"'"); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				admin.Exec("DROP USER IF EXISTS '" + user + "'@'%'")
				admin.Exec("DROP ROLE IF EXISTS " + role)
				admin.Exec("DROP ROLE IF EXISTS " + role2)
			})
			names := strings.NewReplacer("{u}", "'"+user+"'@'%'", "{r2}", role2, "{r}", role, "{db}", quoteIdent(c.DBName))
			for _, q := range append([]string{dataRights}, tc.setup...) {
				if _, err := admin.ExecContext(ctx, names.Replace(q)); err != nil {
					t.Fatalf("%s: %v", names.Replace(q), err)
				}
			}
			uc := c.Clone()
			uc.User, uc.Passwd = user, password
			var seen engine.RoleReport
			e, err := mysqldialect.Open(ctx, uc.FormatDSN(), engine.WithRoleCheck(func(_ context.Context, r engine.RoleReport) error { seen = r; return nil }))
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			// Reading the roles' grants leaves the session's role as it was.
			want := ""
			if strings.Contains(tc.name, "default") {
				want = role
				if tc.flag == nil {
					want = role2
				}
			}
			if got, err := engine.Scalar[string](ctx, e, expr.Text("SELECT COALESCE(CURRENT_ROLE(), '')")); err != nil || got != want {
				t.Errorf("current role after the check: %q, %v; want %q", got, err, want)
			}
			_, err = mysqldialect.Open(ctx, uc.FormatDSN(), engine.RefuseElevatedRole())
			enginetest.CheckRoleReport(t, seen, err, tc.flag)
		})
	}
}

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

// accountCase is an account made by setup, besides data rights on the
// test's database, with the flag its report must set (nil: the account
// must pass as data only) and the right it must name. In setup and
// right, {u} is the account, {r} and {r2} roles and {db} the test's
// database.
type accountCase struct {
	name     string
	setup    []string
	flag     func(engine.RoleReport) bool
	right    string
	reported bool // the right is reported, and the account passes RefuseElevatedRole
}

var (
	superuser  = func(r engine.RoleReport) bool { return r.Superuser }
	become     = func(r engine.RoleReport) bool { return r.BecomeSuperuser }
	createRole = func(r engine.RoleReport) bool { return r.CreateRole }
	schema     = func(r engine.RoleReport) bool { return r.SchemaChange }
	host       = func(r engine.RoleReport) bool { return r.HostAccess }
	allData    = func(r engine.RoleReport) bool { return r.AllData }
	server     = func(r engine.RoleReport) bool { return r.ServerAdmin }
	monitor    = func(r engine.RoleReport) bool { return r.Monitor }
)

// TestAccountOneStepFromSuperuser logs in as accounts with rights beyond
// data, of their own or behind a role they may SET ROLE to, and checks
// that the role check reports and refuses each; accounts with data rights
// only, of their own and through roles, still pass.
func TestAccountOneStepFromSuperuser(t *testing.T) {
	const roleAllPriv = "GRANT ALL PRIVILEGES ON *.* TO {r}"
	checkAccountCases(t, []accountCase{
		{name: "INSERT on the mysql schema", setup: []string{"GRANT INSERT ON mysql.* TO {u}"}, flag: become},
		{name: "UPDATE on mysql.global_priv", setup: []string{"GRANT UPDATE ON mysql.global_priv TO {u}"}, flag: become},
		{name: "INSERT on a database pattern matching mysql", setup: []string{"GRANT INSERT ON `m%`.* TO {u}"}, flag: become},
		{name: "FILE", setup: []string{"GRANT FILE ON *.* TO {u}"}, flag: host},
		{name: "EVENT", setup: []string{"GRANT EVENT ON {db}.* TO {u}"}, flag: schema},
		{name: "SET USER, split off SUPER", setup: []string{"GRANT SET USER ON *.* TO {u}"}, flag: superuser},
		{name: "BINLOG REPLAY, split off SUPER", setup: []string{"GRANT BINLOG REPLAY ON *.* TO {u}"}, flag: superuser},
		{name: "READ_ONLY ADMIN, split off SUPER", setup: []string{"GRANT READ_ONLY ADMIN ON *.* TO {u}"}, flag: superuser},
		{name: "SUPER", setup: []string{"GRANT SUPER ON *.* TO {u}"}, flag: superuser},
		{name: "GRANT OPTION", setup: []string{"GRANT SELECT ON {db}.* TO {u} WITH GRANT OPTION"}, flag: createRole},
		{name: "CREATE USER", setup: []string{"GRANT CREATE USER ON *.* TO {u}"}, flag: createRole},
		{name: "a granted role with all privileges", setup: []string{"CREATE ROLE {r}", roleAllPriv, "GRANT {r} TO {u}"}, flag: become},
		{name: "a role with all privileges through another role", setup: []string{
			"CREATE ROLE {r}", roleAllPriv, "CREATE ROLE {r2}", "GRANT {r} TO {r2}", "GRANT {r2} TO {u}",
		}, flag: become},
		{name: "a default role with all privileges", setup: []string{"CREATE ROLE {r}", roleAllPriv, "GRANT {r} TO {u}", "SET DEFAULT ROLE {r} FOR {u}"}, flag: superuser},
		{name: "a granted role with FILE", setup: []string{"CREATE ROLE {r}", "GRANT FILE ON *.* TO {r}", "GRANT {r} TO {u}"}, flag: host},
		{name: "ADMIN OPTION on a role", setup: []string{"CREATE ROLE {r}", "GRANT {r} TO {u} WITH ADMIN OPTION"}, flag: createRole},
		{name: "data-only roles, one of them the default", setup: []string{
			"CREATE ROLE {r}", "GRANT SELECT ON {db}.* TO {r}", "GRANT {r} TO {u}",
			"CREATE ROLE {r2}", "GRANT INSERT ON {db}.* TO {r2}", "GRANT {r2} TO {u}", "SET DEFAULT ROLE {r2} FOR {u}",
		}},
	})
}

// TestAccountBeyondDataRights logs in as accounts with server, replication
// and monitoring privileges and global data privileges, of their own or
// behind a role, and checks that the role check names each: those that
// reach other rows or the whole server refused, the monitoring ones
// reported only.
func TestAccountBeyondDataRights(t *testing.T) {
	checkAccountCases(t, []accountCase{
		{name: "SHUTDOWN", setup: []string{"GRANT SHUTDOWN ON *.* TO {u}"}, flag: server, right: "SHUTDOWN ON *.*"},
		{name: "RELOAD", setup: []string{"GRANT RELOAD ON *.* TO {u}"}, flag: server, right: "RELOAD ON *.*"},
		{name: "CREATE TABLESPACE", setup: []string{"GRANT CREATE TABLESPACE ON *.* TO {u}"}, flag: server, right: "CREATE TABLESPACE ON *.*"},
		{name: "REPLICATION SLAVE", setup: []string{"GRANT REPLICATION SLAVE ON *.* TO {u}"}, flag: allData, right: "REPLICATION SLAVE ON *.*"},
		{name: "REPLICATION CLIENT, MariaDB's BINLOG MONITOR", setup: []string{"GRANT REPLICATION CLIENT ON *.* TO {u}"}, flag: allData, right: "BINLOG MONITOR ON *.*"},
		{name: "SLAVE MONITOR", setup: []string{"GRANT SLAVE MONITOR ON *.* TO {u}"}, flag: allData, right: "SLAVE MONITOR ON *.*"},
		{name: "a granted role with REPLICATION SLAVE", setup: []string{
			"CREATE ROLE {r}", "GRANT REPLICATION SLAVE ON *.* TO {r}", "GRANT {r} TO {u}",
		}, flag: allData, right: "role {r}: REPLICATION SLAVE ON *.*"},
		{name: "SELECT on *.*", setup: []string{"GRANT SELECT ON *.* TO {u}"}, flag: allData, right: "SELECT ON *.*"},
		{name: "EXECUTE on *.*", setup: []string{"GRANT EXECUTE ON *.* TO {u}"}, flag: allData, right: "EXECUTE ON *.*"},
		{name: "INSERT on *.*, the grant tables among them", setup: []string{"GRANT INSERT ON *.* TO {u}"}, flag: become, right: "INSERT ON *.*"},
		{name: "PROCESS, reported", setup: []string{"GRANT PROCESS ON *.* TO {u}"}, flag: monitor, right: "PROCESS ON *.*", reported: true},
		{name: "SHOW DATABASES, reported", setup: []string{"GRANT SHOW DATABASES ON *.* TO {u}"}, flag: monitor, right: "SHOW DATABASES ON *.*", reported: true},
		{name: "a granted role with PROCESS, reported", setup: []string{
			"CREATE ROLE {r}", "GRANT PROCESS ON *.* TO {r}", "GRANT {r} TO {u}",
		}, flag: monitor, right: "role {r}: PROCESS ON *.*", reported: true},
	})
}

// TestServerPrivilegesKnown checks that the role check knows every
// privilege the server names in SHOW PRIVILEGES, rather than counting one
// as a server-wide privilege it does not know.
func TestServerPrivilegesKnown(t *testing.T) {
	admin, _ := myAdmin(t)
	rows, err := admin.Query("SHOW PRIVILEGES")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, context, comment string
		if err := rows.Scan(&name, &context, &comment); err != nil {
			t.Fatal(err)
		}
		n++
		if p := strings.ToUpper(name); !mysqldialect.KnownPrivilegeForTest(p) {
			t.Errorf("privilege %s (%s: %s) is not known to the role check", p, context, comment)
		}
	}
	if err := rows.Err(); err != nil || n == 0 {
		t.Fatalf("SHOW PRIVILEGES: %d rows, %v", n, err)
	}
}

// checkAccountCases makes each case's account and roles, opens an engine
// as the account with a role check that records the report and again
// with engine.RefuseElevatedRole, checks both, and drops them.
func checkAccountCases(t *testing.T, cases []accountCase) {
	admin, cfg := myAdmin(t)
	c := myDatabase(t, admin, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	const dataRights = "GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO {u}"
	for _, tc := range cases {
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
			refusing, err := mysqldialect.Open(ctx, uc.FormatDSN(), engine.RefuseElevatedRole())
			enginetest.CheckRoleCase(t, seen, refusing, err, tc.flag, names.Replace(tc.right), tc.reported)
		})
	}
}

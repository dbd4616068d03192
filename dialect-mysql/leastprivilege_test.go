package mysqldialect_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// TestLeastPrivilegeRole runs the SQL that docs/security.md gives for a
// least-privilege application account, on a database of the test's own,
// and checks that the account passes engine.RefuseElevatedRole, can read
// and write rows, gets the limits the SQL gives it, and is refused every
// change of the schema and any look at the grant tables.
func TestLeastPrivilegeRole(t *testing.T) {
	admin, cfg := myAdmin(t)
	c := myDatabase(t, admin, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	user, owner := compiletest.UniqueName("sqlforge_app_"), compiletest.UniqueName("sqlforge_owner_")
	t.Cleanup(func() {
		admin.Exec("DROP USER IF EXISTS '" + user + "'@'%'")
		admin.Exec("DROP USER IF EXISTS '" + owner + "'@'localhost'")
	})
	for _, q := range enginetest.DocSQL(t, "../docs/security.md", "mariadb-least-privilege",
		map[string]string{"appdb": c.DBName, "app_owner": owner, "app_user": user}) {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := admin.ExecContext(ctx, "CREATE TABLE "+quoteIdent(c.DBName)+".items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))"); err != nil {
		t.Fatal(err)
	}

	uc := c.Clone()
	uc.User, uc.Passwd = user, "change-me"
	var seen engine.RoleReport
	e, err := mysqldialect.Open(ctx, uc.FormatDSN(), engine.WithRoleCheck(func(_ context.Context, r engine.RoleReport) error {
		seen = r
		return engine.RefuseElevated(r)
	}))
	if err != nil {
		t.Fatalf("Open as the least-privilege account with the role check: %v (report %v)", err, seen)
	}
	defer e.Close()
	if seen.Role != user+"@%" || seen.Elevated() || len(seen.Grants) == 0 {
		t.Errorf("role check saw %v, grants %q; want %s@%%, data only", seen, seen.Grants, user)
	}

	enginetest.CheckDataRights(t, ctx, e)
	var maxTime float64
	var maxConns int64
	if err := e.QueryRow(ctx, expr.Text("SELECT @@max_statement_time, @@max_user_connections")).Scan(&maxTime, &maxConns); err != nil || maxTime != 30 || maxConns != 20 {
		t.Errorf("limits: max_statement_time %v, max_user_connections %d, %v; want 30 and 20", maxTime, maxConns, err)
	}

	for _, q := range []*expr.TextClause{
		expr.Text("CREATE TABLE made_here (id INT)"),
		expr.Text("ALTER TABLE items ADD COLUMN extra INT"),
		expr.Text("DROP TABLE items"),
		expr.Text("CREATE DATABASE made_here"),
		expr.Text("SELECT COUNT(*) FROM mysql.global_priv"),
	} {
		_, err := e.Exec(ctx, q)
		var me *mysql.MySQLError
		// 1142: command denied on a table; 1044: access denied to a database.
		if !errors.As(err, &me) || me.Number != 1142 && me.Number != 1044 {
			t.Errorf("schema change or grant tables as the application account: %v; want error 1142 or 1044", err)
		}
	}
}

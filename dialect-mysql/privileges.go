package mysqldialect

import (
	"context"
	"strings"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Role reads the rights of the account e connects as (SHOW GRANTS). Open
// runs it for engine.WithRoleCheck.
func Role(ctx context.Context, e *engine.Engine) (engine.RoleReport, error) {
	var r engine.RoleReport
	user, err := engine.Scalar[string](ctx, e, expr.Text("SELECT CURRENT_USER()"))
	if err != nil {
		return r, err
	}
	r.Role = user
	r.Grants, err = engine.All(ctx, e, expr.Text("SHOW GRANTS"), engine.ScanValue[string])
	if err != nil {
		return r, err
	}
	for _, g := range r.Grants {
		classifyGrant(&r, g)
	}
	return r, nil
}

// classifyGrant reads one "GRANT privileges ON scope TO account" line.
func classifyGrant(r *engine.RoleReport, grant string) {
	u := strings.ToUpper(grant)
	if !strings.HasPrefix(u, "GRANT ") {
		return
	}
	on := strings.Index(u, " ON ")
	if on < 0 {
		return // a role grant: GRANT role TO account
	}
	privs := u[len("GRANT "):on]
	scope := strings.Fields(u[on+len(" ON "):])
	global := len(scope) > 0 && scope[0] == "*.*"
	if strings.Contains(u, "WITH GRANT OPTION") {
		r.CreateRole = true
	}
	for _, p := range strings.Split(privs, ",") {
		switch p = strings.TrimSpace(p); {
		case p == "ALL PRIVILEGES" || p == "ALL":
			r.SchemaChange = true
			if global {
				r.Superuser, r.CreateRole = true, true
			}
		case p == "SUPER":
			r.Superuser = true
		case p == "CREATE USER" || p == "CREATE ROLE":
			r.CreateRole = true
		case p == "CREATE" || p == "DROP" || p == "ALTER" || p == "INDEX" || p == "TRIGGER" || p == "CREATE VIEW" || p == "CREATE ROUTINE" || p == "ALTER ROUTINE":
			r.SchemaChange = true
		}
	}
}

package mysqldialect

import (
	"context"
	"strings"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// PrivilegePolicy is a least-privilege check run by Open: it receives the
// connecting account's rights and returns an error to refuse it.
// engine.RefuseElevated refuses accounts with SUPER or DDL rights.
type PrivilegePolicy func(ctx context.Context, r engine.RoleReport) error

// WithRoleCheck makes Open read the account's rights (SHOW GRANTS) and
// pass them to check, which may report them or refuse the account by
// returning an error.
func WithRoleCheck(check PrivilegePolicy) Option {
	return optionFunc(func(c *openConfig) { c.privileges = check })
}

// RefuseElevatedRole makes Open fail with an error matching
// engine.ErrPrivileged when the account has ALL PRIVILEGES or SUPER on
// *.*, may create users or grant, or may create, alter or drop objects.
func RefuseElevatedRole() Option {
	return WithRoleCheck(func(_ context.Context, r engine.RoleReport) error { return engine.RefuseElevated(r) })
}

// Role reads the rights of the account e connects as.
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

func checkPrivileges(ctx context.Context, e *engine.Engine, check PrivilegePolicy) error {
	if check == nil {
		return nil
	}
	r, err := Role(ctx, e)
	if err != nil {
		return err
	}
	return check(ctx, r)
}

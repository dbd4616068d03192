package pgdialect

import (
	"context"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// PrivilegePolicy is a least-privilege check run by Open: it receives the
// connecting role's rights and returns an error to refuse it.
// engine.RefuseElevated refuses superusers and roles with DDL rights.
type PrivilegePolicy func(ctx context.Context, r engine.RoleReport) error

// WithRoleCheck makes Open read the connecting role's rights (pg_roles and
// has_*_privilege on the current database and schema) and pass them to
// check, which may report them or refuse the role by returning an error.
func WithRoleCheck(check PrivilegePolicy) Option {
	return optionFunc(func(c *openConfig) { c.privileges = check })
}

// RefuseElevatedRole makes Open fail with an error matching
// engine.ErrPrivileged when the role is a superuser, may create roles, or
// may create objects in the current database or schema.
func RefuseElevatedRole() Option {
	return WithRoleCheck(func(_ context.Context, r engine.RoleReport) error { return engine.RefuseElevated(r) })
}

var roleQuery = expr.Text(`SELECT current_user::text, r.rolsuper, r.rolcreaterole,
	has_database_privilege(current_database(), 'CREATE')
	OR coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
FROM pg_roles r WHERE r.rolname = current_user`)

// Role reads the rights of the role e connects as.
func Role(ctx context.Context, e *engine.Engine) (engine.RoleReport, error) {
	var r engine.RoleReport
	err := e.QueryRow(ctx, roleQuery).Scan(&r.Role, &r.Superuser, &r.CreateRole, &r.SchemaChange)
	return r, err
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

package pgdialect

import (
	"context"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

var roleQuery = expr.Text(`SELECT current_user::text, r.rolsuper, r.rolcreaterole,
	has_database_privilege(current_database(), 'CREATE')
	OR coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
FROM pg_roles r WHERE r.rolname = current_user`)

// Role reads the rights of the role e connects as: pg_roles and the
// CREATE privileges on the current database and schema. Open runs it for
// engine.WithRoleCheck.
func Role(ctx context.Context, e *engine.Engine) (engine.RoleReport, error) {
	var r engine.RoleReport
	err := e.QueryRow(ctx, roleQuery).Scan(&r.Role, &r.Superuser, &r.CreateRole, &r.SchemaChange)
	return r, err
}

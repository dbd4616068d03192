package pgdialect

import (
	"context"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// roleQuery reads the connecting role's own attributes and whether it may
// create objects in the current database or schema.
var roleQuery = expr.Text(`SELECT current_user::text, r.rolsuper, r.rolcreaterole,
	has_database_privilege(current_database(), 'CREATE')
	OR coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
FROM pg_roles r WHERE r.rolname = current_user`)

// memberQuery reads the roles the connecting role is a member of, directly
// or through other roles. MEMBER ignores INHERIT: a NOINHERIT member gets
// none of a role's privileges by itself, but may SET ROLE to it (and,
// before PostgreSQL 16, always could), which takes all of them; so its
// attributes and CREATE privileges count as the member's. A role given
// with INHERIT FALSE and SET FALSE (PostgreSQL 16) is counted too.
var memberQuery = expr.Text(`SELECT m.rolname::text, m.rolsuper, m.rolcreaterole,
	m.rolname IN ('pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program'),
	has_database_privilege(m.oid, current_database(), 'CREATE')
	OR coalesce(has_schema_privilege(m.oid, current_schema(), 'CREATE'), false)
FROM pg_roles m
WHERE m.rolname <> current_user AND pg_has_role(current_user, m.oid, 'MEMBER')
ORDER BY m.rolname`)

// Role reads the rights of the role e connects as and of every role it is
// a member of: superuser and CREATEROLE, membership of the roles that
// reach the server's files and programs, and the CREATE privileges on
// the current database and schema. Open runs it for engine.WithRoleCheck.
func Role(ctx context.Context, e *engine.Engine) (engine.RoleReport, error) {
	var r engine.RoleReport
	var create bool
	if err := e.QueryRow(ctx, roleQuery).Scan(&r.Role, &r.Superuser, &r.CreateRole, &create); err != nil {
		return r, err
	}
	if r.Superuser {
		// A superuser is a member of every role; listing them adds nothing.
		r.HostAccess, r.SchemaChange = true, true
		r.AddRight("SUPERUSER")
		return r, nil
	}
	if r.CreateRole {
		// Before PostgreSQL 16, CREATEROLE may grant itself any role
		// but a superuser one, pg_write_server_files included.
		r.AddRight("CREATEROLE")
	}
	if create {
		r.SchemaChange = true
		r.AddRight("CREATE on the database or schema")
	}
	rows, err := e.Query(ctx, memberQuery)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var super, createRole, host, create bool
		if err := rows.Scan(&name, &super, &createRole, &host, &create); err != nil {
			return r, err
		}
		member := "member of " + name
		if super {
			r.BecomeSuperuser = true
			r.AddRight(member + " (SUPERUSER)")
		}
		if createRole {
			r.CreateRole = true
			r.AddRight(member + " (CREATEROLE)")
		}
		if host {
			r.HostAccess = true
			r.AddRight(member)
		}
		if create {
			r.SchemaChange = true
			r.AddRight(member + " (CREATE on the database or schema)")
		}
	}
	return r, rows.Err()
}

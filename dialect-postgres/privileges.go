package pgdialect

import (
	"context"
	"strings"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// roleQuery reads the connecting role's own attributes and whether it may
// create objects in the current database or schema.
var roleQuery = expr.Text(`SELECT current_user::text, r.rolsuper, r.rolcreaterole,
	r.rolcreatedb, r.rolreplication, r.rolbypassrls,
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
	m.rolcreatedb, m.rolreplication, m.rolbypassrls,
	has_database_privilege(m.oid, current_database(), 'CREATE')
	OR coalesce(has_schema_privilege(m.oid, current_schema(), 'CREATE'), false)
FROM pg_roles m
WHERE m.rolname <> current_user AND pg_has_role(current_user, m.oid, 'MEMBER')
ORDER BY m.rolname`)

// attributes are a role's own rights beyond data: the attributes of
// pg_roles and CREATE on the current database or schema.
type attributes struct {
	super, createRole, createDB, replication, bypassRLS, create bool
}

// add records a's rights in r; member is "member of name" for a role the
// connecting role is a member of, "" for its own. Superuser is left to
// the caller.
func (a attributes) add(r *engine.RoleReport, member string) {
	right := func(flag *bool, what string) {
		*flag = true
		if member != "" {
			what = member + " (" + what + ")"
		}
		r.AddRight(what)
	}
	if a.createRole {
		// Before PostgreSQL 16, CREATEROLE may grant itself any role
		// but a superuser one, pg_write_server_files included.
		right(&r.CreateRole, "CREATEROLE")
	}
	if a.create {
		right(&r.SchemaChange, "CREATE on the database or schema")
	}
	if a.createDB {
		// New databases, owned by the role: the server's disk and
		// connections, beyond the application's database.
		right(&r.ServerAdmin, "CREATEDB")
	}
	if a.replication {
		// Replication connections copy the whole cluster (pg_authid's
		// password hashes too), and logical decoding from an ordinary
		// connection reads every change to every table; a replication
		// slot it creates keeps WAL until the disk is full.
		right(&r.AllData, "REPLICATION")
	}
	if a.bypassRLS {
		// Row-level security policies do not apply to it: it reads and
		// writes the rows they would hide, other tenants' rows among them.
		right(&r.AllData, "BYPASSRLS")
	}
}

// predefinedRoles are the roles PostgreSQL 15 defines, with the flag
// each sets in its members' reports (nil: none). A role a user creates
// cannot be named pg_...: the names are PostgreSQL's own, and one not
// listed here (a later version's) counts as ServerAdmin, so that the
// check fails closed.
var predefinedRoles = map[string]func(*engine.RoleReport) *bool{
	// Ownership of the current database: what the owner may do is its
	// CREATE privilege, read on its own.
	"pg_database_owner": nil,
	// Files and programs on the server's host.
	"pg_read_server_files":      hostAccess,
	"pg_write_server_files":     hostAccess,
	"pg_execute_server_program": hostAccess,
	// Every table and view of every schema, whatever its grants:
	// pg_read_all_data reads pg_authid's password hashes too.
	"pg_read_all_data":  allData,
	"pg_write_all_data": allData,
	// Cancels and ends other roles' sessions, every application's.
	"pg_signal_backend": serverAdmin,
	// Forces checkpoints, a burst of writes for the whole server.
	"pg_checkpoint": serverAdmin,
	// Sees other sessions' statements (pg_stat_activity), the server's
	// settings and statistics, and runs the monitoring functions that
	// take ACCESS SHARE locks: reported, as it changes nothing and
	// reads no table's rows.
	"pg_monitor":           monitor,
	"pg_read_all_settings": monitor,
	"pg_read_all_stats":    monitor,
	"pg_stat_scan_tables":  monitor,
}

func hostAccess(r *engine.RoleReport) *bool  { return &r.HostAccess }
func allData(r *engine.RoleReport) *bool     { return &r.AllData }
func serverAdmin(r *engine.RoleReport) *bool { return &r.ServerAdmin }
func monitor(r *engine.RoleReport) *bool     { return &r.Monitor }

// Role reads the rights of the role e connects as and of every role it is
// a member of: superuser, CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS,
// membership of the predefined roles beyond data (predefinedRoles), and
// the CREATE privileges on the current database and schema. Open runs it
// for engine.WithRoleCheck.
func Role(ctx context.Context, e *engine.Engine) (engine.RoleReport, error) {
	var r engine.RoleReport
	var a attributes
	if err := e.QueryRow(ctx, roleQuery).Scan(&r.Role, &a.super, &a.createRole, &a.createDB, &a.replication, &a.bypassRLS, &a.create); err != nil {
		return r, err
	}
	if a.super {
		// A superuser is a member of every role; listing them adds nothing.
		r.Superuser, r.CreateRole, r.SchemaChange, r.HostAccess = true, true, true, true
		r.AllData, r.ServerAdmin, r.Monitor = true, true, true
		r.AddRight("SUPERUSER")
		return r, nil
	}
	a.add(&r, "")
	rows, err := e.Query(ctx, memberQuery)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var m attributes
		if err := rows.Scan(&name, &m.super, &m.createRole, &m.createDB, &m.replication, &m.bypassRLS, &m.create); err != nil {
			return r, err
		}
		member := "member of " + name
		if m.super {
			r.BecomeSuperuser = true
			r.AddRight(member + " (SUPERUSER)")
		}
		m.add(&r, member)
		addPredefined(&r, name)
	}
	return r, rows.Err()
}

// addPredefined records in r the right that membership of name gives if
// it is a predefined role: see predefinedRoles.
func addPredefined(r *engine.RoleReport, name string) {
	flag, known := predefinedRoles[name]
	switch {
	case !strings.HasPrefix(name, "pg_"):
		return
	case !known:
		flag = serverAdmin
	case flag == nil:
		return
	}
	*flag(r) = true
	r.AddRight("member of " + name)
}

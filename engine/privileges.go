package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// ErrPrivileged: the role an engine connects as has more than
// data-manipulation rights (see RoleReport.Elevated) and the caller asked
// to refuse such roles.
var ErrPrivileged = errors.New("engine: role has more than data rights")

// RoleReport describes the rights of the role an engine connects as, for
// the least-privilege checks of the dialect modules' Open functions. The
// rights counted are those the role has and those it can take in one
// step: a role it may SET ROLE to counts as its own.
type RoleReport struct {
	// Role is the role (user) name.
	Role string
	// Superuser is true for PostgreSQL superusers and MySQL/MariaDB
	// accounts with SUPER, ALL PRIVILEGES on *.*, or a privilege split
	// off SUPER (MariaDB's SET USER, BINLOG REPLAY and "... ADMIN"
	// privileges, MySQL's dynamic *_ADMIN, SET_USER_ID, SYSTEM_USER).
	Superuser bool
	// BecomeSuperuser is true when one statement makes the role a
	// superuser: PostgreSQL, SET ROLE to a superuser role it is a member
	// of (with NOINHERIT too); MySQL/MariaDB, SET ROLE to a role with
	// superuser rights, writing the grant tables of the mysql schema, or
	// PROXY.
	BecomeSuperuser bool
	// CreateRole is true when the role may create or alter roles (users)
	// or grant rights to others (GRANT OPTION, ADMIN OPTION).
	CreateRole bool
	// SchemaChange is true when the role may create, alter or drop tables,
	// schemas or other schema objects (events, triggers, routines) where
	// the engine works.
	SchemaChange bool
	// HostAccess is true when the role may read or write files on the
	// database server's host or run programs there: PostgreSQL members of
	// pg_read_server_files, pg_write_server_files or
	// pg_execute_server_program; MySQL/MariaDB FILE.
	HostAccess bool
	// AllData is true when the role may read or change rows beyond the
	// grants on its own tables: PostgreSQL BYPASSRLS, REPLICATION and
	// members of pg_read_all_data or pg_write_all_data; MySQL/MariaDB
	// data privileges on *.* and the privileges that read the binary
	// or relay log (every write to every database).
	AllData bool
	// ServerAdmin is true when the role may act on the server as a
	// whole: PostgreSQL CREATEDB and members of pg_signal_backend or
	// pg_checkpoint; MySQL/MariaDB SHUTDOWN, RELOAD, CREATE TABLESPACE
	// and global privileges the check does not know.
	ServerAdmin bool
	// Monitor is true when the role may watch the whole server: other
	// sessions' statements, settings and statistics (PostgreSQL members
	// of pg_monitor, pg_read_all_settings, pg_read_all_stats or
	// pg_stat_scan_tables; MySQL/MariaDB PROCESS, SHOW DATABASES,
	// REPLICATION CLIENT). It is reported but not counted by Elevated:
	// it changes nothing and reads no table's rows.
	Monitor bool
	// Rights names each right behind the flags above, for an operator to
	// act on: "member of pg_write_server_files", "FILE ON *.*".
	Rights []string
	// Grants are the account's GRANT statements (MySQL/MariaDB).
	Grants []string
}

// Elevated reports whether the role has, or can take in one step, more
// than data-manipulation rights: any flag but Monitor.
func (r RoleReport) Elevated() bool {
	return r.Superuser || r.BecomeSuperuser || r.CreateRole || r.SchemaChange || r.HostAccess ||
		r.AllData || r.ServerAdmin
}

// AddRight records a right behind one of the flags, once.
func (r *RoleReport) AddRight(right string) {
	if !slices.Contains(r.Rights, right) {
		r.Rights = append(r.Rights, right)
	}
}

// String summarizes the report: the flags ("data only" when none is
// elevated), then the rights behind them.
func (r RoleReport) String() string {
	var flags []string
	for _, f := range []struct {
		set  bool
		name string
	}{
		{r.Superuser, "superuser"},
		{r.BecomeSuperuser, "can become superuser"},
		{r.CreateRole, "create role"},
		{r.SchemaChange, "schema change"},
		{r.HostAccess, "server host access"},
		{r.AllData, "all data"},
		{r.ServerAdmin, "server admin"},
	} {
		if f.set {
			flags = append(flags, f.name)
		}
	}
	if len(flags) == 0 {
		flags = append(flags, "data only")
	}
	if r.Monitor {
		flags = append(flags, "server monitoring")
	}
	s := "role " + r.Role + ": " + strings.Join(flags, ", ")
	if len(r.Rights) > 0 {
		s += " (" + strings.Join(r.Rights, "; ") + ")"
	}
	return s
}

// RoleCheck is a least-privilege check run by a dialect module's Open: it
// receives the connecting role's rights and returns an error to refuse it.
type RoleCheck func(ctx context.Context, r RoleReport) error

// WithRoleCheck makes Open read the connecting role's rights (PostgreSQL:
// pg_roles, role memberships and the CREATE privileges on the database
// and schema; MySQL and MariaDB: SHOW GRANTS, for the account and each
// role it may SET ROLE to) and pass them to check, which may report them
// or refuse the role by returning an error. Open fails with ErrNoRoles on
// a database without roles (SQLite).
func WithRoleCheck(check RoleCheck) OpenOption {
	return openOptionFunc(func(c *OpenConfig) { c.roleCheck = check })
}

// RefuseElevatedRole makes Open fail with an error matching ErrPrivileged
// when the role is elevated (see RoleReport.Elevated): a superuser or a
// role one step from it, a role that may create roles or change the
// schema, reach the server's host, read or change rows beyond its grants,
// or act on the server as a whole. A role that may only monitor the
// server passes.
func RefuseElevatedRole() OpenOption {
	return WithRoleCheck(func(_ context.Context, r RoleReport) error { return RefuseElevated(r) })
}

// RefuseElevated is a RoleCheck that refuses elevated roles with an error
// matching ErrPrivileged.
func RefuseElevated(r RoleReport) error {
	if r.Elevated() {
		return &privilegedError{r.String()}
	}
	return nil
}

// privilegedError keeps the report's summary only: its Grants may show
// the account's password hash.
type privilegedError struct{ summary string }

func (e *privilegedError) Error() string { return ErrPrivileged.Error() + " (" + e.summary + ")" }
func (e *privilegedError) Unwrap() error { return ErrPrivileged }

package engine

import (
	"context"
	"errors"
	"strings"
)

// ErrPrivileged: the role an engine connects as has superuser or
// schema-changing rights and the caller asked to refuse such roles.
var ErrPrivileged = errors.New("engine: role has superuser or schema-changing rights")

// RoleReport describes the rights of the role an engine connects as, for
// the least-privilege checks of the dialect modules' Open functions.
type RoleReport struct {
	// Role is the role (user) name.
	Role string
	// Superuser is true for PostgreSQL superusers and MySQL/MariaDB
	// accounts with SUPER or ALL PRIVILEGES on *.*.
	Superuser bool
	// CreateRole is true when the role may create or alter roles (users).
	CreateRole bool
	// SchemaChange is true when the role may create, alter or drop tables
	// or schemas (DDL) where the engine works.
	SchemaChange bool
	// Grants are the account's GRANT statements (MySQL/MariaDB).
	Grants []string
}

// Elevated reports whether the role has more than data-manipulation
// rights: superuser, role creation or schema changes.
func (r RoleReport) Elevated() bool { return r.Superuser || r.CreateRole || r.SchemaChange }

// String summarizes the report.
func (r RoleReport) String() string {
	var rights []string
	if r.Superuser {
		rights = append(rights, "superuser")
	}
	if r.CreateRole {
		rights = append(rights, "create role")
	}
	if r.SchemaChange {
		rights = append(rights, "schema change")
	}
	if len(rights) == 0 {
		rights = append(rights, "data only")
	}
	return "role " + r.Role + ": " + strings.Join(rights, ", ")
}

// RoleCheck is a least-privilege check run by a dialect module's Open: it
// receives the connecting role's rights and returns an error to refuse it.
type RoleCheck func(ctx context.Context, r RoleReport) error

// WithRoleCheck makes Open read the connecting role's rights (PostgreSQL:
// pg_roles and the CREATE privileges on the database and schema; MySQL
// and MariaDB: SHOW GRANTS) and pass them to check, which may report them
// or refuse the role by returning an error. Open fails with ErrNoRoles on
// a database without roles (SQLite).
func WithRoleCheck(check RoleCheck) OpenOption {
	return openOptionFunc(func(c *OpenConfig) { c.roleCheck = check })
}

// RefuseElevatedRole makes Open fail with an error matching ErrPrivileged
// when the role is elevated (see RoleReport.Elevated): a superuser, a role
// that may create roles, or one that may change the schema.
func RefuseElevatedRole() OpenOption {
	return WithRoleCheck(func(_ context.Context, r RoleReport) error { return RefuseElevated(r) })
}

// RefuseElevated is a RoleCheck that refuses elevated roles with an error
// matching ErrPrivileged.
func RefuseElevated(r RoleReport) error {
	if r.Elevated() {
		return &privilegedError{r}
	}
	return nil
}

type privilegedError struct{ r RoleReport }

func (e *privilegedError) Error() string { return ErrPrivileged.Error() + " (" + e.r.String() + ")" }
func (e *privilegedError) Unwrap() error { return ErrPrivileged }

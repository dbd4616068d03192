package mysqldialect

import (
	"context"
	"strings"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Role reads the rights of the account e connects as: SHOW GRANTS for the
// account (with its active default role), then for each role granted to
// it, which it may SET ROLE to at any time. Open runs it for
// engine.WithRoleCheck.
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
	var roles []string
	for _, line := range r.Grants {
		classifyGrant(&r, line, "")
		if g, ok := parseGrant(line); ok && g.scope == "" && sameAccount(g.grantee, user) {
			roles = append(roles, g.roles...)
		}
	}
	if len(roles) == 0 {
		return r, nil
	}
	d, _ := e.Dialect().(Dialect)
	if d.IsMariaDB() {
		err = mariaDBRoleGrants(ctx, e, d, roles, &r)
	} else {
		err = mySQLRoleGrants(ctx, e, d, roles, &r)
	}
	return r, err
}

// sameAccount compares a grantee of SHOW GRANTS with CURRENT_USER().
func sameAccount(grantee, user string) bool {
	if !strings.Contains(grantee, "@") {
		grantee += "@%"
	}
	return grantee == user
}

// mariaDBRoleGrants reads each role's grants (with the roles granted to
// it) by enabling it: MariaDB shows the grants of the current role only.
// It runs on one connection and enables the role that was current
// before when it is done; if that fails, Role fails (and Open with it,
// closing the connections).
func mariaDBRoleGrants(ctx context.Context, e *engine.Engine, d Dialect, roles []string, r *engine.RoleReport) (err error) {
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	current, err := engine.Scalar[string](ctx, tx, expr.Text("SELECT COALESCE(CURRENT_ROLE(), '')"))
	if err != nil {
		return err
	}
	defer func() {
		if rerr := setRole(ctx, tx, d, current); err == nil {
			err = rerr
		}
	}()
	for _, role := range roles {
		if err := setRole(ctx, tx, d, role); err != nil {
			return err
		}
		lines, err := engine.All(ctx, tx, expr.Text("SHOW GRANTS"), engine.ScanValue[string])
		if err != nil {
			return err
		}
		for _, line := range lines {
			classifyGrant(r, line, role)
		}
	}
	return nil
}

// setRole runs SET ROLE name, or SET ROLE NONE for "".
func setRole(ctx context.Context, tx *engine.Tx, d Dialect, name string) error {
	stmt := expr.Text("SET ROLE NONE")
	if name != "" {
		q, err := d.AppendIdent([]byte("SET ROLE "), name)
		if err != nil {
			return err
		}
		stmt = expr.UnsafeRawSQL(string(q)) // sqlforgevet:reviewed: a role name from SHOW GRANTS, quoted by the dialect
	}
	_, err := tx.Exec(ctx, stmt)
	return err
}

// mySQLRoleGrants reads each role's grants with SHOW GRANTS ... USING,
// MySQL's way to show a granted role's privileges without enabling it.
func mySQLRoleGrants(ctx context.Context, e *engine.Engine, d Dialect, roles []string, r *engine.RoleReport) error {
	for _, role := range roles {
		q := []byte("SHOW GRANTS FOR CURRENT_USER() USING ")
		name, host, _ := strings.Cut(role, "@")
		var err error
		if q, err = d.AppendIdent(q, name); err != nil {
			return err
		}
		if host != "" {
			if q, err = d.AppendIdent(append(q, '@'), host); err != nil {
				return err
			}
		}
		lines, err := engine.All(ctx, e, expr.UnsafeRawSQL(string(q)), engine.ScanValue[string]) // sqlforgevet:reviewed: a role name from SHOW GRANTS, quoted by the dialect
		if err != nil {
			return err
		}
		for _, line := range lines {
			classifyGrant(r, line, role)
		}
	}
	return nil
}

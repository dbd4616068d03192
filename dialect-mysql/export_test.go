package mysqldialect

import (
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/engine"
)

// ApplyTLSPolicyForTest applies Open's policy to dsn with the options
// given, without connecting, and returns the resulting configuration.
func ApplyTLSPolicyForTest(dsn string, opts ...engine.OpenOption) (*mysql.Config, error) {
	d := &openDriver{}
	err := engine.CheckOpen(dsn, d, opts...)
	return d.cfg, err
}

// ClassifyGrantForTest exposes the SHOW GRANTS reader.
var ClassifyGrantForTest = classifyGrant

// KnownPrivilegeForTest reports whether the role check lists privilege p.
func KnownPrivilegeForTest(p string) bool {
	_, ok := privileges[p]
	return ok
}

// TypeOfForTest exposes the information_schema type mapping.
var TypeOfForTest = typeOf

// DSNHasParamForTest exposes the DSN parameter lookup.
var DSNHasParamForTest = dsnHasParam

// DSNPasswordForTest exposes the password lookup of DSNs that may not parse.
var DSNPasswordForTest = dsnPassword

// GrantRolesForTest returns the roles a role grant gives, comma-separated,
// and its grantee.
func GrantRolesForTest(line string) (roles, grantee string) {
	g, _ := parseGrant(line)
	return strings.Join(g.roles, ","), g.grantee
}

package pgdialect

import (
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/engine"
)

// Exported for tests of the TLS policy without a server.
var (
	ParseConfigForTest = parseConfig
	DSNPasswords       = dsnPasswords
)

// AddPredefinedForTest exposes the rights of predefined roles.
var AddPredefinedForTest = addPredefined

// KnownPredefinedForTest reports whether the role check lists the
// predefined role name.
func KnownPredefinedForTest(name string) bool {
	_, ok := predefinedRoles[name]
	return ok
}

// CheckTLSForTest applies Open's policy to dsn with the options given,
// without connecting.
func CheckTLSForTest(dsn string, opts ...engine.OpenOption) error {
	return engine.CheckOpen(dsn, &openDriver{}, opts...)
}

// PoolStatForTest returns the statistics of the pgx pool of an engine
// that Open made.
func PoolStatForTest(e *engine.Engine) *pgxpool.Stat { return e.Source().(*poolSource).p.Stat() }

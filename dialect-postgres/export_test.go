package pgdialect

import "github.com/sqlforge/sqlforge/engine"

// Exported for tests of the TLS policy without a server.
var (
	ParseConfigForTest = parseConfig
	DSNPasswords       = dsnPasswords
)

// CheckTLSForTest applies Open's policy to dsn with the options given,
// without connecting.
func CheckTLSForTest(dsn string, opts ...engine.OpenOption) error {
	return engine.CheckOpen(dsn, &openDriver{}, opts...)
}

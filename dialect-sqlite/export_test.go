package sqlitedialect

import "github.com/sqlforge/sqlforge/engine"

// CheckOpenForTest runs the part of Open that needs no file: the options
// and the DSN.
func CheckOpenForTest(dsn string, opts ...engine.OpenOption) error {
	return engine.CheckOpen(dsn, &openDriver{}, opts...)
}

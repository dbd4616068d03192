package sqlitedialect_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// TestHostileDSNSecrets opens DSNs whose _auth_pass (the driver's user
// authentication password) holds the characters DSN syntaxes treat
// specially, written as is and escaped, with a missing directory, bad
// parameters and unknown ones. Each Open fails, and nothing reachable from
// its error, walked through its Unwrap trees and by reflection through
// every field, shows the password or a piece of it.
func TestHostileDSNSecrets(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.db")
	auth := "?_auth&_auth_user=admin&_auth_pass="
	enginetest.HostileDSNSecrets(t, sqlitedialect.Open, map[string]func(pw string) string{
		"missing directory": func(pw string) string { return "file:/nonexistent/dir/x.db" + auth + pw },
		"escaped":           func(pw string) string { return "file:/nonexistent/dir/x.db" + auth + enginetest.PercentEncode(pw) },
		"no file: prefix":   func(pw string) string { return "/nonexistent/dir/x.db" + auth + pw },
		"bad busy timeout":  func(pw string) string { return "file:" + file + auth + pw + "&_busy_timeout=soon" },
		"bad location":      func(pw string) string { return "file:" + file + auth + pw + "&_loc=Nowhere/Zone" },
		"bad journal": func(pw string) string {
			return "file:" + file + auth + enginetest.PercentEncode(pw) + "&_journal=bogus"
		},
		"crypt without salt": func(pw string) string { return "file:" + file + auth + pw + "&_auth_crypt=ssha256" },
		"bad escape":         func(pw string) string { return "file:" + file + auth + pw + "%zz" },
		"semicolon":          func(pw string) string { return "file:" + file + auth + pw + ";x=1" },
	})
	_, err := sqlitedialect.Open(context.Background(), "file:"+file+auth+"Kq7x%zz")
	if !errors.Is(err, engine.ErrInvalidDSN) {
		t.Errorf("parameters that do not parse: %v; want ErrInvalidDSN", err)
	}
}

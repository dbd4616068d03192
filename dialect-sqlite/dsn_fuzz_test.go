package sqlitedialect_test

import (
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// FuzzDSNRedaction parses DSNs whose _auth_pass holds a fuzzed password,
// as written and escaped, among fuzzed parameters: Open's checks before
// opening the file never panic, and no piece of the password is reachable
// from their errors.
func FuzzDSNRedaction(f *testing.F) {
	enginetest.FuzzDSNSecrets(f, func(dsn string) error { return sqlitedialect.CheckOpenForTest(dsn) },
		[]enginetest.DSNForm{
			func(pw, rest string) string {
				return "file:/data/x.db?_auth&_auth_user=admin&_auth_pass=" + pw + "&" + rest
			},
			func(pw, rest string) string {
				return "file:/data/x.db?" + rest + "&_auth_pass=" + enginetest.PercentEncode(pw)
			},
			func(pw, rest string) string { return "/data/x.db?_auth_pass=" + pw + rest },
		},
		[2]string{"p@ss/w:rd", "_busy_timeout=soon"}, [2]string{"%zz", "x=1"}, [2]string{"a;b", "_journal=bogus"},
		[2]string{"&=?#", "%41_auth_pass=y"})
}

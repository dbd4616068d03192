package pgdialect_test

import (
	"strings"
	"testing"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// FuzzDSNRedaction parses URL and keyword/value DSNs with fuzzed
// passwords, as written and escaped, and fuzzed parameters and hosts:
// Open's checks before connecting never panic, and no piece of the
// password is reachable from their errors. testdata/fuzz/FuzzDSNRedaction
// keeps a URL whose unescaped "@" in the password makes the rest of it
// the host that an error names, unless Open refuses such a URL.
func FuzzDSNRedaction(f *testing.F) {
	quote := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	enginetest.FuzzDSNSecrets(f, func(dsn string) error { return pgdialect.CheckTLSForTest(dsn) },
		[]enginetest.DSNForm{
			func(pw, rest string) string { return "postgres://app:" + pw + "@db.example.com:5432/shop?" + rest },
			func(pw, rest string) string {
				return "postgres://app:" + enginetest.PercentEncode(pw) + "@db.example.com/shop?" + rest
			},
			func(pw, rest string) string {
				return "postgres://app:" + enginetest.PercentEncode(pw) + "@" + rest + "/shop"
			},
			func(pw, rest string) string { return "postgres://app@db.example.com/shop?password=" + pw + "&" + rest },
			func(pw, rest string) string { return "host=db.example.com user=app password=" + pw + " " + rest },
			func(pw, rest string) string {
				return "host=db.example.com user=app password='" + quote.Replace(pw) + "' " + rest
			},
		},
		[2]string{"p@ss/w:rd", "sslmode=disable"}, [2]string{"a b'c\\d", "application_name=x"},
		[2]string{"%zz%40", "host=127.0.0.2"}, [2]string{"&=?#,;", ""}, [2]string{"x", "connect_timeout=x"},
		[2]string{"@h2/d", "127.0.0.2,db2.example.com:1"})
}

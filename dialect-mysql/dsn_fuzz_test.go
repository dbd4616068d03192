package mysqldialect_test

import (
	"testing"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// FuzzDSNRedaction parses go-sql-driver DSNs with fuzzed passwords and
// fuzzed parameters, addresses and tails: Open's checks before connecting
// never panic, and no piece of the password is reachable from their
// errors.
func FuzzDSNRedaction(f *testing.F) {
	enginetest.FuzzDSNSecrets(f, func(dsn string) error {
		_, err := mysqldialect.ApplyTLSPolicyForTest(dsn)
		return err
	}, []enginetest.DSNForm{
		func(pw, rest string) string { return "app:" + pw + "@tcp(db.example.com:3306)/shop?" + rest },
		func(pw, rest string) string { return "app:" + pw + "@tcp(" + rest + ")/shop" },
		func(pw, rest string) string { return "app:" + pw + "@" + rest },
		func(pw, rest string) string { return "app:" + pw + "@tcp(127.0.0.2:3306)/shop?tls=false&" + rest },
	},
		[2]string{"p@ss/w:rd", "tls=false"}, [2]string{"a)b(c", "db.example.com:3306"}, [2]string{"%zz", "badparam=%zz"},
		[2]string{"&=?#,;", "allowAllFiles=true"}, [2]string{"x/y", "unix(/tmp/s)/db?timeout=x"},
		[2]string{"@tcp(", "tcp(127.0.0.2:1)/x?allowCleartextPasswords=1"})
}

package mysqldialect_test

import (
	"testing"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// TestHostileDSNSecrets opens DSNs whose passwords hold the characters
// DSN syntaxes treat specially, written as is and escaped, to a closed
// port, a remote host (refused by the TLS policy), the real server (which
// refuses the password), with a bad port, no slash, no closing
// parenthesis, bad parameters and unknown ones, and from a password
// source. Each Open fails, and nothing reachable from its error, walked
// through its Unwrap trees and by reflection through every field, shows
// the password or a piece of it.
func TestHostileDSNSecrets(t *testing.T) {
	myAdmin(t) // the server must be there for the cases that reach it
	enginetest.HostileDSNSecrets(t, mysqldialect.Open, map[string]func(pw string) string{
		"closed port":            func(pw string) string { return "app:" + pw + "@tcp(127.0.0.1:1)/db" },
		"escaped":                func(pw string) string { return "app:" + enginetest.PercentEncode(pw) + "@tcp(127.0.0.1:1)/db" },
		"remote":                 func(pw string) string { return "app:" + pw + "@tcp(127.0.0.2:3306)/db?tls=false" },
		"remote allowAllFiles":   func(pw string) string { return "app:" + pw + "@tcp(127.0.0.2:3306)/db?allowAllFiles=true" },
		"wrong password":         func(pw string) string { return "root:" + pw + "@tcp(127.0.0.1:3306)/test" },
		"default address":        func(pw string) string { return "sqlforge_nobody:" + pw + "@/test" },
		"unknown parameter":      func(pw string) string { return "root:" + pw + "@tcp(127.0.0.1:3306)/test?sqlforge_no_such_var=1" },
		"bad port":               func(pw string) string { return "app:" + pw + "@tcp(127.0.0.1:x)/db" },
		"no slash":               func(pw string) string { return "app:" + pw + "@tcp(127.0.0.1:1)" },
		"no closing parenthesis": func(pw string) string { return "app:" + pw + "@tcp(127.0.0.1:1/db" },
		"bad bool":               func(pw string) string { return "app:" + pw + "@tcp(127.0.0.1:1)/db?parseTime=maybe" },
		"unknown TLS config":     func(pw string) string { return "app:" + pw + "@tcp(127.0.0.1:1)/db?tls=sqlforge_none" },
		"bad timeout":            func(pw string) string { return "app:" + pw + "@tcp(127.0.0.1:1)/db?timeout=soon" },
		"missing socket":         func(pw string) string { return "app:" + pw + "@unix(/nonexistent/mysqld.sock)/db" },
	}, "app@tcp(127.0.0.1:1)/db", "root@tcp(127.0.0.1:3306)/test")
}

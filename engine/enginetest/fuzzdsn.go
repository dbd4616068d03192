package enginetest

import (
	"strings"
	"testing"
)

// The fuzzed passwords are framed by markers, so that a piece of one
// found in an error cannot be text of the DSN's own.
const (
	pwHead = "Zq7k"
	pwTail = "Xw4m"
)

// DSNForm writes a DSN holding the password pw, with rest, fuzzed text,
// where the form puts it (parameters, a host...).
type DSNForm func(pw, rest string) string

// FuzzDSNSecrets fuzzes the parsing of DSNs that hold a password: check
// runs the part of a dialect's Open that needs no server (engine.CheckOpen:
// the DSN, the options and the TLS policy) on a DSN each form writes with
// a fuzzed password and fuzzed text around it. It must not panic, and no
// piece of the password may be reachable from its error
// (NoSecretReachable): the whole password, and its first and last pieces
// between the characters a DSN parser splits at. seeds are (password,
// rest) pairs; each runs with every form.
func FuzzDSNSecrets(f *testing.F, check func(dsn string) error, forms []DSNForm, seeds ...[2]string) {
	for _, s := range seeds {
		for i := range forms {
			f.Add(s[0], s[1], uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, pw, rest string, form uint8) {
		if strings.Contains(rest, pwHead) || strings.Contains(rest, pwTail) {
			return // the markers must come from the password only
		}
		pw = pwHead + pw + pwTail
		dsn := forms[int(form)%len(forms)](pw, rest)
		if err := check(dsn); err != nil {
			NoSecretReachable(t, "CheckOpen", err, passwordPieces(pw)...)
		}
	})
}

// passwordPieces returns pw and its first and last runs of letters and
// digits, each holding a marker.
func passwordPieces(pw string) []string {
	plain := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' }
	first, last := 0, len(pw)
	for first < len(pw) && plain(pw[first]) {
		first++
	}
	for last > 0 && plain(pw[last-1]) {
		last--
	}
	return []string{pw, pw[:first], pw[last:]}
}

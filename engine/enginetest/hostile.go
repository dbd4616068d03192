package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
)

// HostilePassword is a password with characters that DSN parsers treat
// specially, and the pieces of it that must not show in an error.
type HostilePassword struct {
	Password string
	Pieces   []string
}

// hostileTokens are the distinctive pieces the hostile passwords are made
// of: a parser that splits a password at its special characters prints
// them on their own.
var hostileTokens = []string{"Kq7x", "Zv2w", "Jh5p"}

// HostilePasswords returns passwords made of hostileTokens joined by the
// characters DSN syntaxes treat specially: / @ : % ? # & = , ; spaces,
// quotes and backslashes, and percent escapes.
func HostilePasswords() []HostilePassword {
	var pws []HostilePassword
	for _, seps := range [][2]string{
		{"/", "/"}, {"@", "@"}, {"@", "/"}, {"/", "@"}, {":", ":"}, {"%", "%"}, {"%40", "%2F"},
		{"?", "#"}, {" ", " "}, {"'", `"`}, {`\`, "="}, {"&", "="}, {",", ";"}, {"=", " "},
	} {
		pw := hostileTokens[0] + seps[0] + hostileTokens[1] + seps[1] + hostileTokens[2]
		pws = append(pws, HostilePassword{Password: pw, Pieces: append([]string{pw}, hostileTokens...)})
	}
	return pws
}

// PercentEncode writes every byte of s but ASCII letters and digits as a
// percent escape, as a URL's user information or query value may be.
func PercentEncode(s string) string {
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// OpenDSNFunc is a dialect module's Open.
type OpenDSNFunc func(ctx context.Context, dsn string, opts ...engine.OpenOption) (*engine.Engine, error)

// HostileDSNSecrets opens every form of DSN (by name, the DSN with a
// password written in it) with every hostile password, and each of
// sourceDSNs with every hostile password from a password source. It
// expects each Open to fail, and checks that no piece of the password is
// reachable from its error (NoSecretReachable).
func HostileDSNSecrets(t *testing.T, open OpenDSNFunc, forms map[string]func(pw string) string, sourceDSNs ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	try := func(name, dsn string, hp HostilePassword, opts ...engine.OpenOption) {
		t.Helper()
		name += " with " + hp.Password
		e, err := open(ctx, dsn, opts...)
		if err == nil {
			t.Errorf("%s: Open succeeded", name)
			e.Close()
			return
		}
		NoSecretReachable(t, name, err, hp.Pieces...)
	}
	for _, hp := range HostilePasswords() {
		for name, dsn := range forms {
			try(name, dsn(hp.Password), hp)
		}
		source := engine.WithPasswordFunc(func(context.Context) (string, error) { return hp.Password, nil })
		for _, dsn := range sourceDSNs {
			try("password source to "+dsn, dsn, hp, source)
		}
	}
}

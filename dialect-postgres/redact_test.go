package pgdialect_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// quoteValue quotes s for a keyword/value DSN.
func quoteValue(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// TestHostileDSNSecrets opens DSNs whose passwords hold the characters
// DSN syntaxes treat specially, in every form of DSN, written as is and
// escaped, to a closed port, a remote host (refused by the TLS policy),
// with a bad port, no host, unknown parameters (the real server refuses
// them), from a password source and from PGPASSWORD. Each Open fails,
// and nothing reachable from its error, walked through its Unwrap trees
// and by reflection through every field, shows the password or a piece
// of it.
func TestHostileDSNSecrets(t *testing.T) {
	pgAdmin(t) // the server must be there for the cases that reach it
	enginetest.HostileDSNSecrets(t, pgdialect.Open, map[string]func(pw string) string{
		"URL": func(pw string) string { return "postgres://app:" + pw + "@127.0.0.1:1/db?sslmode=disable" },
		"URL escaped": func(pw string) string {
			return "postgres://app:" + enginetest.PercentEncode(pw) + "@127.0.0.1:1/db?sslmode=disable"
		},
		"URL remote": func(pw string) string { return "postgres://app:" + pw + "@127.0.0.2:5432/db?sslmode=disable" },
		"URL escaped remote": func(pw string) string {
			return "postgres://app:" + enginetest.PercentEncode(pw) + "@127.0.0.2:5432/db?sslmode=disable"
		},
		"URL bad port":    func(pw string) string { return "postgres://app:" + pw + "@127.0.0.1:notaport/db" },
		"URL no host":     func(pw string) string { return "postgresql://app:" + pw + "@:1/db?sslmode=disable" },
		"URL bad sslmode": func(pw string) string { return "postgres://app:" + pw + "@127.0.0.1:1/db?sslmode=bogus" },
		"URL unknown parameter": func(pw string) string {
			return "postgres://postgres:" + enginetest.PercentEncode(pw) + "@127.0.0.1:5432/test?sslmode=disable&sqlforge_no_such_param=1"
		},
		"URL password parameter": func(pw string) string {
			return "postgres://app@127.0.0.1:1/db?sslmode=disable&password=" + enginetest.PercentEncode(pw)
		},
		"keyword/value": func(pw string) string {
			return "host=127.0.0.1 port=1 user=app password=" + quoteValue(pw) + " sslmode=disable"
		},
		"keyword/value spaces": func(pw string) string {
			return "host=127.0.0.1 port=1 user=app password = " + quoteValue(pw) + " sslmode=disable"
		},
		"keyword/value unquoted": func(pw string) string {
			return "host=127.0.0.1 port=1 user=app password=" + pw + " sslmode=disable"
		},
		"keyword/value unquoted spaces": func(pw string) string {
			return "host=127.0.0.1 port=1 user=app password = " + pw + " sslmode=disable"
		},
		"keyword/value bad port": func(pw string) string {
			return "host=127.0.0.1 port=x password = " + quoteValue(pw) + " connect_timeout=y"
		},
		"keyword/value remote": func(pw string) string {
			return "password = " + quoteValue(pw) + " host=127.0.0.2 sslmode=disable"
		},
		"keyword/value unknown parameter": func(pw string) string {
			return "host=127.0.0.1 port=5432 user=postgres dbname=test password = " + quoteValue(pw) + " sslmode=disable sqlforge_no_such_param=1"
		},
		"keyword/value sslpassword": func(pw string) string {
			return "host=127.0.0.1 port=1 sslmode=require sslkey=/nonexistent/key sslcert=/nonexistent/cert sslpassword=" + quoteValue(pw)
		},
	}, "postgres://app@127.0.0.1:1/db?sslmode=disable")
	// PGPASSWORD, which pgx reads.
	for _, hp := range enginetest.HostilePasswords() {
		t.Setenv("PGPASSWORD", hp.Password)
		_, err := pgdialect.Open(context.Background(), "postgres://app@127.0.0.1:1/db?sslmode=disable")
		enginetest.NoSecretReachable(t, "PGPASSWORD with "+hp.Password, err, hp.Pieces...)
	}
}

// TestAmbiguousURL checks that a URL whose password pgx would split at an
// unescaped '@' or '/' is refused with ErrInvalidDSN, while its escaped
// form and an '@' in the query are accepted.
func TestAmbiguousURL(t *testing.T) {
	for dsn, refused := range map[string]bool{
		"postgres://u:p@ss@db.example/x":                    true,
		"postgres://u:p/ss@db.example/x":                    true,
		"postgres://u:p@ss/word@db.example/x":               true,
		"postgresql://u:p%40ss%2Fword@db.example/x":         false,
		"postgres://u:pw@db.example/x?application_name=a@b": false,
		"postgres://u@db.example/x":                         false,
		"host=db.example password=p@ss/word":                false,
	} {
		err := pgdialect.CheckTLSForTest(dsn)
		if got := errors.Is(err, engine.ErrInvalidDSN); got != refused {
			t.Errorf("%s: %v; want refused=%v", dsn, err, refused)
		}
	}
}

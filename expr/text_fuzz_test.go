package expr_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// FuzzTextLexing lexes arbitrary SQL as a Text and checks what the
// compiler relies on: parameter names are ASCII names, the runs and
// parameters put back together are the text (without "\:" escapes), the
// placeholder characters reported are in the text, and an error is a
// *TextError pointing into it. The seeds run with every go test.
func FuzzTextLexing(f *testing.F) {
	for _, seed := range []string{
		`SELECT :a::int, ':b', "c:d", /* :e */ $$ :f $$ -- :g`,
		"SELECT 1 -- a note\r\n, :a", "SELECT 5--1", `SELECT 'a\'`, `SELECT \:a, x:y, :_1`,
		`SELECT ? WHERE x = $1 AND y # z`, `SELECT $q$ :x $q$, $1x`, `/*! 1 */ /*M! 2 */`,
		`SELECT /* /* */ */`, "SELECT :é", `SELECT $`, `SELECT :a:b`, "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		tc := expr.UnsafeRawSQL(sql) // sqlforgevet:reviewed: fuzz input, lexed and never run
		var whole strings.Builder
		for i := range tc.NumParts() {
			run, name := tc.Part(i)
			whole.WriteString(run)
			if name == "" {
				if i != tc.NumParts()-1 {
					t.Fatalf("%q: run %d of %d has no parameter after it", sql, i, tc.NumParts())
				}
				continue
			}
			if !isParamName(name) {
				t.Fatalf("%q: parameter name %q", sql, name)
			}
			whole.WriteString(":" + name)
			if err := tc.Bind(name, 1).Err(); err != nil && tc.Err() == nil {
				t.Fatalf("%q: Bind(%q) of a parameter of the text: %v", sql, name, err)
			}
		}
		if !strings.Contains(sql, `\:`) && whole.String() != sql {
			t.Fatalf("%q: runs and parameters make %q", sql, whole.String())
		}
		for _, c := range []byte("?$#") {
			if tc.UsesMarker(c) && strings.IndexByte(sql, c) < 0 {
				t.Fatalf("%q: reports %q, which it does not contain", sql, c)
			}
		}
		if !strings.ContainsAny(sql, "'\"`-/$") {
			// Nothing quoted or commented: every '?' and '#' is a marker.
			if tc.UsesMarker('?') != strings.Contains(sql, "?") || tc.UsesMarker('#') != strings.Contains(sql, "#") {
				t.Fatalf("%q: markers ? %v, # %v", sql, tc.UsesMarker('?'), tc.UsesMarker('#'))
			}
		}
		if tc.EndsInComment() && !strings.Contains(sql, "--") {
			t.Fatalf("%q: ends in a comment without --", sql)
		}
		if err := tc.Err(); err != nil {
			var te *expr.TextError
			if !errors.As(err, &te) || !errors.Is(err, expr.ErrText) || te.Offset < 0 || te.Offset > len(sql) {
				t.Fatalf("%q: error %#v; want a *TextError inside the text", sql, err)
			}
		}
		if err := tc.Bind("not_a_parameter_of_it", 1).Err(); err == nil {
			t.Fatalf("%q: Bind of a name the text does not use was accepted", sql)
		}
	})
}

func isParamName(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

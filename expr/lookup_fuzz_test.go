package expr_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sqlforge/sqlforge/expr"
)

// FuzzLookup looks arbitrary names up in a table and in an allow-list:
// a name is a column only if it is exactly one of the names allowed, and
// the error for any other quotes it printably, so that user input cannot
// forge lines or hide text where the error is shown or logged. The
// inputs that found characters left unquoted (U+0085, U+2029, U+202E)
// are kept in testdata/fuzz/FuzzLookup.
func FuzzLookup(f *testing.F) {
	for _, seed := range []string{
		"id", "name", "assignee", "Name", "id ", "name\x00", `"; DROP TABLE users; --`, "users.id",
		"line\nbreak", "\xff\xfe", strings.Repeat("é", 40),
	} {
		f.Add(seed)
	}
	m := expr.NewMetaData()
	users := m.MustTable("users", expr.Col("id", expr.Integer), expr.Col("name", expr.String), expr.Col("created_at", expr.Integer))
	orders := m.MustTable("orders", expr.Col("id", expr.Integer))
	set := expr.Allow(users.C("id"), orders.C("id"), expr.AllowAs("assignee", users.C("name")), expr.AllowAs("since", users.C("created_at")))
	columns := map[string]*expr.Column{"id": users.C("id"), "name": users.C("name"), "created_at": users.C("created_at")}
	allowed := map[string]*expr.Column{"assignee": users.C("name"), "since": users.C("created_at")}
	f.Fuzz(func(t *testing.T, name string) {
		c, err := users.Lookup(name)
		if want, ok := columns[name]; ok {
			if err != nil || c != want || c.Name != name {
				t.Fatalf("users.Lookup(%q) = %v, %v; want the column", name, c, err)
			}
		} else {
			checkUnknown(t, "users.Lookup", name, c, err)
		}
		c, err = set.Lookup(name)
		if want, ok := allowed[name]; ok {
			if err != nil || c != want {
				t.Fatalf("set.Lookup(%q) = %v, %v; want %v", name, c, err, want)
			}
			return
		}
		checkUnknown(t, "set.Lookup", name, c, err)
		var uc *expr.UnknownColumnError
		if errors.As(err, &uc) && (uc.Ambiguous != (name == "id") || len(uc.Allowed) != len(allowed)) {
			t.Fatalf("set.Lookup(%q): %#v; want ambiguous only for id, and the allowed names", name, uc)
		}
	})
}

// checkUnknown checks the result of a lookup of a name that is not
// allowed.
func checkUnknown(t *testing.T, what, name string, c *expr.Column, err error) {
	t.Helper()
	var uc *expr.UnknownColumnError
	if c != nil || !errors.As(err, &uc) || !errors.Is(err, expr.ErrUnknownColumn) || uc.Name != name {
		t.Fatalf("%s(%q) = %v, %v; want an *UnknownColumnError for it", what, name, c, err)
	}
	msg := err.Error()
	if !utf8.ValidString(msg) {
		t.Fatalf("%s(%q): the error is not UTF-8: %q", what, name, msg)
	}
	for _, r := range msg {
		if !unicode.IsPrint(r) {
			t.Fatalf("%s(%q): the error shows %U unquoted: %q", what, name, r, msg)
		}
	}
}

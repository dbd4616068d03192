package compile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestDoUpdateReadsEarlierSet checks that MySQL refuses ON CONFLICT DO
// UPDATE when an assignment's value reads a column of the table that an
// earlier assignment sets: ON DUPLICATE KEY UPDATE evaluates left to
// right and would read the new value, where DO UPDATE SET reads the
// existing row. Excluded reads the proposed row, and a column set later
// is still the existing one.
func TestDoUpdateReadsEarlierSet(t *testing.T) {
	a := upsertAccounts
	note, login := a.C("note"), a.C("login")
	upsert := func(sets ...expr.Assignment) *expr.InsertStmt {
		return expr.Insert(a).Columns(a.C("id"), note, login).Values(1, "n", "l").OnConflict(a.C("id")).DoUpdate(sets...)
	}
	maxNote := expr.Select(expr.Func("max", note)).Where(a.C("org").Eq(1))
	cases := []struct {
		name    string
		st      *expr.InsertStmt
		refused bool
	}{
		{"reads the column set before", upsert(expr.Assign(note, expr.Excluded(note)), expr.Assign(login, note)), true},
		{"reads it inside a call", upsert(expr.Assign(note, "x"), expr.Assign(login, expr.Func("upper", note))), true},
		{"reads it in a CASE", upsert(expr.Assign(note, "x"), expr.Assign(a.C("seat"), 1),
			expr.Assign(login, expr.Case().When(note.IsNull(), "none").Else(login))), true},
		{"reads it in a subquery", upsert(expr.Assign(note, "x"), expr.Assign(login, maxNote)), true},
		{"sets and reads one column twice", upsert(expr.Assign(a.C("seat"), a.C("seat").Add(1)), expr.Assign(a.C("seat"), a.C("seat").Add(1))), true},

		{"Excluded of the column set before", upsert(expr.Assign(note, expr.Excluded(note)), expr.Assign(login, expr.Excluded(note))), false},
		{"reads a column set after", upsert(expr.Assign(login, note), expr.Assign(note, expr.Excluded(note))), false},
		{"reads its own column", upsert(expr.Assign(note, expr.Excluded(note)), expr.Assign(a.C("seat"), a.C("seat").Add(1))), false},
		{"reads a column no assignment sets", upsert(expr.Assign(note, "x"), expr.Assign(login, a.C("email"))), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Cached and uncached: the check runs when rendering, and a
			// refused statement must never be served from the cache.
			cached := compile.New(upsertMySQL)
			allowed := upsert(expr.Assign(note, expr.Excluded(note)), expr.Assign(login, expr.Excluded(login)))
			if _, _, err := cached.Compile(allowed, nil); err != nil {
				t.Fatal(err)
			}
			for _, c := range []*compile.Compiler{cached, compile.New(upsertMySQL, compile.CacheSize(0))} {
				for range 2 {
					q, _, err := c.Compile(tc.st, nil)
					var ue *compile.UnsupportedError
					switch {
					case tc.refused && (!errors.As(err, &ue) || !strings.Contains(ue.Feature, "earlier assignment") || q != ""):
						t.Fatalf("got %q, %v; want an *UnsupportedError about an earlier assignment", q, err)
					case !tc.refused && err != nil:
						t.Fatalf("got %v; want the statement compiled", err)
					}
				}
			}
			if _, err := compile.New(upsertMySQL).Prepare(tc.st); tc.refused != (err != nil) {
				t.Fatalf("Prepare: %v; refused: %v", err, tc.refused)
			}
			// Where DO UPDATE SET reads the existing row, and in MySQL's
			// own OnDuplicateKeyUpdate, whose user expects MySQL's order.
			if _, _, err := compile.New(upsertSQLite).Compile(tc.st, nil); err != nil {
				t.Fatalf("ON CONFLICT dialect: %v", err)
			}
			odku := expr.Insert(a).Columns(a.C("id"), note, login).Values(1, "n", "l").OnDuplicateKeyUpdate(tc.st.Clauses().ConflictSets...)
			if _, _, err := compile.New(upsertMySQL).Compile(odku, nil); err != nil {
				t.Fatalf("OnDuplicateKeyUpdate: %v", err)
			}
		})
	}
}

package expr_test

import (
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// TestValuesColumns: a list's columns are its own, named and typed after
// the columns given, which stay as they were.
func TestValuesColumns(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.BigInt, expr.PK), expr.Col("name", expr.Varchar(20)))
	score := expr.Col("score", expr.Integer, expr.NotNull)
	v := expr.Values("v", users.C("id"), users.C("name"), score).Row(1, "a", 2)
	if !v.IsValues() || users.IsValues() || v.Name != "v" || len(v.Columns) != 3 {
		t.Fatalf("list %q, IsValues %v, %d columns", v.Name, v.IsValues(), len(v.Columns))
	}
	for i, want := range []*expr.Column{users.C("id"), users.C("name"), score} {
		c := v.Columns[i]
		if c == want || c.Table != v.Table || v.C(want.Name) != c || c.Name != want.Name || c.Type.String() != want.Type.String() || !c.Nullable {
			t.Errorf("column %d: %+v; want a nullable copy of %s", i, c, want.Name)
		}
	}
	if users.C("id").Table != users || score.Table != nil || score.Nullable {
		t.Error("Values changed the columns it was given")
	}
	if c := v.Clauses(); c.Invalid != "" || c.NumRows != 1 || c.RowWidth != 3 || !slices.Equal(c.Row(0), []any{1, "a", 2}) {
		t.Errorf("clauses %+v", c)
	}
}

// TestValuesInvalid: a malformed list says why, for the compiler to refuse it.
func TestValuesInvalid(t *testing.T) {
	id := expr.Col("id", expr.BigInt)
	cases := map[string]*expr.ValuesList{
		`a VALUES list with an empty name`:                                                         expr.Values("", id).Row(1),
		`VALUES list "v" has no columns`:                                                           expr.Values("v"),
		`VALUES list "v" has a nil column`:                                                         expr.Values("v", id, nil).Row(1),
		`VALUES list "v" has a column with an empty name`:                                          expr.Values("v", expr.Col("", expr.BigInt)),
		`VALUES list "v" has two columns named "id"`:                                               expr.Values("v", id, id),
		`VALUES list "v": row 2 has 2 values for 1 columns`:                                        expr.Values("v", id).Row(1).Row(2, 3).Row(4),
		`VALUES list "v": row 1 holds an expression; VALUES rows hold values, bound as parameters`: expr.Values("v", id).Row(expr.Null),
	}
	for want, v := range cases {
		if got := v.Clauses().Invalid; got != want {
			t.Errorf("Invalid = %q; want %q", got, want)
		}
	}
	// The row of the wrong width is left out; the others are kept.
	if c := cases[`VALUES list "v": row 2 has 2 values for 1 columns`].Clauses(); c.NumRows != 2 || c.Row(1)[0] != 4 {
		t.Errorf("rows %v", c.Values)
	}
}

// TestValuesCopiesIndependent adds rows to a list and to copies of it,
// made by assignment and by Clone: none sees the others' rows.
func TestValuesCopiesIndependent(t *testing.T) {
	id := expr.Col("id", expr.BigInt)
	for _, grow := range []int{0, 10} {
		a := expr.Values("v", id).Grow(grow).Row(1).Row(2)
		b := *a
		c := a.Clone()
		b.Row(3)
		c.Row(4).Row(5)
		a.Row(6)
		b.Rows([]any{7}, []any{8})
		want := map[*expr.ValuesList][]any{a: {1, 2, 6}, &b: {1, 2, 3, 7, 8}, c: {1, 2, 4, 5}}
		for v, rows := range want {
			if got := v.Clauses().Values; !slices.Equal(got, rows) {
				t.Errorf("grow %d: rows %v; want %v", grow, got, rows)
			}
		}
		if b.C("id") != a.C("id") {
			t.Error("a copy has columns of its own")
		}
	}
}

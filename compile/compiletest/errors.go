package compiletest

import (
	"database/sql/driver"
	"errors"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// RunErrors checks that bad input gets a typed error, never a panic and
// never SQL: nil tables and expressions, a column of another table in a
// single-table UPDATE, an empty SET, UPDATE/DELETE without WHERE, unknown
// dynamic columns, missing parameters, oversized IN lists, bad function
// names, escape characters, enum labels and identifiers, runaway nesting,
// malformed VALUES lists.
func RunErrors(t *testing.T, d compile.Dialect) {
	s := NewSchema()
	u, o := s.Users, s.Orders
	c := compile.New(d, compile.MaxInList(3), compile.MaxDepth(64))
	deep := expr.Expr(u.C("id").Eq(1))
	for i := 0; i < 100; i++ {
		deep = expr.Not(deep)
	}
	badIdent := expr.NewMetaData().MustTable("bad\x00name", expr.Col("id", expr.Integer))
	badEnum := expr.NewMetaData().MustTable("t", expr.Col("e", expr.Enum("e", "ok", "it's")))
	cases := []struct {
		name string
		st   expr.Statement
		want error
	}{
		{"nil statement", nil, compile.ErrInvalid},
		{"nil select", (*expr.SelectStmt)(nil), compile.ErrInvalid},
		{"insert into nil table", expr.Insert(nil).Values(1), compile.ErrInvalid},
		{"update of nil table", expr.Update(nil).Set(u.C("id"), 1).Where(u.C("id").Eq(1)), compile.ErrInvalid},
		{"delete from nil table", expr.Delete(nil).Where(u.C("id").Eq(1)), compile.ErrInvalid},
		{"create nil table", expr.CreateTable(nil), compile.ErrInvalid},
		{"nil where expression", expr.Select(u.C("id")).Where(nil), compile.ErrInvalid},
		{"nil column", expr.Select((*expr.Column)(nil)), compile.ErrInvalid},
		{"empty select list", expr.Select().From(u), compile.ErrInvalid},
		{"update column of another table", expr.Update(u).Set(o.C("amount"), 1).Where(u.C("id").Eq(1)), compile.ErrInvalid},
		{"empty set", expr.Update(u).Where(u.C("id").Eq(1)), compile.ErrInvalid},
		{"update without where", expr.Update(u).Set(u.C("name"), "x"), compile.ErrNoWhere},
		{"delete without where", expr.Delete(u), compile.ErrNoWhere},
		{"insert column of another table", expr.Insert(u).Columns(o.C("id")).Values(1), compile.ErrInvalid},
		{"insert row length", expr.Insert(u).Columns(u.C("id"), u.C("name")).Values(1), compile.ErrInvalid},
		{"insert rows of different lengths", expr.Insert(u).Columns(u.C("id"), u.C("name")).Values(1, "a").Values(2), compile.ErrInvalid},
		{"missing named parameter", expr.Select(u.C("id")).Where(u.C("id").Eq(expr.Param("nope"))), compile.ErrMissingParam},
		{"missing text parameter", expr.Text("SELECT :a"), compile.ErrMissingParam},
		{"invalid function name", expr.Select(expr.Func("count(*); DROP TABLE users; --")), compile.ErrInvalid},
		{"invalid escape character", expr.Select(u.C("id")).Where(u.C("name").LikeEscape("x", '\'')), compile.ErrInvalid},
		{"invalid enum label", expr.CreateTable(badEnum), compile.ErrInvalid},
		{"identifier with NUL", expr.Select(badIdent.C("id")), compile.ErrIdentifier},
		{"nesting too deep", expr.Select(u.C("id")).Where(deep), compile.ErrLimit},
		{"ordering outside ORDER BY", expr.Select(u.C("id")).Where(u.C("id").Desc()), compile.ErrInvalid},
		{"join without on", expr.Select(u.C("id")).From(u).Join(o, nil), compile.ErrInvalid},
		{"case without when", expr.Select(expr.Case().Else(1)), compile.ErrInvalid},
		{"set operation of one query", expr.Union(expr.Select(u.C("id"))), compile.ErrInvalid},
		{"insert arrays not slices", expr.Insert(u).Columns(u.C("id"), u.C("name")).ValuesArrays([]int64{1}, "a"), compile.ErrInvalid},
		{"insert arrays of bytes", expr.Insert(u).Columns(u.C("name")).ValuesArrays([]byte("ab")), compile.ErrInvalid},
		{"insert arrays of different lengths", expr.Insert(u).Columns(u.C("id"), u.C("name")).ValuesArrays([]int64{1, 2}, []string{"a"}), compile.ErrInvalid},
		{"insert arrays and values", expr.Insert(u).Columns(u.C("id")).Values(1).ValuesArrays([]int64{2}), compile.ErrInvalid},
	}
	if compile.New(d).Dialect().Features().Has(compile.InsertArrays) {
		cases = append(cases, arrayErrorCases(u)...)
	}
	if d.Features().Has(compile.ValuesFrom) {
		cases = append(cases, valuesErrorCases(d, u)...)
	}
	if !compile.New(d).Dialect().Features().Has(compile.ArrayBind) {
		cases = append(cases, struct {
			name string
			st   expr.Statement
			want error
		}{"IN list over the cap", expr.Select(u.C("id")).Where(u.C("id").In(1, 2, 3, 4)), compile.ErrLimit})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, _, err := c.Compile(tc.st, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %q, %v; want %v", q, err, tc.want)
			}
			if q != "" {
				t.Fatalf("SQL %q returned with error", q)
			}
			if strings.ContainsAny(err.Error(), "\x00\n") {
				t.Fatalf("error text carries raw control characters: %q", err)
			}
		})
	}

	t.Run("unknown dynamic column", func(t *testing.T) {
		_, err := u.Lookup("name; DROP TABLE users")
		var uce *expr.UnknownColumnError
		if !errors.Is(err, expr.ErrUnknownColumn) || !errors.As(err, &uce) {
			t.Fatalf("got %v; want *UnknownColumnError", err)
		}
		allowed := expr.Allow(u.C("name"), u.C("age"))
		if _, err := allowed.Lookup("email"); !errors.Is(err, expr.ErrUnknownColumn) {
			t.Fatalf("allow-list let email through: %v", err)
		}
		if c, err := allowed.Lookup("age"); err != nil || c != u.C("age") {
			t.Fatalf("allow-list lookup of age: %v, %v", c, err)
		}
	})
}

// errorCase is a statement RunErrors must refuse with want.
type errorCase = struct {
	name string
	st   expr.Statement
	want error
}

// arrayErrorCases are ValuesArrays statements that a dialect with
// InsertArrays refuses: a column without an array, a client-side Default
// left out (made per row, which an array parameter cannot do), and a
// decorated column's values in a slice other than []any.
func arrayErrorCases(u *expr.Table) []errorCase {
	m := expr.NewMetaData()
	def := m.MustTable("with_default", expr.Col("id", expr.BigInt), expr.Col("made", expr.BigInt, expr.Default(func() any { return 1 })))
	dec := m.MustTable("decorated", expr.Col("tag", expr.Decorate(upperTag{})))
	return []errorCase{
		{"insert arrays fewer than columns", expr.Insert(u).Columns(u.C("id"), u.C("name")).ValuesArrays([]int64{1}), compile.ErrInvalid},
		{"insert arrays leave out a default", expr.Insert(def).Columns(def.C("id")).ValuesArrays([]int64{1}), compile.ErrInvalid},
		{"insert arrays of a decorated type", expr.Insert(dec).Columns(dec.C("tag")).ValuesArrays([]string{"a"}), compile.ErrInvalid},
	}
}

// upperTag is a decorated TEXT type that binds strings upper-cased.
type upperTag struct{}

func (upperTag) StorageType() expr.Type { return expr.String }
func (upperTag) BindValue(v any) (driver.Value, error) {
	s, ok := v.(string)
	if !ok {
		return v, nil
	}
	return strings.ToUpper(s), nil
}
func (upperTag) ResultValue(src any) (any, error) { return src, nil }

package mapper_test

import (
	"database/sql"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type nullable struct {
	ID      int64                     `db:"id,pk"`
	Plain   int64                     `db:"plain"`
	Ptr     *int64                    `db:"ptr"`
	Zero    int64                     `db:"zero,nullzero"`
	ZeroStr string                    `db:"zero_str,nullzero"`
	NullInt sql.NullInt64             `db:"null_int"`
	NullOf  sql.Null[string]          `db:"null_of"`
	Doc     map[string]int            `db:"doc,json"`
	Secret  mapper.Sensitive[*string] `db:"secret"`
}

// IsNull is true exactly where the field binds NULL, and a field that
// cannot hold NULL never is, its zero value included.
func TestIsNull(t *testing.T) {
	reg := mapper.NewRegistry(expr.NewMetaData())
	m := mapper.MustMap[nullable](reg, "nullables")
	reg.MustResolve()
	model := m.Model()
	s, n := "s", int64(0)
	for _, c := range []struct {
		field string
		null  nullable
		set   nullable
	}{
		{"Plain", nullable{}, nullable{Plain: 1}},
		{"Ptr", nullable{}, nullable{Ptr: &n}},
		{"Zero", nullable{}, nullable{Zero: 1}},
		{"ZeroStr", nullable{}, nullable{ZeroStr: "x"}},
		{"NullInt", nullable{NullInt: sql.NullInt64{Int64: 3}}, nullable{NullInt: sql.NullInt64{Valid: true}}},
		{"NullOf", nullable{}, nullable{NullOf: sql.Null[string]{Valid: true}}},
		{"Doc", nullable{}, nullable{Doc: map[string]int{}}},
		{"Secret", nullable{}, nullable{Secret: mapper.NewSensitive(&s)}},
	} {
		i, ok := model.FieldColumn(c.field)
		if !ok {
			t.Fatalf("no column for %s", c.field)
		}
		wantNull := c.field != "Plain"
		if got := model.IsNull(&c.null, i); got != wantNull {
			t.Errorf("%s: IsNull of %+v = %v; want %v", c.field, c.null, got, wantNull)
		}
		if model.IsNull(&c.set, i) {
			t.Errorf("%s: IsNull of %+v = true", c.field, c.set)
		}
	}
}

package compile_test

import (
	"database/sql"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

var (
	sensMeta = expr.NewMetaData()
	persons  = sensMeta.MustTable("people",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("ssn", expr.String, expr.Sensitive),
		expr.Col("name", expr.String),
		expr.Col("pin", expr.Integer, expr.Sensitive),
	)
)

// sensitiveCase is a statement and the positions of the arguments that
// hold values of sensitive columns.
type sensitiveCase struct {
	name   string
	st     expr.Statement
	params []sql.NamedArg
	f      compile.Feature // the dialect's features
	want   []int
}

func sensitiveCases() []sensitiveCase {
	id, ssn, name, pin := persons.C("id"), persons.C("ssn"), persons.C("name"), persons.C("pin")
	sub := expr.Select(id, ssn.As("tax_id")).From(persons).Subquery("s")
	p := persons.Alias("p")
	v := expr.Values("v", id, ssn, name).Row(1, "s1", "n1").Row(2, "s2", "n2")
	return []sensitiveCase{
		{name: "insert", st: expr.Insert(persons).Columns(id, ssn, name).Values(1, "s", "n").Values(2, "s", "n"),
			want: []int{1, 4}},
		{name: "insert all columns", st: expr.Insert(persons).Values(1, "s", "n", 7), want: []int{1, 3}},
		{name: "insert an expr.Value", st: expr.Insert(persons).Columns(id, ssn).Values(1, expr.Value("s")), want: []int{1}},
		{name: "update", st: expr.Update(persons).Set(name, "n").Set(ssn, "s").Where(id.Eq(1)), want: []int{1}},
		{name: "where", st: expr.Select(id).From(persons).Where(name.Eq("n"), ssn.Eq("s"), pin.Gt(3)), want: []int{1, 2}},
		{name: "value on the left", st: expr.Select(id).From(persons).Where(expr.Value("s").Eq(ssn)), want: []int{0}},
		{name: "between", st: expr.Select(id).From(persons).Where(pin.Between(1, 9), id.Between(1, 9)), want: []int{0, 1}},
		{name: "in list", st: expr.Select(id).From(persons).Where(id.In(1, 2), ssn.In("a", "b")), want: []int{2, 3}},
		{name: "in list as an array", st: expr.Select(id).From(persons).Where(id.In(1, 2), ssn.In("a", "b")),
			f: compile.ArrayBind, want: []int{1}},
		{name: "any array", st: expr.Select(id).From(persons).Where(ssn.Eq(expr.Any([]string{"a", "b"}))),
			f: compile.ArrayBind, want: []int{0}},
		{name: "like", st: expr.Select(id).From(persons).Where(name.Contains("n"), ssn.StartsWith("12")), want: []int{1}},
		{name: "named parameter", st: expr.Select(id).From(persons).Where(ssn.Eq(expr.Param("x")), name.Eq(expr.Param("y"))),
			params: []sql.NamedArg{sql.Named("x", "s"), sql.Named("y", "n")}, want: []int{0}},
		{name: "alias", st: expr.Select(p.C("id")).From(p).Where(p.C("name").Eq("n"), p.C("ssn").Eq("s")), want: []int{1}},
		{name: "derived table", st: expr.Select(sub.C("id")).From(sub).Where(sub.C("id").Eq(1), sub.C("tax_id").Eq("s")),
			want: []int{1}},
		{name: "values list", st: expr.Update(persons).Set(ssn, v.C("ssn")).From(v).Where(id.Eq(v.C("id"))),
			f: compile.UpdateFromValues, want: []int{1, 4}},
		{name: "values list as a union", st: expr.Update(persons).Set(ssn, v.C("ssn")).From(v).Where(id.Eq(v.C("id"))),
			f: compile.ValuesFrom | compile.UpdateMultiTable | compile.ValuesAsUnion, want: []int{1, 4}},
		{name: "insert arrays", st: expr.Insert(persons).Columns(id, ssn, name).
			ValuesArrays([]int64{1, 2}, []string{"a", "b"}, []string{"c", "d"}), f: compile.InsertArrays, want: []int{1}},
		{name: "upsert", st: expr.Insert(persons).Columns(id, ssn).Values(1, "s").OnConflict(id).
			DoUpdate(expr.Assign(ssn, "t"), expr.Assign(name, "n")), f: compile.OnConflict, want: []int{1, 2}},
		{name: "none", st: expr.Select(id).From(persons).Where(name.Eq("n")), want: nil},
	}
}

// TestCompileSensitive: the compiler reports which arguments hold values
// of sensitive columns — written to them, compared with them, in their
// IN lists, LIKE patterns and arrays, through aliases, derived tables and
// VALUES lists — the same on a cache miss, a hit, without the cache and
// in a Prepared statement.
func TestCompileSensitive(t *testing.T) {
	for _, tc := range sensitiveCases() {
		d := ansi{dollar: true, f: tc.f}
		cached, uncached := compile.New(d), compile.New(d, compile.CacheSize(0))
		for i, c := range []*compile.Compiler{cached, cached, uncached} {
			pre := []any{"before"} // positions count from the statement's own arguments
			_, args, sens, err := c.CompileSensitive(tc.st, pre, tc.params...)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !slices.Equal(sens, tc.want) {
				t.Errorf("%s (compile %d): sensitive %v; want %v (args %v)", tc.name, i, sens, tc.want, args[1:])
			}
		}
		p, err := cached.Prepare(tc.st)
		if err != nil {
			t.Fatalf("%s: Prepare: %v", tc.name, err)
		}
		if got := p.Sensitive(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Prepared.Sensitive %v; want %v", tc.name, got, tc.want)
		}
	}
}

// TestSensitiveIsPartOfTheShape: statements that differ only in a
// column's Sensitive mark, where the shape records the column by its
// name rather than its ID (a VALUES list's columns), get their own cache
// entries, so neither reports the other's sensitive arguments.
func TestSensitiveIsPartOfTheShape(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.ValuesFrom})
	for _, sensitive := range []bool{true, false, true} {
		x := expr.Col("x", expr.String)
		if sensitive {
			x = expr.Col("x", expr.String, expr.Sensitive)
		}
		v := expr.Values("v", x).Row("a").Row("b")
		var want []int
		if sensitive {
			want = []int{0, 1}
		}
		_, _, sens, err := c.CompileSensitive(expr.Select(expr.CountAll()).From(v), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sens, want) {
			t.Errorf("sensitive column %v: sensitive arguments %v; want %v", sensitive, sens, want)
		}
	}
}

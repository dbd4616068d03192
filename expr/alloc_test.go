//go:build !race

package expr_test

import (
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

func TestInsertGrow(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("name", expr.String))
	// AllocsPerRun calls the function twice (a warm-up and the run): 100 rows.
	ins := expr.Insert(users).Columns(users.C("id"), users.C("name")).Grow(100)
	allocs := testing.AllocsPerRun(1, func() {
		for i := 0; i < 50; i++ {
			ins.Values(nil, nil)
		}
	})
	if allocs != 0 {
		t.Errorf("Values after Grow(100) allocated %v times for 50 rows", allocs)
	}
	if c := ins.Clauses(); c.NumRows < 50 || len(c.Row(49)) != 2 {
		t.Fatalf("rows = %d", c.NumRows)
	}
}

// TestInsertValuesAmortized guards the one list that grows in place (see
// rowValues): rows added one at a time take amortized constant time, so
// 1,000 rows reallocate a handful of times, not once a row.
func TestInsertValuesAmortized(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("name", expr.String))
	allocs := testing.AllocsPerRun(1, func() {
		ins := expr.Insert(users).Columns(users.C("id"), users.C("name"))
		for i := 0; i < 1000; i++ {
			ins.Values(nil, nil)
		}
	})
	if allocs > 20 {
		t.Errorf("1,000 rows added one at a time allocated %v times; want at most 20", allocs)
	}
}

func TestFuncCallLabels(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("age", expr.Integer))
	sum := expr.Sum(users.C("age"))
	a, b := sum.As("a"), sum.As("b")
	if a == b || a.Name != "a" || b.Name != "b" || a.X != sum || b.X != sum {
		t.Fatalf("labels of one call: %q %q (same: %v)", a.Name, b.Name, a == b)
	}
}

func TestColumnOrderings(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("age", expr.Integer))
	age := users.C("age")
	if allocs := testing.AllocsPerRun(100, func() { _, _ = age.Asc(), age.Desc() }); allocs != 0 {
		t.Errorf("ordering by a column took %v allocations; want 0", allocs)
	}
	desc := age.Desc()
	if nulls := desc.NullsFirst(); nulls == desc || nulls.Nulls != expr.NullsFirst || !nulls.Desc {
		t.Fatalf("NullsFirst: %+v", nulls)
	}
	if again := age.Desc(); again.Nulls != expr.NullsDefault || !again.Desc || again.X != age || age.Asc().Desc {
		t.Fatalf("the column's shared ordering changed: %+v", again)
	}
	if alias := users.Alias("u").C("age"); alias.Desc().X != alias {
		t.Fatal("an alias's column orders by the alias")
	}
}

func TestFuncCallArgs(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("age", expr.Integer), expr.Col("score", expr.Integer))
	age, score := users.C("age"), users.C("score")
	for _, c := range []struct {
		f    *expr.FuncCall
		want int
	}{
		{expr.CountAll(), 0}, {expr.Sum(age), 1}, {expr.Coalesce(age, 0), 2},
		{expr.Func("greatest", age, score, 7), 3}, {expr.Lag(age, 1), 2},
	} {
		if args := c.f.Args(); len(args) != c.want || cap(args) != c.want {
			t.Errorf("%s: %d arguments (cap %d); want %d", c.f.Name(), len(args), cap(args), c.want)
		}
	}
	if args := expr.Coalesce(age, score).Args(); args[0] != age || args[1] != score {
		t.Errorf("coalesce arguments: %v", args)
	}
}

// TestValuesRowsAmortized: rows added one at a time to a VALUES list take
// amortized constant time, and none allocate after Grow.
func TestValuesRowsAmortized(t *testing.T) {
	id, score := expr.Col("id", expr.BigInt), expr.Col("score", expr.Integer)
	allocs := testing.AllocsPerRun(1, func() {
		v := expr.Values("v", id, score)
		for i := 0; i < 1000; i++ {
			v.Row(nil, nil)
		}
	})
	if allocs > 30 {
		t.Errorf("1,000 rows added one at a time allocated %v times; want at most 30", allocs)
	}
	v := expr.Values("v", id, score).Grow(100)
	allocs = testing.AllocsPerRun(1, func() {
		for i := 0; i < 50; i++ {
			v.Row(nil, nil)
		}
	})
	if allocs != 0 {
		t.Errorf("Row after Grow(100) allocated %v times for 50 rows", allocs)
	}
}

package compile_test

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestFromLintInsertSelect checks that the query of INSERT ... SELECT does
// not see the table the statement inserts into: a column of it outside a
// FROM of the query is ErrNotInFrom (the server finds no such column),
// while the upsert's assignments, its WHERE and RETURNING still see it.
func TestFromLintInsertSelect(t *testing.T) {
	p, o := people, purchases
	sel := func(q *expr.SelectStmt) *expr.InsertStmt {
		return expr.Insert(p).Columns(p.C("id")).Select(q)
	}
	refused := map[string]expr.Statement{
		"where":  sel(expr.Select(o.C("id")).Where(p.C("id").Eq(1))),
		"item":   sel(expr.Select(o.C("id").Add(p.C("age"))).From(o)),
		"having": sel(expr.Select(expr.Func("max", o.C("id"))).From(o).GroupBy(o.C("person_id")).Having(p.C("age").Gt(1))),
		"union part": expr.Insert(p).Columns(p.C("id")).Select(expr.Union(
			expr.Select(o.C("id")), expr.Select(o.C("person_id")).Where(p.C("id").Eq(1)))),
	}
	for name, st := range refused {
		t.Run(name, func(t *testing.T) {
			for _, c := range fromCompilers() {
				q, _, err := c.Compile(st, nil)
				if !errors.Is(err, compile.ErrNotInFrom) {
					t.Fatalf("got %q, %v; want ErrNotInFrom", q, err)
				}
			}
		})
	}
	d := ansi{dollar: true, f: compile.OnConflict | compile.ReturningInsert}
	accepted := map[string]expr.Statement{
		"target read in the query's own FROM": sel(expr.Select(p.C("id").Add(100)).Where(p.C("age").Gt(1))),
		"target read in a subquery's FROM": sel(expr.Select(o.C("id")).Where(
			expr.Exists(expr.Select(p.C("id")).Where(p.C("id").Eq(o.C("person_id")))).Not())),
		"upsert and RETURNING": sel(expr.Select(o.C("id"))).OnConflict(p.C("id")).
			DoUpdate(expr.Assign(p.C("age"), p.C("age").Add(1))).DoUpdateWhere(p.C("age").Lt(10)).Returning(p.C("id")),
		"values": expr.Insert(p).Columns(p.C("id"), p.C("age")).Values(1, 2).OnConflict(p.C("id")).
			DoUpdate(expr.Assign(p.C("age"), p.C("age").Add(expr.Excluded(p.C("age"))))).Returning(p.C("age")),
	}
	for name, st := range accepted {
		t.Run(name, func(t *testing.T) {
			for _, c := range []*compile.Compiler{compile.New(d), compile.New(d, compile.CacheSize(0))} {
				if q, _, err := c.Compile(st, nil); err != nil {
					t.Fatalf("got %q, %v; want it compiled", q, err)
				}
			}
		})
	}
}

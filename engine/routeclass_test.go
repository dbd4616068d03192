package engine

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// TestRoutingLooksInside: a SELECT goes to a replica only when nothing in
// it locks or may write — a FOR UPDATE in a CTE, a derived table, a
// subquery or a part of a compound, or a call of a function the router
// does not know, sends it to the primary.
func TestRoutingLooksInside(t *testing.T) {
	id := routeTable.C("id")
	inner := func() *expr.SelectStmt { return expr.Select(id).From(routeTable) }
	locked := func() *expr.SelectStmt { return inner().ForUpdate() }
	lockedCTE := locked().CTE("c")
	derived := locked().Subquery("d")
	rec := expr.NewRecursiveCTE("r", "n")
	rec.Define(expr.UnionAll(expr.Select(expr.Value(1)), expr.Select(rec.C("n").Add(1)).From(rec).Where(rec.C("n").Lt(5))))
	onPrimary := map[string]expr.Statement{
		"CTE FOR UPDATE":                  expr.Select(expr.CountAll()).From(lockedCTE),
		"unused CTE FOR UPDATE in WITH":   expr.Select(id).From(routeTable).With(locked().CTE("u")),
		"derived table FOR UPDATE":        expr.Select(expr.CountAll()).From(locked().Subquery("s")),
		"LATERAL FOR UPDATE":              expr.Select(id).From(routeTable, locked().Lateral("l")),
		"joined derived table FOR UPDATE": expr.Select(id).From(expr.Join(routeTable, derived, id.Eq(derived.C("id")))),
		"FROM inferred from a column":     expr.Select(derived.C("id")),
		"EXISTS (... FOR UPDATE)":         expr.Select(id).From(routeTable).Where(expr.Exists(locked())),
		"IN (SELECT ... FOR UPDATE)":      expr.Select(id).From(routeTable).Where(id.In(locked())),
		"= ANY (SELECT ... FOR UPDATE)":   expr.Select(id).From(routeTable).Where(id.Eq(expr.Any(locked()))),
		"scalar subquery FOR UPDATE":      expr.Select(id, locked().Limit(1).As("x")).From(routeTable),
		"compound part FOR UPDATE":        expr.Union(inner(), expr.Union(inner(), locked())),
		"nextval()":                       expr.Select(expr.Func("nextval", "s")),
		"a user's function":               expr.Select(expr.Func("bump")).From(routeTable),
		"pg_try_advisory_lock()":          expr.Select(expr.Func("pg_try_advisory_lock", int64(1))),
		"a function inside a known one":   expr.Select(expr.Coalesce(expr.Func("nextval", "s"), 0)),
		"a function in WHERE":             expr.Select(id).From(routeTable).Where(id.Eq(expr.Func("bump"))),
		"a function in a CTE":             expr.Select(expr.CountAll()).From(expr.Select(expr.Func("bump")).CTE("f")),
		"constant SQL in the select list": expr.Select(id, expr.Text("nextval('s')")).From(routeTable),
	}
	onReplica := map[string]expr.Statement{
		"a plain SELECT":           inner(),
		"known functions":          expr.Select(expr.CountAll(), expr.Max(id), expr.Lower(expr.Value("A")), expr.Extract(expr.ExtractYear, expr.CurrentDate)).From(routeTable),
		"a derived table":          expr.Select(expr.CountAll()).From(inner().Subquery("s")),
		"a CTE":                    expr.Select(expr.CountAll()).From(inner().CTE("c")),
		"a recursive CTE":          expr.Select(rec.C("n")).From(rec),
		"EXISTS and IN subqueries": expr.Select(id).From(routeTable).Where(expr.Exists(inner()), id.In(inner())),
		"a window function":        expr.Select(expr.RowNumber().Over(expr.Over().OrderBy(id.Asc()))).From(routeTable),
		"a compound":               expr.Union(inner(), inner()),
	}
	for name, stmt := range onPrimary {
		e, p, rs := newRouted(t)
		query(t, context.Background(), e, stmt)
		if p.count() != 1 {
			t.Errorf("%s: primary ran %d, replicas %d and %d; want the primary", name, p.count(), rs[0].count(), rs[1].count())
		}
	}
	for name, stmt := range onReplica {
		e, p, rs := newRouted(t)
		query(t, context.Background(), e, stmt)
		if p.count() != 0 {
			t.Errorf("%s: primary ran %d, replicas %d and %d; want a replica", name, p.count(), rs[0].count(), rs[1].count())
		}
	}
}

// TestOnReplicaForUnknownFunctions: OnReplica sends a SELECT whose only
// doubt is a function the router does not know to a replica (the caller
// knows it only reads), but not one that locks.
func TestOnReplicaForUnknownFunctions(t *testing.T) {
	id := routeTable.C("id")
	e, p, rs := newRouted(t)
	ctx := OnReplica(context.Background())
	query(t, ctx, e, expr.Select(expr.Func("my_pure_func", id)).From(routeTable))
	if got := rs[0].count() + rs[1].count(); got != 1 || p.count() != 0 {
		t.Errorf("a user's function under OnReplica: primary ran %d, replicas %d; want a replica", p.count(), got)
	}
	query(t, ctx, e, expr.Select(expr.Func("my_pure_func", id)).From(routeTable).Where(expr.Exists(expr.Select(id).From(routeTable).ForUpdate())))
	if p.count() != 1 {
		t.Errorf("a locking subquery under OnReplica: primary ran %d; want it", p.count())
	}
}

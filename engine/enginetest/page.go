package enginetest

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// queryCounter counts the queries an engine runs.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context {
	if ev.Op == engine.OpQuery {
		c.n.Add(1)
	}
	return ctx
}

func (c *queryCounter) AfterQuery(context.Context, *engine.QueryEvent) {}

// RunPage checks AllAndCount: the page's rows, the total of the query
// without LIMIT and OFFSET, and that a page that is not full saves the
// count query.
func RunPage(t *testing.T, env Env) {
	counter := &queryCounter{}
	e, ctx := setup(t, env, engine.WithHooks(counter))
	names := []string{"a", "b", "c", "d", "e", "f", "g"}
	for _, n := range slices.Backward(names) {
		mustExec(t, ctx, e, insertItem(1, n, 1))
	}
	mustExec(t, ctx, e, insertItem(2, "x", 1))
	byName := func() *expr.SelectStmt {
		return expr.Select(items.C("id"), items.C("name"), items.C("qty")).From(items).
			Where(items.C("org_id").Eq(1)).OrderBy(items.C("name").Asc())
	}
	for _, tc := range []struct {
		name          string
		q             *expr.SelectStmt
		want          []string
		total, checks int64 // checks: queries run
	}{
		{"middle page", byName().Limit(3).Offset(3), names[3:6], 7, 2},
		{"last page", byName().Limit(3).Offset(6), names[6:], 7, 1},
		{"constant limit", byName().LimitConst(3).Offset(6), names[6:], 7, 1},
		{"past the end", byName().Limit(3).Offset(9), nil, 7, 2},
		{"full first page", byName().Limit(7), names, 7, 2},
		{"no limit", byName(), names, 7, 1},
		{"joined", byName().Columns(orgs.C("id")).Join(orgs, orgs.C("id").Eq(items.C("org_id"))).Limit(2), names[:2], 7, 2},
	} {
		before := counter.n.Load()
		got, total, err := engine.AllAndCount(ctx, e, tc.q, func(r *engine.Rows) (string, error) {
			var id, qty, org int64
			var name string
			dest := []any{&id, &name, &qty, &org}
			cols, _ := r.Columns()
			return name, r.Scan(dest[:len(cols)]...)
		})
		if err != nil {
			t.Fatalf("%s: %s: %v", env.Name, tc.name, err)
		}
		if !slices.Equal(got, tc.want) || total != tc.total {
			t.Errorf("%s: %s: got %q of %d; want %q of %d", env.Name, tc.name, got, total, tc.want, tc.total)
		}
		if n := counter.n.Load() - before; n != tc.checks {
			t.Errorf("%s: %s: %d queries; want %d", env.Name, tc.name, n, tc.checks)
		}
	}

	// Counted as a derived table, in a transaction.
	err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		orgIDs := expr.Select(items.C("org_id")).Distinct().From(items).OrderBy(items.C("org_id").Asc()).Limit(1)
		got, total, err := engine.AllAndCount(ctx, tx, orgIDs, engine.ScanValue[int64])
		if err == nil && (!slices.Equal(got, []int64{1}) || total != 2) {
			t.Errorf("%s: distinct org ids: got %v of %d; want [1] of 2", env.Name, got, total)
		}
		return err
	})
	if err != nil {
		t.Fatalf("%s: distinct org ids: %v", env.Name, err)
	}
}

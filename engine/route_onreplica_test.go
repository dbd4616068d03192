package engine

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// TestOnReplicaKeepsWritesOnPrimary: OnReplica moves only statements the
// engine cannot classify (constant SQL) to a replica; statements it built
// and knows to write or lock stay on the primary.
func TestOnReplicaKeepsWritesOnPrimary(t *testing.T) {
	e, p, rs := newRouted(t)
	ctx := OnReplica(context.Background())
	for name, stmt := range map[string]expr.Statement{
		"INSERT ... RETURNING":  expr.Insert(routeTable).Values(1).Returning(routeTable.C("id")),
		"UPDATE":                expr.Update(routeTable).Set(routeTable.C("id"), 2).Where(routeTable.C("id").Eq(1)),
		"DELETE":                expr.Delete(routeTable).Where(routeTable.C("id").Eq(1)),
		"SELECT ... FOR UPDATE": expr.Select(routeTable.C("id")).From(routeTable).ForUpdate(),
	} {
		before := p.count()
		query(t, ctx, e, stmt)
		if p.count() != before+1 {
			t.Errorf("%s under OnReplica: primary ran %d, replicas %d and %d; want the primary", name, p.count()-before, rs[0].count(), rs[1].count())
		}
	}
	query(t, ctx, e, expr.Text("SELECT 1"))
	if got := rs[0].count() + rs[1].count(); got != 1 {
		t.Errorf("constant SQL under OnReplica: the replicas ran %d statements; want 1", got)
	}
}

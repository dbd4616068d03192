package engine

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// idleRepl reads the nodes' pos fields as positions, as fakeRepl does;
// every replica's last replayed transaction is an hour old (an idle
// cluster), and the primary's position cannot be read while down is set.
type idleRepl struct{ down *atomic.Bool }

func (r idleRepl) WritePosition(_ context.Context, q SourceQuerier) (uint64, error) {
	if r.down.Load() {
		return 0, errors.New("primary unreachable")
	}
	return q.(*node).pos.Load(), nil
}

func (idleRepl) ReplayState(_ context.Context, q SourceQuerier) (ReplayState, error) {
	return ReplayState{Position: q.(*node).pos.Load(), Behind: time.Hour}, nil
}

// TestMaxLagWithPrimaryUnreachable: a health check that cannot read the
// primary's position keeps each replica's last verdict on lag: a replica
// that has replayed everything stays in the rotation (and serves reads
// while the primary is down), one that lagged stays out.
func TestMaxLagWithPrimaryUnreachable(t *testing.T) {
	var down atomic.Bool
	e, p, rs := newRouted(t, WithReplication(idleRepl{&down}), WithHealthCheck(HealthCheck{MaxLag: time.Second}))
	ctx := context.Background()
	p.pos.Store(10)
	rs[0].pos.Store(10) // caught up
	rs[1].pos.Store(5)  // behind, its last replayed transaction an hour old
	check := func(when string, want0, want1 bool) {
		t.Helper()
		e.router.checkAll(ctx)
		st := e.Replicas()
		if st[0].Up != want0 || st[1].Up != want1 {
			t.Errorf("%s: replicas up %v and %v; want %v and %v", when, st[0].Up, st[1].Up, want0, want1)
		}
		if !want1 && !errors.Is(st[1].Err, ErrReplicaLag) {
			t.Errorf("%s: the lagging replica is out for %v; want ErrReplicaLag", when, st[1].Err)
		}
	}
	check("primary up", true, false)
	down.Store(true)
	check("primary unreachable", true, false)
	query(t, ctx, e, expr.Select(routeTable.C("id")).From(routeTable))
	if rs[0].count() != 1 {
		t.Errorf("with the primary unreachable the caught-up replica ran %d reads; want 1", rs[0].count())
	}
	down.Store(false)
	rs[1].pos.Store(10)
	check("primary back, both caught up", true, true)
}

package engine

import (
	"context"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// blockingNode is a primary whose Exec waits until released: a write in
// flight, which lands at position 10 when released.
type blockingNode struct {
	*node
	started, release chan struct{}
}

func (b *blockingNode) Exec(ctx context.Context, sql string, args []any) (Result, error) {
	close(b.started)
	<-b.release
	b.node.pos.Store(10)
	return b.node.Exec(ctx, sql, args)
}

// posRepl reads the pos fields of nodes, blocking ones too, as
// positions.
type posRepl struct{}

func posOf(q SourceQuerier) uint64 {
	if b, ok := q.(*blockingNode); ok {
		return b.pos.Load()
	}
	return q.(*node).pos.Load()
}

func (posRepl) WritePosition(_ context.Context, q SourceQuerier) (uint64, error) {
	return posOf(q), nil
}

func (posRepl) ReplayState(_ context.Context, q SourceQuerier) (ReplayState, error) {
	return ReplayState{Position: posOf(q)}, nil
}

// newBlockingRouted makes an engine whose primary blocks in Exec, with two
// replicas, all at position 5, and read-your-writes by positions.
func newBlockingRouted(t *testing.T, opts ...Option) (*Engine, *blockingNode, *node, *node) {
	t.Helper()
	p := &blockingNode{node: &node{name: "primary"}, started: make(chan struct{}), release: make(chan struct{})}
	r1, r2 := &node{name: "r1"}, &node{name: "r2"}
	p.pos.Store(5)
	r1.pos.Store(5)
	r2.pos.Store(5)
	opts = append([]Option{WithReplicas(r1, r2), WithHealthCheck(HealthCheck{}),
		WithReplication(posRepl{}), WithReadYourWrites(WaitForReplica(5 * time.Millisecond))}, opts...)
	e, err := New(p, lockDialect{}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, p, r1, r2
}

// TestWriteMarkReadDuringExec: a read with the mark that runs while an
// Exec is in flight reads the primary's position from before the write;
// it must not make a read that starts after the Exec returned take a
// replica that has not replayed the write.
func TestWriteMarkReadDuringExec(t *testing.T) {
	e, p, r1, r2 := newBlockingRouted(t)
	var m WriteMark
	ctx := WithWriteMark(context.Background(), &m)
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	done := make(chan error)
	go func() {
		_, err := e.Exec(ctx, expr.Insert(routeTable).Values(1))
		done <- err
	}()
	<-p.started
	query(t, ctx, e, sel) // while the write is in flight: may miss it
	close(p.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The write has returned; the replicas are still at 5.
	before := r1.count() + r2.count()
	query(t, ctx, e, sel)
	if got := r1.count() + r2.count(); got != before {
		t.Error("a read that started after the write returned went to a replica at position 5; the write is at 10")
	}
}

// TestWriteMarkReadDuringWritingQuery: the same for a write run with
// Query (INSERT ... RETURNING): a read while its rows are open does not
// cover it, a read after they are closed sees it.
func TestWriteMarkReadDuringWritingQuery(t *testing.T) {
	e, p, rs := newRouted(t, WithReplication(posRepl{}), WithReadYourWrites(WaitForReplica(5*time.Millisecond)))
	p.pos.Store(5)
	rs[0].pos.Store(5)
	rs[1].pos.Store(5)
	var m WriteMark
	ctx := WithWriteMark(context.Background(), &m)
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	rows, err := e.Query(ctx, expr.Insert(routeTable).Values(1).Returning(routeTable.C("id")))
	if err != nil {
		t.Fatal(err)
	}
	query(t, ctx, e, sel) // while the write's rows are open: may miss it
	p.pos.Store(10)       // the statement completes, and commits
	rows.Close()
	before := rs[0].count() + rs[1].count()
	query(t, ctx, e, sel)
	if got := rs[0].count() + rs[1].count(); got != before {
		t.Error("a read after the writing query's rows closed went to a replica at position 5; the write is at 10")
	}
}

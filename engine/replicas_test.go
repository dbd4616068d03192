package engine

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// node is a Source that records the statements it runs and returns
// empty results; fail makes its queries fail with that error.
type node struct {
	name string
	mu   sync.Mutex
	ran  []string
	fail error
	pos  atomic.Uint64 // its write or replay position, for fakeRepl
	// pingErr is what Ping returns.
	pingErr error
}

func (n *node) record(sql string) {
	n.mu.Lock()
	n.ran = append(n.ran, sql)
	n.mu.Unlock()
}

func (n *node) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.ran)
}

func (n *node) Exec(_ context.Context, sql string, _ []any) (Result, error) {
	n.record(sql)
	return Result{RowsAffected: 1}, nil
}

func (n *node) Query(_ context.Context, sql string, _ []any) (SourceRows, error) {
	n.mu.Lock()
	err := n.fail
	n.mu.Unlock()
	if err != nil {
		return nil, err
	}
	n.record(sql)
	return &emptyRows{}, nil
}

func (n *node) Begin(context.Context, TxOptions) (SourceTx, error) { return nodeTx{n}, nil }
func (n *node) Close() error                                       { return nil }
func (n *node) Ping(context.Context) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.pingErr
}

type nodeTx struct{ *node }

func (nodeTx) Commit(context.Context) error   { return nil }
func (nodeTx) Rollback(context.Context) error { return nil }

type emptyRows struct{ closed bool }

func (*emptyRows) Columns() ([]string, error) { return nil, nil }
func (*emptyRows) Next() bool                 { return false }
func (*emptyRows) Scan(...any) error          { return nil }
func (*emptyRows) Err() error                 { return nil }
func (r *emptyRows) Close() error             { r.closed = true; return nil }

var routeTable = expr.NewMetaData().MustTable("rt", expr.Col("id", expr.BigInt, expr.PK))

func newRouted(t *testing.T, opts ...Option) (*Engine, *node, []*node) {
	t.Helper()
	p, r1, r2 := &node{name: "primary"}, &node{name: "r1"}, &node{name: "r2"}
	opts = append([]Option{WithReplicas(r1, r2), WithHealthCheck(HealthCheck{}),
		WithClassifier(ClassifierFunc(ClassifyCommon))}, opts...)
	e, err := New(p, lockDialect{}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, p, []*node{r1, r2}
}

// lockDialect is fakeDialect with FOR UPDATE, RETURNING, LATERAL, ANY
// (subquery) and nested set operations.
type lockDialect struct{ fakeDialect }

func (lockDialect) Features() compile.Feature {
	return compile.Locking | compile.ReturningInsert | compile.Lateral | compile.QuantifiedSubquery | compile.ParenSetOperands
}

func query(t *testing.T, ctx context.Context, q Querier, stmt expr.Statement) {
	t.Helper()
	rows, err := q.Query(ctx, stmt)
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
}

func TestRouting(t *testing.T) {
	e, p, rs := newRouted(t)
	ctx := context.Background()
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	for range 4 {
		query(t, ctx, e, sel)
	}
	query(t, ctx, e, expr.Union(sel, sel))
	if rs[0].count()+rs[1].count() != 5 || rs[0].count() < 2 || rs[1].count() < 2 || p.count() != 0 {
		t.Fatalf("reads: primary %d, replicas %d and %d; want 0 and the 5 spread over both", p.count(), rs[0].count(), rs[1].count())
	}
	// Everything else goes to the primary.
	query(t, ctx, e, expr.Select(routeTable.C("id")).From(routeTable).ForUpdate())
	query(t, ctx, e, expr.Select(routeTable.C("id")).From(routeTable).ForShare())
	query(t, ctx, e, expr.Insert(routeTable).Values(1).Returning(routeTable.C("id")))
	query(t, ctx, e, expr.Text("SELECT 1"))
	query(t, OnPrimary(ctx), e, sel)
	if _, err := e.Exec(ctx, expr.Insert(routeTable).Values(2)); err != nil {
		t.Fatal(err)
	}
	err := e.RunInTx(ctx, TxOptions{}, func(ctx context.Context, tx *Tx) error {
		rows, err := tx.Query(ctx, sel)
		if err == nil {
			rows.Close()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.count(); got != 7 {
		t.Errorf("primary ran %d statements; want 7: %q", got, p.ran)
	}
	query(t, OnReplica(ctx), e, expr.Text("SELECT 1"))
	if got := rs[0].count() + rs[1].count(); got != 6 {
		t.Errorf("replicas ran %d statements after OnReplica; want 6", got)
	}
}

func TestLeastBusy(t *testing.T) {
	e, _, rs := newRouted(t, WithReplicaPolicy(LeastBusy))
	ctx := context.Background()
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	open, err := e.Query(ctx, sel) // one read stays open
	if err != nil {
		t.Fatal(err)
	}
	busy := 0
	if rs[1].count() == 1 {
		busy = 1
	}
	for range 3 {
		query(t, ctx, e, sel)
	}
	if got := rs[1-busy].count(); got != 3 {
		t.Errorf("the idle replica ran %d of 3 reads; want all", got)
	}
	if st := e.Replicas()[busy]; st.InFlight != 1 {
		t.Errorf("the busy replica reports %d reads in flight; want 1", st.InFlight)
	}
	open.Close()
	if st := e.Replicas()[busy]; st.InFlight != 0 {
		t.Errorf("after Close the replica reports %d reads in flight; want 0", st.InFlight)
	}
}

// TestReplicaFailover: a read a replica fails with a broken connection is
// answered by the primary, the replica leaves the rotation, and the
// health check puts it back once it answers pings.
func TestReplicaFailover(t *testing.T) {
	p, r1 := &node{name: "primary"}, &node{name: "r1"}
	e, err := New(p, fakeDialect{}, WithReplicas(r1), WithClassifier(ClassifierFunc(ClassifyCommon)),
		WithHealthCheck(HealthCheck{Interval: 5 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	r1.mu.Lock()
	r1.fail, r1.pingErr = io.ErrUnexpectedEOF, io.ErrUnexpectedEOF
	r1.mu.Unlock()
	query(t, ctx, e, sel)
	if p.count() != 1 {
		t.Fatalf("primary ran %d reads; want the failed one", p.count())
	}
	if st := e.Replicas()[0]; st.Up || !errors.Is(st.Err, ErrConnectionLost) {
		t.Fatalf("replica state %+v; want down with connection lost", st)
	}
	query(t, ctx, e, sel)
	if p.count() != 2 {
		t.Fatalf("primary ran %d reads; want 2 while the replica is down", p.count())
	}
	r1.mu.Lock()
	r1.fail, r1.pingErr = nil, nil
	r1.mu.Unlock()
	for !e.Replicas()[0].Up {
		time.Sleep(time.Millisecond)
	}
	query(t, ctx, e, sel)
	if r1.count() != 1 {
		t.Fatalf("the replica back up ran %d reads; want 1", r1.count())
	}
}

// fakeRepl reads the nodes' pos fields as replication positions.
type fakeRepl struct{}

func (fakeRepl) WritePosition(_ context.Context, q SourceQuerier) (uint64, error) {
	return q.(*node).pos.Load(), nil
}

func (fakeRepl) ReplayState(_ context.Context, q SourceQuerier) (ReplayState, error) {
	return ReplayState{Position: q.(*node).pos.Load()}, nil
}

func TestReadYourWrites(t *testing.T) {
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	t.Run("wait", func(t *testing.T) {
		e, p, rs := newRouted(t, WithReplication(fakeRepl{}), WithReadYourWrites(WaitForReplica(time.Hour)))
		var m WriteMark
		ctx := WithWriteMark(context.Background(), &m)
		query(t, ctx, e, sel) // no write yet: any replica
		p.pos.Store(10)
		if _, err := e.Exec(ctx, expr.Insert(routeTable).Values(1)); err != nil {
			t.Fatal(err)
		}
		// r2 replays the write a little later; r1 never does.
		go func() { time.Sleep(20 * time.Millisecond); rs[1].pos.Store(10) }()
		for range 3 {
			query(t, ctx, e, sel)
		}
		if got := rs[1].count(); got < 3 {
			t.Errorf("the replica that replayed the write ran %d of the 3 reads after it", got)
		}
		if p.count() != 1 {
			t.Errorf("primary ran %d statements; want only the write", p.count())
		}
	})
	t.Run("bounded", func(t *testing.T) {
		e, p, _ := newRouted(t, WithReplication(fakeRepl{}), WithReadYourWrites(WaitForReplica(5*time.Millisecond)))
		var m WriteMark
		ctx := WithWriteMark(context.Background(), &m)
		p.pos.Store(10)
		if _, err := e.Exec(ctx, expr.Insert(routeTable).Values(1)); err != nil {
			t.Fatal(err)
		}
		query(t, ctx, e, sel)
		if p.count() != 2 {
			t.Errorf("primary ran %d statements; want the write and the read no replica caught up for", p.count())
		}
		query(t, context.Background(), e, sel) // another session: a replica
		if p.count() != 2 {
			t.Errorf("a read without the mark went to the primary")
		}
	})
	t.Run("sticky", func(t *testing.T) {
		e, p, rs := newRouted(t, WithReplication(fakeRepl{}), WithReadYourWrites(StickToPrimary()))
		var m WriteMark
		ctx := WithWriteMark(context.Background(), &m)
		query(t, ctx, e, sel)
		if err := e.RunInTx(ctx, TxOptions{}, func(context.Context, *Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
		query(t, ctx, e, sel)
		query(t, ctx, e, sel)
		if rs[0].count()+rs[1].count() != 1 || p.count() != 2 || !m.Wrote() {
			t.Errorf("primary %d, replicas %d; want the 2 reads after the transaction on the primary", p.count(), rs[0].count()+rs[1].count())
		}
	})
}

package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// deadlineRepl is fakeRepl that records, for each replica poll, the
// deadline of its context (zero for none).
type deadlineRepl struct {
	fakeRepl
	mu        sync.Mutex
	deadlines []time.Time
}

func (r *deadlineRepl) ReplayState(ctx context.Context, q SourceQuerier) (ReplayState, error) {
	d, _ := ctx.Deadline()
	r.mu.Lock()
	r.deadlines = append(r.deadlines, d)
	r.mu.Unlock()
	return r.fakeRepl.ReplayState(ctx, q)
}

// TestReadYourWritesPollBounded: the polls of read-your-writes run under
// a deadline no later than WaitForReplica's max, so a replica that does
// not answer cannot hold the read longer.
func TestReadYourWritesPollBounded(t *testing.T) {
	const wait = 5 * time.Millisecond
	repl := &deadlineRepl{}
	e, p, _ := newRouted(t, WithReplication(repl), WithReadYourWrites(WaitForReplica(wait)))
	var m WriteMark
	ctx := WithWriteMark(context.Background(), &m)
	p.pos.Store(10) // the replicas stay at 0
	if _, err := e.Exec(ctx, expr.Insert(routeTable).Values(1)); err != nil {
		t.Fatal(err)
	}
	query(t, ctx, e, expr.Select(routeTable.C("id")).From(routeTable))
	end := time.Now() // the read's wait began before this
	repl.mu.Lock()
	defer repl.mu.Unlock()
	if len(repl.deadlines) == 0 {
		t.Fatal("no replica was polled")
	}
	for _, d := range repl.deadlines {
		if d.IsZero() || d.After(end.Add(wait)) {
			t.Errorf("a poll ran with deadline %v; want one at most %v after the read began (before %v)", d, wait, end)
		}
	}
}

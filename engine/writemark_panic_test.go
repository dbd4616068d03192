package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// markHook runs before and after for every statement, when set.
type markHook struct {
	before func(ctx context.Context, ev *QueryEvent)
	after  func(ctx context.Context, ev *QueryEvent)
}

func (h markHook) BeforeQuery(ctx context.Context, ev *QueryEvent) context.Context {
	if h.before != nil {
		h.before(ctx, ev)
	}
	return ctx
}

func (h markHook) AfterQuery(ctx context.Context, ev *QueryEvent) {
	if h.after != nil {
		h.after(ctx, ev)
	}
}

// mustPanic runs f and returns what it panicked with, failing if it did not.
func mustPanic(t *testing.T, f func()) (v any) {
	t.Helper()
	defer func() { v = recover() }()
	f()
	t.Fatal("no panic")
	return nil
}

// TestWriteMarkExecHookPanic: an Exec whose write landed and whose
// AfterQuery hook then panics still marks the write's end, so a read that
// ran while it was in flight (and read the primary's position from before
// it) does not let a later read take a replica that has not replayed it.
// The test fails on the old code.
func TestWriteMarkExecHookPanic(t *testing.T) {
	hook := markHook{after: func(_ context.Context, ev *QueryEvent) {
		if ev.Op == OpExec {
			panic("hook")
		}
	}}
	e, p, r1, r2 := newBlockingRouted(t, WithHooks(hook))
	var m WriteMark
	ctx := WithWriteMark(context.Background(), &m)
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	done := make(chan any)
	go func() {
		defer func() { done <- recover() }()
		e.Exec(ctx, expr.Insert(routeTable).Values(1))
	}()
	<-p.started
	query(t, ctx, e, sel) // while the write is in flight: may miss it
	close(p.release)
	if v := <-done; v != "hook" {
		t.Fatalf("Exec panicked with %v; want the hook's panic", v)
	}
	// The write is at 10; the replicas are still at 5.
	before := r1.count() + r2.count()
	query(t, ctx, e, sel)
	if got := r1.count() + r2.count(); got != before {
		t.Error("after an Exec that wrote and whose hook panicked, a read went to a replica at position 5; the write is at 10")
	}
}

// TestWriteMarkQueryHookPanic: the same for a writing Query whose
// statement landed and then failed, and whose AfterQuery hook panics on
// the error: the rows never take the mark over, so queryInto must mark
// the end. The read in flight runs from the BeforeQuery hook, after the
// write was routed and before it ran. The test fails on the old code.
func TestWriteMarkQueryHookPanic(t *testing.T) {
	var e *Engine
	var p *node
	sel := expr.Select(routeTable.C("id")).From(routeTable)
	hook := markHook{
		before: func(ctx context.Context, ev *QueryEvent) {
			if ev.Op != OpQuery || ev.SQL == "" || ev.SQL[0] != 'I' {
				return
			}
			query(t, ctx, e, sel) // while the write is in flight: may miss it
			p.pos.Store(10)       // the write lands, and then fails
			p.mu.Lock()
			p.fail = errors.New("connection lost")
			p.mu.Unlock()
		},
		after: func(_ context.Context, ev *QueryEvent) {
			if ev.Op == OpQuery && ev.Err != nil {
				panic("hook")
			}
		},
	}
	e, p, rs := newRouted(t, WithReplication(posRepl{}), WithReadYourWrites(WaitForReplica(time.Millisecond)), WithHooks(hook))
	p.pos.Store(5)
	rs[0].pos.Store(5)
	rs[1].pos.Store(5)
	var m WriteMark
	ctx := WithWriteMark(context.Background(), &m)
	if v := mustPanic(t, func() { e.Query(ctx, expr.Insert(routeTable).Values(1).Returning(routeTable.C("id"))) }); v != "hook" {
		t.Fatalf("Query panicked with %v; want the hook's panic", v)
	}
	if rs[0].count()+rs[1].count() != 1 {
		t.Fatalf("the read in flight ran on replicas %d and %d times; want one replica once", rs[0].count(), rs[1].count())
	}
	p.mu.Lock()
	p.fail = nil
	p.mu.Unlock()
	query(t, ctx, e, sel)
	if got := rs[0].count() + rs[1].count(); got != 1 {
		t.Error("after a writing Query that landed and whose hook panicked, a read went to a replica at position 5; the write is at 10")
	}
}

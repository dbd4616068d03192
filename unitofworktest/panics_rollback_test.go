package unitofworktest

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// panicSession opens a SQLite session whose flush hook h panics once,
// counting AfterRollback in rollbacks; engineHooks go on the engine.
func panicSession(t *testing.T, h unitofwork.FlushHook, rollbacks *int, engineHooks ...engine.Hook) (*testDB, *unitofwork.Session, context.Context, *mapper.Mapping[AlonePlain]) {
	d := &testDB{name: "sqlite", log: &statementLog{}}
	d.e = openSQLite(t, engine.WithHooks(append([]engine.Hook{d.log}, engineHooks...)...))
	var plain *mapper.Mapping[AlonePlain]
	reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
		plain = mapper.MustMap[AlonePlain](reg, "alone_plain")
		mapper.MustMap[PanicRoundNote](reg, "panic_round_notes")
	})
	s := unitofwork.New(d.e, reg, unitofwork.WithFlushHooks(h), unitofwork.WithEvents(unitofwork.Events{
		AfterRollback: func(context.Context, *unitofwork.Session) { *rollbacks++ },
	}))
	t.Cleanup(func() { s.Close() })
	return d, s, ctx, plain
}

// mustPanic runs fn and fails the test unless it panics.
func mustPanic(t *testing.T, fn func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	fn()
}

// A Commit whose flush (two tables: a transaction) panics in a flush
// hook rolls the transaction back; AfterRollback runs once, at the
// Rollback after it.
func TestPanicInCommitAnnouncesRollback(t *testing.T) {
	rollbacks := 0
	_, s, ctx, _ := panicSession(t, &panicFlushHook{armed: true}, &rollbacks)
	must(t, s.Add(&AlonePlain{Body: "a"}, &PanicRoundNote{Body: "n"}))
	mustPanic(t, func() { _ = s.Commit(ctx) })
	must(t, s.Rollback(ctx))
	must(t, s.Close())
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times for a Commit whose flush panicked; want 1", rollbacks)
	}
}

// The same panic in Flush: announced by the Rollback.
func TestPanicInFlushAnnouncesRollback(t *testing.T) {
	rollbacks := 0
	_, s, ctx, _ := panicSession(t, &panicFlushHook{armed: true}, &rollbacks)
	must(t, s.Add(&AlonePlain{Body: "a"}, &PanicRoundNote{Body: "n"}))
	mustPanic(t, func() { _ = s.Flush(ctx) })
	must(t, s.Rollback(ctx))
	must(t, s.Close())
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times; want 1", rollbacks)
	}
}

// A one-statement Commit whose statement failed (a unique violation),
// then a flush hook panics: the session refuses work until Rollback, as
// without the panic, and AfterRollback runs once.
func TestPanicAfterFailedAloneStatement(t *testing.T) {
	rollbacks := 0
	d, s, ctx, plain := panicSession(t, &panicFlushHook{armed: true}, &rollbacks)
	must(t, s.Add(&AlonePlain{Body: "same"}, &AlonePlain{Body: "same"}))
	mustPanic(t, func() { _ = s.Commit(ctx) })
	d.log.take()
	var nr *unitofwork.NeedsRollbackError
	if err := s.Flush(ctx); !errors.As(err, &nr) {
		t.Errorf("Flush after the panic: %v, sent %q; want a NeedsRollbackError and nothing sent", err, d.log.kinds())
	}
	must(t, s.Rollback(ctx))
	must(t, s.Close())
	if c := countRows(t, d, plain.Table); c != 0 {
		t.Errorf("%d rows after a failed statement; want 0", c)
	}
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times; want 1", rollbacks)
	}
}

// panicRollbackHook is an engine hook that panics once on a ROLLBACK.
type panicRollbackHook struct{ armed bool }

func (h *panicRollbackHook) BeforeQuery(ctx context.Context, _ *engine.QueryEvent) context.Context {
	return ctx
}
func (h *panicRollbackHook) AfterQuery(context.Context, *engine.QueryEvent) {}
func (h *panicRollbackHook) TxEvent(_ context.Context, ev *engine.TxEvent) {
	if h.armed && ev.Op == engine.TxRollback {
		h.armed = false
		panic("tx hook bug")
	}
}

// A second panic while a panicking flush rolls back leaves the session
// refusing work until Rollback, which then works, with nothing written
// and the rollback announced once.
func TestPanicInAbort(t *testing.T) {
	rollbacks := 0
	d, s, ctx, plain := panicSession(t, &panicFlushHook{armed: true}, &rollbacks, &panicRollbackHook{armed: true})
	must(t, s.Add(&AlonePlain{Body: "a"}, &PanicRoundNote{Body: "n"}))
	mustPanic(t, func() { _ = s.Flush(ctx) })
	var nr *unitofwork.NeedsRollbackError
	if err := s.Flush(ctx); !errors.As(err, &nr) {
		t.Errorf("Flush after: %v; want a NeedsRollbackError", err)
	}
	if err := s.Commit(ctx); !errors.As(err, &nr) {
		t.Errorf("Commit after: %v; want a NeedsRollbackError", err)
	}
	must(t, s.Rollback(ctx))
	must(t, s.Close())
	if c := countRows(t, d, plain.Table); c != 0 {
		t.Errorf("%d rows after the rolled-back flush; want 0", c)
	}
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times; want 1", rollbacks)
	}
}

package unitofworktest

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

func panicSetup(t *testing.T, h unitofwork.FlushHook, rollbacks *int) (*testDB, *unitofwork.Session, context.Context, *mapper.Mapping[AlonePlain]) {
	d := &testDB{name: "sqlite", log: &statementLog{}}
	d.e = openSQLite(t, engine.WithHooks(d.log))
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	plain := mapper.MustMap[AlonePlain](reg, "alone_plain")
	mapper.MustMap[PanicRoundNote](reg, "panic_round_notes")
	reg.MustResolve()
	ctx := timeout(t)
	must(t, d.e.CreateAll(ctx, meta))
	s := unitofwork.New(d.e, reg, unitofwork.WithFlushHooks(h), unitofwork.WithEvents(unitofwork.Events{
		AfterRollback: func(context.Context, *unitofwork.Session) { *rollbacks++ },
	}))
	return d, s, ctx, plain
}

// A Commit with no transaction open whose flush (two tables: BEGIN, two
// INSERTs) panics in a flush hook: the flush rolls the transaction back,
// so AfterRollback should run once, by Commit or by the Rollback/Close
// after it.
func TestPanicInCommitAnnouncesRollback(t *testing.T) {
	rollbacks := 0
	h := &panicFlushHook{armed: true}
	d, s, ctx, _ := panicSetup(t, h, &rollbacks)
	must(t, s.Add(&AlonePlain{Body: "a"}, &PanicRoundNote{Body: "n"}))
	d.log.take()
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		_ = s.Commit(ctx)
	}()
	t.Logf("statements: %q", d.log.kinds())
	must(t, s.Rollback(ctx))
	must(t, s.Close())
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times for a Commit whose flush panicked and rolled back; want 1", rollbacks)
	}
}

// The same panic in Flush, for comparison: announced by the Rollback.
func TestPanicInFlushAnnouncesRollback(t *testing.T) {
	rollbacks := 0
	h := &panicFlushHook{armed: true}
	_, s, ctx, _ := panicSetup(t, h, &rollbacks)
	must(t, s.Add(&AlonePlain{Body: "a"}, &PanicRoundNote{Body: "n"}))
	func() {
		defer func() { recover() }()
		_ = s.Flush(ctx)
	}()
	must(t, s.Rollback(ctx))
	must(t, s.Close())
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times; want 1", rollbacks)
	}
}

// A statement sent alone that FAILED (unique violation), then a flush
// hook panics: panicked() sees alone && sent and finishes the flush as a
// committed success, though nothing was committed.
func TestPanicAfterFailedAloneRefusesWork(t *testing.T) {
	rollbacks := 0
	h := &panicFlushHook{armed: true}
	d, s, ctx, plain := panicSetup(t, h, &rollbacks)
	must(t, s.Add(&AlonePlain{Body: "same"}, &AlonePlain{Body: "same"}))
	d.log.take()
	func() {
		defer func() { recover() }()
		_ = s.Commit(ctx)
	}()
	t.Logf("statements: %q", d.log.kinds())
	// Without the panic, the flush failed: the session refuses work
	// until Rollback (NeedsRollbackError) and AfterRollback runs once.
	var nr *unitofwork.NeedsRollbackError
	_, err := s.State(&AlonePlain{}) // touches nothing; the Flush below is the check
	_ = err
	d.log.take()
	err = s.Flush(ctx)
	t.Logf("Flush after the panic: %v; statements %q", err, d.log.kinds())
	if !errors.As(err, &nr) {
		t.Errorf("after a failed one-statement Commit (hook panicked after it) the session is not refusing work: Flush sent %q", d.log.kinds())
	}
	before := rollbacks
	_ = before
	_ = s.Rollback(ctx)
	must(t, s.Close())
	if c := countRows(t, d, plain.Table); c != 0 {
		t.Fatalf("%d rows", c)
	}
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times for a failed one-statement Commit that panicked after; want 1 (as without the panic)", rollbacks)
	}
}

// Same failure, counting AfterRollback with only Rollback and Close after it.
func TestPanicAfterFailedAloneAnnouncesRollback(t *testing.T) {
	rollbacks := 0
	h := &panicFlushHook{armed: true}
	_, s, ctx, _ := panicSetup(t, h, &rollbacks)
	must(t, s.Add(&AlonePlain{Body: "same"}, &AlonePlain{Body: "same"}))
	func() {
		defer func() { recover() }()
		_ = s.Commit(ctx)
	}()
	must(t, s.Rollback(ctx))
	must(t, s.Close())
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times for a failed one-statement Commit that panicked after; want 1 (as without the panic)", rollbacks)
	}
}

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

// A second panic while the recover path rolls back (an engine hook on
// ROLLBACK): what state is the session left in?
func TestPanicInAbort(t *testing.T) {
	rollbacks := 0
	d := &testDB{name: "sqlite", log: &statementLog{}}
	rh := &panicRollbackHook{armed: true}
	d.e = openSQLite(t, engine.WithHooks(d.log), engine.WithHooks(rh))
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	plain := mapper.MustMap[AlonePlain](reg, "alone_plain")
	mapper.MustMap[PanicRoundNote](reg, "panic_round_notes")
	reg.MustResolve()
	ctx := timeout(t)
	must(t, d.e.CreateAll(ctx, meta))
	h := &panicFlushHook{armed: true}
	s := unitofwork.New(d.e, reg, unitofwork.WithFlushHooks(h), unitofwork.WithEvents(unitofwork.Events{
		AfterRollback: func(context.Context, *unitofwork.Session) { rollbacks++ },
	}))
	must(t, s.Add(&AlonePlain{Body: "a"}, &PanicRoundNote{Body: "n"}))
	func() {
		defer func() { t.Logf("recovered: %v", recover()) }()
		_ = s.Flush(ctx)
	}()
	err := s.Flush(ctx)
	t.Logf("Flush after: %v (busy would be ErrBusy-like)", err)
	err = s.Commit(ctx)
	t.Logf("Commit after: %v; rows %d; statements %q", err, countRows(t, d, plain.Table), d.log.kinds())
	t.Logf("Rollback: %v, Close: %v, AfterRollback %d", s.Rollback(ctx), s.Close(), rollbacks)
}

package unitofworktest

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type PanicRoundNote struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Body string `db:"body,type=varchar(50)"`
}

type PanicRoundAudit struct {
	ID     int64  `db:"id,pk,autoincrement"`
	Action string `db:"action,type=varchar(10)"`
	NoteID int64  `db:"note_id"`
}

func (a *PanicRoundAudit) BeforeInsert(context.Context, *unitofwork.Flush) error {
	if a.Action == "panic" {
		panic("audit hook bug")
	}
	return nil
}

type AlonePlain struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Body string `db:"body,type=varchar(50),unique"`
}

type panicFlushHook struct{ armed bool }

func (h *panicFlushHook) BeforeFlush(ctx context.Context) context.Context { return ctx }
func (h *panicFlushHook) AfterFlush(context.Context, *unitofwork.FlushEvent) {
	if h.armed {
		h.armed = false
		panic("flush hook bug")
	}
}

// sqliteTables opens a SQLite engine logging to d.log with the tables
// mapAll maps, as ownTables does.
func sqliteTables(t *testing.T, mapAll func(reg *mapper.Registry)) (*testDB, *mapper.Registry, context.Context) {
	d := &testDB{name: "sqlite", log: &statementLog{}}
	d.e = openSQLite(t, engine.WithHooks(d.log))
	reg, ctx := ownTables(t, d, mapAll)
	return d, reg, ctx
}

// A panic in a second flush round (the BeforeInsert of an audit row an
// AfterFlush event added) rolls back the first round's writes, as an
// error there does: the session refuses work until Rollback, and nothing
// of it is ever committed.
func TestEventsSecondRoundPanic(t *testing.T) {
	var notes *mapper.Mapping[PanicRoundNote]
	var auditsTable *mapper.Mapping[PanicRoundAudit]
	d, reg, ctx := sqliteTables(t, func(reg *mapper.Registry) {
		notes = mapper.MustMap[PanicRoundNote](reg, "panic_round_notes")
		auditsTable = mapper.MustMap[PanicRoundAudit](reg, "panic_round_audits")
	})
	s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
		AfterFlush: func(_ context.Context, f *unitofwork.Flush) error {
			for _, o := range f.New() {
				if n, ok := o.(*PanicRoundNote); ok {
					if err := f.Add(&PanicRoundAudit{Action: "panic", NoteID: n.ID}); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}))
	defer s.Close()
	must(t, s.Add(&PanicRoundNote{Body: "x"}))
	mustPanic(t, func() { _ = s.Commit(ctx) })
	var nr *unitofwork.NeedsRollbackError
	if err := s.Commit(ctx); !errors.As(err, &nr) {
		t.Errorf("Commit after the recovered panic: %v; want a NeedsRollbackError", err)
	}
	must(t, s.Rollback(ctx))
	wantRows(t, d, notes.Table, 0)
	wantRows(t, d, auditsTable.Table, 0)
}

// A panic in a flush hook after a statement sent alone (committed by the
// database) leaves the session agreeing with the database: the object
// persistent, with its key.
func TestEventsAloneCommitHookPanic(t *testing.T) {
	var plain *mapper.Mapping[AlonePlain]
	d, reg, ctx := sqliteTables(t, func(reg *mapper.Registry) {
		plain = mapper.MustMap[AlonePlain](reg, "alone_plain")
	})
	s := unitofwork.New(d.e, reg, unitofwork.WithFlushHooks(&panicFlushHook{armed: true}))
	defer s.Close()
	n := &AlonePlain{Body: "x"}
	must(t, s.Add(n))
	mustPanic(t, func() { _ = s.Commit(ctx) })
	wantStatements(t, d, "INSERT alone_plain")
	must(t, s.Rollback(ctx))
	wantRows(t, d, plain.Table, 1)
	if st, _ := s.State(n); st != unitofwork.Persistent || n.ID == 0 {
		t.Errorf("the committed object after the panic: %v, %+v; want persistent with its key", st, *n)
	}
	must(t, s.Add(&AlonePlain{Body: "y"}))
	must(t, s.Commit(ctx))
}

// A Commit whose statements fail runs AfterRollback once, whether it sent
// one statement alone or ran in a transaction Begin opened.
func TestEventsAloneCommitFailureAfterRollback(t *testing.T) {
	for _, begin := range []bool{false, true} {
		d, reg, ctx := sqliteTables(t, func(reg *mapper.Registry) {
			mapper.MustMap[AlonePlain](reg, "alone_plain")
		})
		rollbacks := 0
		s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
			AfterRollback: func(context.Context, *unitofwork.Session) { rollbacks++ },
		}))
		if begin {
			must(t, s.Begin(ctx, engine.TxOptions{}))
		}
		must(t, s.Add(&AlonePlain{Body: "same"}, &AlonePlain{Body: "same"}))
		if err := s.Commit(ctx); err == nil {
			t.Fatal("Commit of two rows with one unique value succeeded")
		}
		if rollbacks != 1 {
			t.Errorf("Begin first %v: AfterRollback ran %d times at the failed Commit; want 1", begin, rollbacks)
		}
		must(t, s.Rollback(ctx))
		must(t, s.Close())
		if rollbacks != 1 {
			t.Errorf("Begin first %v: AfterRollback ran %d times in all; want 1", begin, rollbacks)
		}
	}
}

// A failed Flush leaves AfterRollback to the Rollback after it, not to a
// Commit refused in between.
func TestEventsFailedFlushAnnouncedByRollback(t *testing.T) {
	d, reg, ctx := sqliteTables(t, func(reg *mapper.Registry) {
		mapper.MustMap[AlonePlain](reg, "alone_plain")
	})
	rollbacks := 0
	s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
		AfterRollback: func(context.Context, *unitofwork.Session) { rollbacks++ },
	}))
	defer s.Close()
	must(t, s.Add(&AlonePlain{Body: "same"}, &AlonePlain{Body: "same"}))
	if err := s.Flush(ctx); err == nil {
		t.Fatal("flush succeeded")
	}
	if err := s.Commit(ctx); err == nil {
		t.Fatal("Commit after a failed Flush succeeded")
	}
	if rollbacks != 0 {
		t.Errorf("AfterRollback ran %d times before the Rollback; want 0", rollbacks)
	}
	must(t, s.Rollback(ctx))
	if rollbacks != 1 {
		t.Errorf("AfterRollback ran %d times after the Rollback; want 1", rollbacks)
	}
}

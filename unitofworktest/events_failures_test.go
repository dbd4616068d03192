package unitofworktest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// RoundNote and RoundAudit: an AfterFlush event writes a RoundAudit for
// every RoundNote inserted; a RoundAudit whose Action is "bad" fails its
// BeforeInsert.
type RoundNote struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Body string `db:"body,type=varchar(50)"`
}

type RoundAudit struct {
	ID     int64  `db:"id,pk,autoincrement"`
	Action string `db:"action,type=varchar(10)"`
	NoteID int64  `db:"note_id"`
}

var errRoundAudit = errors.New("audit refused")

func (a *RoundAudit) BeforeInsert(context.Context, *unitofwork.Flush) error {
	if a.Action == "bad" {
		return errRoundAudit
	}
	return nil
}

// A flush whose second round (the audit rows an AfterFlush added) fails
// in a before hook must not leave the first round's writes in an open
// transaction that a later Commit commits: one Commit call that failed
// would otherwise commit half of its work afterwards.
func TestEventsSecondRoundFailureRollsBack(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		notes := mapper.MustMap[RoundNote](reg, "round_notes")
		audits := mapper.MustMap[RoundAudit](reg, "round_audits")
		reg.MustResolve()
		must(t, d.e.CreateAll(timeout(t), meta))
		ctx := timeout(t)
		var bad *RoundAudit
		s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
			AfterFlush: func(_ context.Context, f *unitofwork.Flush) error {
				for _, o := range f.New() {
					if n, ok := o.(*RoundNote); ok {
						bad = &RoundAudit{Action: "bad", NoteID: n.ID}
						if err := f.Add(bad); err != nil {
							return err
						}
					}
				}
				return nil
			},
		}))
		defer s.Close()
		d.log.take()
		must(t, s.Add(&RoundNote{Body: "x"}))
		if err := s.Commit(ctx); !errors.Is(err, errRoundAudit) {
			t.Fatalf("Commit: %v; want the audit row's hook error", err)
		}
		if got := d.log.kinds(); !slices.Contains(got, "ROLLBACK") {
			t.Errorf("%s: the failed Commit sent %q and left its transaction open", d.name, got)
		}
		// The program drops the audit row it cannot write and commits
		// what else it has: nothing of the failed Commit should go with it.
		must(t, s.Expunge(bad))
		var nr *unitofwork.NeedsRollbackError
		if err := s.Commit(ctx); !errors.As(err, &nr) {
			t.Errorf("%s: Commit after the failed one: %v; want a NeedsRollbackError", d.name, err)
		}
		must(t, s.Rollback(ctx))
		wantRows(t, d, notes.Table, 0)
		wantRows(t, d, audits.Table, 0)
	})
}

// AfterRollback runs for every transaction that ended in a rollback: a
// flush that failed, then Close.
func TestEventsAfterRollbackOnClose(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		rollbacks := 0
		s := sc.session(d, unitofwork.WithEvents(unitofwork.Events{
			AfterRollback: func(context.Context, *unitofwork.Session) { rollbacks++ },
		}))
		org := &Org{Name: "o"}
		must(t, s.Add(&User{Email: "same@x", Org: org}, &User{Email: "same@x", Org: org}))
		if err := s.Commit(ctx); err == nil {
			t.Fatal("Commit of two users with one email succeeded")
		}
		must(t, s.Close())
		if rollbacks != 1 {
			t.Errorf("%s: AfterRollback ran %d times for a failed Commit and Close; want 1", d.name, rollbacks)
		}
	})
}

// DeferredKid refers to deferred_parents through a foreign key that PostgreSQL
// checks at COMMIT (added below): COMMIT itself fails.
type DeferredKid struct {
	ID       int64 `db:"id,pk,autoincrement"`
	ParentID int64 `db:"parent_id"`
}

type DeferredParent struct {
	ID int64 `db:"id,pk"`
}

// A COMMIT that fails ends the transaction in a rollback: AfterRollback
// must run (and AfterCommit not), or a program that queues work for
// AfterCommit and drops it in AfterRollback keeps the rolled-back work.
func TestEventsAfterRollbackOnFailedCommit(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		if d.name != "postgres" && d.name != "pgx" {
			return // deferred foreign keys: PostgreSQL's
		}
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		mapper.MustMap[DeferredParent](reg, "deferred_parents")
		mapper.MustMap[DeferredKid](reg, "deferred_kids")
		reg.MustResolve()
		ctx := timeout(t)
		must(t, d.e.CreateAll(ctx, meta))
		if _, err := d.e.Exec(ctx, expr.Text("ALTER TABLE deferred_kids ADD CONSTRAINT deferred_kids_parent FOREIGN KEY (parent_id) REFERENCES deferred_parents (id) DEFERRABLE INITIALLY DEFERRED")); err != nil {
			t.Fatal(err)
		}
		var commits, rollbacks int
		s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
			AfterCommit:   func(context.Context, *unitofwork.Session) { commits++ },
			AfterRollback: func(context.Context, *unitofwork.Session) { rollbacks++ },
		}))
		defer s.Close()
		must(t, s.Begin(ctx, engine.TxOptions{}))
		must(t, s.Add(&DeferredKid{ParentID: 999}))
		if err := s.Commit(ctx); err == nil {
			t.Fatal("COMMIT of a row whose deferred foreign key fails succeeded")
		}
		if commits != 0 || rollbacks != 1 {
			t.Errorf("%s: after a failed COMMIT, AfterCommit %d, AfterRollback %d; want 0, 1", d.name, commits, rollbacks)
		}
	})
}

type PanicNote struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Body string `db:"body,type=varchar(50)"`
}

var panicOnce bool

func (n *PanicNote) AfterInsert(context.Context, *unitofwork.Flush) error {
	if panicOnce {
		panicOnce = false
		panic("hook bug")
	}
	return nil
}

// A model hook that panics (recovered by the program, as net/http does
// for a handler) leaves no half-finished flush: the session refuses work
// until Rollback, which forgets the pending note, and the note added
// again is inserted once.
func TestEventsHookPanic(t *testing.T) {
	var notes *mapper.Mapping[PanicNote]
	d, reg, ctx := sqliteTables(t, func(reg *mapper.Registry) {
		notes = mapper.MustMap[PanicNote](reg, "panic_notes")
	})
	s := unitofwork.New(d.e, reg)
	defer s.Close()
	n := &PanicNote{Body: "x"}
	must(t, s.Add(n))
	panicOnce = true
	mustPanic(t, func() { _ = s.Commit(ctx) })
	var nr *unitofwork.NeedsRollbackError
	if err := s.Commit(ctx); !errors.As(err, &nr) {
		t.Fatalf("Commit after the panic: %v; want a NeedsRollbackError", err)
	}
	must(t, s.Rollback(ctx))
	if n.ID != 0 {
		t.Errorf("key %d left in a note that was rolled back", n.ID)
	}
	must(t, s.Add(n))
	must(t, s.Commit(ctx))
	wantRows(t, d, notes.Table, 1)
}

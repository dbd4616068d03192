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

func TestCriteriaCTEShadowsTable(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		a1, b1 := &User{Email: "a1@x"}, &User{Email: "b1@x"}
		orgA := &Org{Name: "A", Users: []*User{a1}}
		orgB := &Org{Name: "B", Users: []*User{b1}}
		commit(t, d, seed, orgA, orgB)
		s := sc.session(d, unitofwork.Criteria[User](sc.Users.C("org_id").Eq(orgA.ID)))
		defer s.Close()
		u := sc.Users
		// WITH users AS (SELECT id, $A AS org_id, email, ... FROM users)
		// SELECT users.* FROM users — every selected column is the
		// table's own and the table is in FROM, so the check passes.
		body := expr.Select(u.C("id"), expr.Value(orgA.ID).As("org_id"), u.C("email"), u.C("nick"),
			u.C("score"), u.C("active"), u.C("version")).From(u.Table)
		q := u.Select().With(body.CTE("users"))
		got, err := unitofwork.All[User](ctx, s, q)
		if errors.Is(err, unitofwork.ErrCriteria) {
			return // refused: fine
		}
		if err != nil {
			t.Logf("%s: %v", d.name, err)
			return
		}
		for _, x := range got {
			if x.Email == "b1@x" {
				t.Errorf("criteria bypassed by a CTE named like the table: read %q of the other tenant (%d rows)", x.Email, len(got))
			}
		}
	})
}

// Valid queries the new select-item check must still accept.
func TestCriteriaValidQueries(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		a1 := &User{Email: "a1@x"}
		commit(t, d, seed, &Org{Name: "A", Users: []*User{a1}})
		s := sc.session(d, unitofwork.Criteria[User](sc.Users.C("org_id").Eq(a1.OrgID)))
		defer s.Close()
		u := sc.Users
		if _, err := unitofwork.All[User](ctx, s, u.Select()); err != nil {
			t.Errorf("Select(): %v", err)
		}
		q := expr.Select(u.C("id").As("id"), u.C("org_id"), u.C("email"), u.C("nick"), u.C("score"), u.C("active"), u.C("version")).From(u.Table)
		if _, err := unitofwork.All[User](ctx, s, q); err != nil {
			t.Errorf("labelled: %v", err)
		}
		j := u.Select().Join(sc.Orgs.Table, sc.Orgs.C("id").Eq(u.C("org_id"))).Where(sc.Orgs.C("name").Eq("A"))
		if got, err := unitofwork.All[User](ctx, s, j); err != nil || len(got) != 1 {
			t.Errorf("join: %d, %v", len(got), err)
		}
		if _, err := unitofwork.Get[User](ctx, s, a1.ID); err != nil {
			t.Errorf("Get: %v", err)
		}
		if _, err := unitofwork.All[Org](ctx, s, sc.Orgs.Select(), unitofwork.SelectIn("Users")); err != nil {
			t.Errorf("SelectIn: %v", err)
		}
	})
}

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

// A panic in a second flush round rolls back the first round's writes,
// as an error there does (TestEventsSecondRoundFailureRollsBack).
func TestEventsSecondRoundPanic(t *testing.T) {
	d := &testDB{name: "sqlite", log: &statementLog{}}
	d.e = openSQLite(t, engine.WithHooks(d.log))
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	notes := mapper.MustMap[PanicRoundNote](reg, "panic_round_notes")
	audits := mapper.MustMap[PanicRoundAudit](reg, "panic_round_audits")
	reg.MustResolve()
	ctx := timeout(t)
	must(t, d.e.CreateAll(ctx, meta))
	var audit *PanicRoundAudit
	s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
		AfterFlush: func(_ context.Context, f *unitofwork.Flush) error {
			for _, o := range f.New() {
				if n, ok := o.(*PanicRoundNote); ok {
					audit = &PanicRoundAudit{Action: "panic", NoteID: n.ID}
					if err := f.Add(audit); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}))
	defer s.Close()
	must(t, s.Add(&PanicRoundNote{Body: "x"}))
	func() {
		defer func() {
			if p := recover(); p == nil {
				t.Fatal("no panic")
			}
		}()
		_ = s.Commit(ctx)
	}()
	must(t, s.Expunge(audit))
	err := s.Commit(ctx)
	t.Logf("Commit after the recovered panic: %v", err)
	if err == nil && countRows(t, d, notes.Table) == 1 && countRows(t, d, audits.Table) == 0 {
		t.Errorf("the note of the Commit that panicked was committed later, without its audit row")
	}
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

// A panic in a flush hook after a statement sent alone (committed by the
// database) leaves the session agreeing with the database.
func TestEventsAloneCommitHookPanic(t *testing.T) {
	d := &testDB{name: "sqlite", log: &statementLog{}}
	d.e = openSQLite(t, engine.WithHooks(d.log))
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	plain := mapper.MustMap[AlonePlain](reg, "alone_plain")
	reg.MustResolve()
	ctx := timeout(t)
	must(t, d.e.CreateAll(ctx, meta))
	h := &panicFlushHook{armed: true}
	s := unitofwork.New(d.e, reg, unitofwork.WithFlushHooks(h))
	defer s.Close()
	n := &AlonePlain{Body: "x"}
	must(t, s.Add(n))
	d.log.take()
	func() {
		defer func() { recover() }()
		_ = s.Commit(ctx)
	}()
	t.Logf("statements of the Commit that panicked: %q", d.log.kinds())
	must(t, s.Rollback(ctx)) // busy released: Rollback is allowed
	// The statement went alone and committed: the session agrees with
	// the database — the object persistent, with its key.
	if c := countRows(t, d, plain.Table); c != 1 {
		t.Errorf("%d rows after the committed statement; want 1", c)
	}
	if st, _ := s.State(n); st != unitofwork.Persistent || n.ID == 0 {
		t.Errorf("the committed object after the panic: %v, %+v; want persistent with its key", st, *n)
	}
	must(t, s.Add(&AlonePlain{Body: "y"}))
	must(t, s.Commit(ctx))
}

func TestEventsAloneCommitFailureAfterRollback(t *testing.T) {
	for _, begin := range []bool{false, true} {
		d := &testDB{name: "sqlite", log: &statementLog{}}
		d.e = openSQLite(t, engine.WithHooks(d.log))
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		mapper.MustMap[AlonePlain](reg, "alone_plain")
		reg.MustResolve()
		ctx := timeout(t)
		must(t, d.e.CreateAll(ctx, meta))
		rollbacks := 0
		s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
			AfterRollback: func(context.Context, *unitofwork.Session) { rollbacks++ },
		}))
		if begin {
			must(t, s.Begin(ctx, engine.TxOptions{}))
		}
		must(t, s.Add(&AlonePlain{Body: "same"}, &AlonePlain{Body: "same"}))
		d.log.take()
		if err := s.Commit(ctx); err == nil {
			t.Fatal("Commit of two rows with one unique value succeeded")
		}
		sent := d.log.kinds()
		atCommit := rollbacks
		must(t, s.Rollback(ctx))
		must(t, s.Close())
		t.Logf("Begin first %v: statements %q; AfterRollback at Commit %d, in all %d", begin, sent, atCommit, rollbacks)
		if rollbacks != 1 {
			t.Errorf("Begin first %v: AfterRollback ran %d times for a failed Commit; want 1", begin, rollbacks)
		}
	}
}

func TestEventsFailedFlushAnnouncedByRollback(t *testing.T) {
	d := &testDB{name: "sqlite", log: &statementLog{}}
	d.e = openSQLite(t, engine.WithHooks(d.log))
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapper.MustMap[AlonePlain](reg, "alone_plain")
	reg.MustResolve()
	ctx := timeout(t)
	must(t, d.e.CreateAll(ctx, meta))
	rollbacks := 0
	s := unitofwork.New(d.e, reg, unitofwork.WithEvents(unitofwork.Events{
		AfterRollback: func(context.Context, *unitofwork.Session) { rollbacks++ },
	}))
	defer s.Close()
	must(t, s.Add(&AlonePlain{Body: "same"}, &AlonePlain{Body: "same"}))
	if err := s.Flush(ctx); err == nil {
		t.Fatal("flush succeeded")
	}
	afterFlush := rollbacks
	err := s.Commit(ctx)
	afterCommit := rollbacks
	must(t, s.Rollback(ctx))
	t.Logf("Commit: %v; AfterRollback after Flush %d, after refused Commit %d, after Rollback %d", err, afterFlush, afterCommit, rollbacks)
	if afterCommit != 0 {
		t.Errorf("AfterRollback ran at a Commit refused with NeedsRollback; the doc says a failed Flush leaves it to the Rollback or Close after it")
	}
}

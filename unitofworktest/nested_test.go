package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantRows checks the number of rows in table.
func wantRows(t *testing.T, d *testDB, table *expr.Table, want int64) {
	t.Helper()
	if n := countRows(t, d, table); n != want {
		t.Errorf("%s: %d rows in %s, want %d", d.name, n, table.Name, want)
	}
}

// Rolling back a savepoint forgets the objects inserted inside it,
// un-deletes and restores the ones deleted or changed inside it, and
// leaves the enclosing transaction to commit what came before.
func TestNestedRollbackRestores(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		acme := &Org{Name: "Acme"}
		gone := &Org{Name: "Gone"}
		commit(t, d, s, acme, gone)

		before := &Org{Name: "Before"} // added in the outer transaction
		must(t, s.Add(before))
		acme.Name = "Outer" // changed in the outer transaction
		n, err := s.BeginNested(ctx)
		must(t, err)
		wantStatements(t, d, "BEGIN", "INSERT orgs", "UPDATE orgs", "SAVEPOINT", "BEGIN SAVEPOINT")

		acme.Name = "Inner"
		must(t, s.Delete(gone))
		inner := &Org{Name: "Inner org"}
		unflushed := &Org{Name: "Never flushed"}
		must(t, s.Add(inner))
		must(t, s.Flush(ctx))
		must(t, s.Add(unflushed))
		if inner.ID == 0 {
			t.Fatal("no key after the flush inside the savepoint")
		}
		must(t, n.Rollback(ctx))
		got := d.log.kinds()
		if last := got[len(got)-2:]; last[0] != "ROLLBACK" || last[1] != "ROLLBACK SAVEPOINT" {
			t.Errorf("%s: statements %q, want ROLLBACK TO SAVEPOINT last", d.name, got)
		}
		if acme.Name != "Outer" || inner.ID != 0 || gone.Name != "Gone" {
			t.Errorf("after the savepoint's rollback: acme %q, inner id %d, gone %q", acme.Name, inner.ID, gone.Name)
		}
		for obj, want := range map[any]unitofwork.State{
			acme: unitofwork.Persistent, gone: unitofwork.Persistent, before: unitofwork.Persistent,
			inner: unitofwork.Transient, unflushed: unitofwork.Transient,
		} {
			if st, _ := s.State(obj); st != want {
				t.Errorf("%+v: %v, want %v", obj, st, want)
			}
		}
		if got, err := unitofwork.Get[Org](ctx, s, gone.ID); err != nil || got != gone {
			t.Errorf("Get of the un-deleted org: %v %v", got, err)
		}
		if err := n.Rollback(ctx); !errors.Is(err, unitofwork.ErrNestedDone) {
			t.Errorf("second Rollback: %v", err)
		}
		d.log.take()
		// The outer transaction goes on and commits its own changes only.
		must(t, s.Commit(ctx))
		wantStatements(t, d, "COMMIT")
		wantRows(t, d, sc.Orgs.Table, 3)
		fresh := sc.session(d)
		defer fresh.Close()
		if back, err := unitofwork.Get[Org](ctx, fresh, acme.ID); err != nil || back.Name != "Outer" {
			t.Errorf("acme's row: %+v %v", back, err)
		}
	})
}

// A committed savepoint releases it; its changes belong to the enclosing
// transaction, whose rollback undoes them back to the values before it.
func TestNestedCommitThenOuterRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		acme := &Org{Name: "Acme"}
		commit(t, d, s, acme)

		acme.Name = "Outer"
		must(t, s.Flush(ctx))
		n, err := s.BeginNested(ctx)
		must(t, err)
		acme.Name = "Inner"
		added := &Org{Name: "Added"}
		must(t, s.Add(added))
		must(t, n.Commit(ctx))
		wantStatements(t, d, "BEGIN", "UPDATE orgs", "SAVEPOINT", "BEGIN SAVEPOINT",
			"INSERT orgs", "UPDATE orgs", "RELEASE", "COMMIT SAVEPOINT")
		if st, _ := s.State(added); st != unitofwork.Persistent || added.ID == 0 {
			t.Errorf("added after the savepoint's commit: %v, id %d", st, added.ID)
		}
		if err := n.Commit(ctx); !errors.Is(err, unitofwork.ErrNestedDone) {
			t.Errorf("second Commit: %v", err)
		}
		must(t, s.Rollback(ctx))
		if acme.Name != "Acme" || added.ID != 0 {
			t.Errorf("after the outer rollback: acme %q, added id %d", acme.Name, added.ID)
		}
		if st, _ := s.State(added); st != unitofwork.Transient {
			t.Errorf("added after the outer rollback: %v", st)
		}
		wantRows(t, d, sc.Orgs.Table, 1)
	})
}

// BeginNested on a session without a transaction opens one first; a
// savepoint inside a savepoint rolls back on its own.
func TestNestedInsideNested(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		n1, err := s.BeginNested(ctx)
		must(t, err)
		wantStatements(t, d, "BEGIN", "SAVEPOINT", "BEGIN SAVEPOINT")
		kept := &Org{Name: "Kept"}
		must(t, s.Add(kept))
		n2, err := s.BeginNested(ctx)
		must(t, err)
		kept.Name = "Changed inside"
		dropped := &Org{Name: "Dropped"}
		must(t, s.Add(dropped))
		must(t, s.Flush(ctx))
		must(t, n2.Rollback(ctx))
		if kept.Name != "Kept" || dropped.ID != 0 {
			t.Errorf("after the inner rollback: kept %q, dropped id %d", kept.Name, dropped.ID)
		}
		must(t, n1.Commit(ctx))
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Orgs.Table, 1)
	})
}

// A flush that fails inside a savepoint rolls back only to it: the
// session refuses work until the savepoint's Rollback, and the enclosing
// transaction then commits what it wrote before.
func TestNestedFailedFlush(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "Acme"})
		outer := &Org{Name: "Outer"}
		must(t, s.Add(outer))
		n, err := s.BeginNested(ctx)
		must(t, err)
		dup := &Org{Name: "Acme"}
		must(t, s.Add(dup))
		d.log.take()
		err = s.Flush(ctx)
		if !errors.Is(err, engine.ErrUniqueViolation) {
			t.Fatalf("flush: %v", err)
		}
		wantStatements(t, d, "INSERT orgs", "ROLLBACK", "ROLLBACK SAVEPOINT")
		if dup.ID != 0 {
			t.Errorf("key kept after the failed flush: %d", dup.ID)
		}
		if _, err := s.BeginNested(ctx); !errors.Is(err, unitofwork.ErrNeedsRollback) {
			t.Errorf("BeginNested after the failed flush: %v", err)
		}
		must(t, n.Rollback(ctx))
		wantStatements(t, d) // the database was rolled back already
		if st, _ := s.State(dup); st != unitofwork.Transient {
			t.Errorf("dup after the savepoint's rollback: %v", st)
		}
		if st, _ := s.State(outer); st != unitofwork.Persistent {
			t.Errorf("outer after the savepoint's rollback: %v", st)
		}
		must(t, s.Commit(ctx))
		wantStatements(t, d, "COMMIT")
		wantRows(t, d, sc.Orgs.Table, 2)
	})
}

// Rolling back a savepoint undoes a cascade: the deleted post and the
// comments deleted with it are persistent again, and their rows stay.
func TestNestedRollbackUndoesCascadeDelete(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}}}
		commit(t, d, s, post)
		n, err := s.BeginNested(ctx)
		must(t, err)
		must(t, s.Delete(post))
		must(t, s.Flush(ctx))
		if st, _ := s.State(post.Comments[0]); st != unitofwork.Deleted {
			t.Fatalf("comment after the cascading flush: %v", st)
		}
		comments := post.Comments
		must(t, n.Rollback(ctx))
		if post.Comments != nil {
			t.Errorf("post's comments after the rollback: %v; want nil, not loaded", post.Comments)
		}
		for _, obj := range []any{post, comments[0], comments[1]} {
			if st, _ := s.State(obj); st != unitofwork.Persistent {
				t.Errorf("%+v after the savepoint's rollback: %v", obj, st)
			}
		}
		d.log.take()
		must(t, s.Commit(ctx))
		wantStatements(t, d, "COMMIT")
		wantRows(t, d, sc.Posts.Table, 1)
		wantRows(t, d, sc.Comments.Table, 2)
	})
}

// The session's Commit ends the nested transactions still open with it:
// their changes are committed, and they refuse a later Commit.
func TestCommitEndsOpenNested(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		n, err := s.BeginNested(ctx)
		must(t, err)
		org := &Org{Name: "Inside"}
		must(t, s.Add(org))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "SAVEPOINT", "BEGIN SAVEPOINT", "INSERT orgs", "COMMIT")
		if err := n.Commit(ctx); !errors.Is(err, unitofwork.ErrNestedDone) {
			t.Errorf("Commit of the ended nested transaction: %v", err)
		}
		if st, _ := s.State(org); st != unitofwork.Persistent {
			t.Errorf("org: %v", st)
		}
		// A rollback now has nothing of the committed transaction to undo.
		must(t, s.Rollback(ctx))
		if st, _ := s.State(org); st != unitofwork.Persistent || org.ID == 0 {
			t.Errorf("org after a later rollback: %v, id %d", st, org.ID)
		}
		wantRows(t, d, sc.Orgs.Table, 1)
	})
}

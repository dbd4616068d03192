package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// committedUser commits a user in a session of its own and returns the
// user, detached when that session closes.
func committedUser(t *testing.T, d *testDB, sc *schema, email string) *User {
	t.Helper()
	s := sc.session(d)
	u := &User{Email: email, Score: 1, Org: &Org{Name: "Org of " + email}}
	commit(t, d, s, u)
	must(t, s.Close())
	u.Org = nil
	return u
}

// Merge loads the row when the session does not hold it, copies the
// detached object's values onto the loaded object, and the flush UPDATEs
// what differs; the detached object stays out of the session.
func TestMergeLoads(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		detached := committedUser(t, d, sc, "ann@x")
		detached.Score = 42
		s := sc.session(d)
		defer s.Close()
		got, err := unitofwork.Merge(ctx, s, detached)
		must(t, err)
		wantStatements(t, d, "SELECT")
		if got == detached || got.Score != 42 || got.ID != detached.ID {
			t.Fatalf("merged: %p %+v (given %p)", got, got, detached)
		}
		if st, _ := s.State(detached); st != unitofwork.Transient {
			t.Errorf("the given object: %v, want it left out", st)
		}
		if st, _ := s.State(got); st != unitofwork.Persistent {
			t.Errorf("the session's object: %v", st)
		}
		if again, err := unitofwork.Merge(ctx, s, detached); err != nil || again != got {
			t.Errorf("second Merge: %p %v, want %p", again, err, got)
		}
		wantStatements(t, d) // held now: no SQL
		must(t, s.Commit(ctx))
		// One statement: sent without BEGIN and COMMIT.
		wantStatements(t, d, "UPDATE users")
		if got.Version != 2 { // 1 at insert, bumped once
			t.Errorf("version after the merged update: %d, want 2", got.Version)
		}
	})
}

// Merge onto an object the session holds overwrites its values, runs no
// SQL, and a value set back to the loaded one sends nothing.
func TestMergeOntoHeld(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		detached := committedUser(t, d, sc, "ann@x")
		s := sc.session(d)
		defer s.Close()
		held, err := unitofwork.Get[User](ctx, s, detached.ID)
		must(t, err)
		held.Score = 99 // an unflushed change the merge replaces
		d.log.take()
		got, err := unitofwork.Merge(ctx, s, detached)
		if err != nil || got != held {
			t.Fatalf("Merge: %p %v, want %p", got, err, held)
		}
		wantStatements(t, d)
		if held.Score != 1 {
			t.Errorf("score after the merge: %d, want 1", held.Score)
		}
		must(t, s.Commit(ctx))
		wantStatements(t, d) // back to the row's values
	})
}

// A detached object read before another update of its row is refused:
// its values would overwrite the newer ones.
func TestMergeStaleVersion(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		detached := committedUser(t, d, sc, "ann@x")
		other := sc.session(d)
		defer other.Close()
		u, err := unitofwork.Get[User](ctx, other, detached.ID)
		must(t, err)
		u.Score = 5
		must(t, other.Commit(ctx))
		s := sc.session(d)
		defer s.Close()
		detached.Score = 6
		if _, err := unitofwork.Merge(ctx, s, detached); !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("Merge of a stale object: %v", err)
		}
		if _, err := unitofwork.Merge(ctx, s, detached, unitofwork.NoLoad()); !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("Merge with NoLoad onto the held newer version: %v", err)
		}
		must(t, s.Commit(ctx))
		fresh := sc.session(d)
		defer fresh.Close()
		if back, err := unitofwork.Get[User](ctx, fresh, detached.ID); err != nil || back.Score != 5 {
			t.Errorf("row after the refused merge: %+v %v", back, err)
		}
	})
}

// With NoLoad the given values are trusted as the row: no SELECT, and
// nothing to flush.
func TestMergeNoLoad(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		detached := committedUser(t, d, sc, "ann@x")
		s := sc.session(d)
		defer s.Close()
		got, err := unitofwork.Merge(ctx, s, detached, unitofwork.NoLoad())
		must(t, err)
		if got == detached || got.Email != "ann@x" || got.ID != detached.ID {
			t.Fatalf("merged: %+v", got)
		}
		if st, _ := s.State(got); st != unitofwork.Persistent {
			t.Errorf("merged object: %v", st)
		}
		must(t, s.Commit(ctx))
		wantStatements(t, d) // no SELECT, no UPDATE
		got.Score = 3
		must(t, s.Commit(ctx))
		// One statement: sent without BEGIN and COMMIT.
		wantStatements(t, d, "UPDATE users")
	})
}

// An object whose row does not exist, or whose key the database is to
// generate, is merged as a new pending copy.
func TestMergeNewBecomesPending(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		fresh := &Org{Name: "Fresh"}
		got, err := unitofwork.Merge(ctx, s, fresh)
		must(t, err)
		wantStatements(t, d) // no key: nothing to look up
		wantCopy(t, s, fresh, got)
		missing := &Org{ID: 4242, Name: "Missing"}
		got2, err := unitofwork.Merge(ctx, s, missing)
		must(t, err)
		// The autoflush before the SELECT inserts the first copy.
		wantStatements(t, d, "BEGIN", "INSERT orgs", "SELECT")
		wantCopy(t, s, missing, got2)
		must(t, s.Commit(ctx))
		if got.ID == 0 || got2.ID != 4242 || fresh.ID != 0 {
			t.Errorf("keys: copy %d, copy of missing %d, given %d", got.ID, got2.ID, fresh.ID)
		}
		wantRows(t, d, sc.Orgs.Table, 2)
	})
}

// wantCopy checks that Merge of given returned got, a pending copy.
func wantCopy(t *testing.T, s *unitofwork.Session, given, got *Org) {
	t.Helper()
	if got == given || got.Name != given.Name {
		t.Errorf("merged %+v: %p %+v", given, got, got)
	}
	if st, _ := s.State(got); st != unitofwork.Pending {
		t.Errorf("copy of %q: %v, want pending", given.Name, st)
	}
	if st, _ := s.State(given); st != unitofwork.Transient {
		t.Errorf("given %q: %v", given.Name, st)
	}
}

// Merge refuses an object whose row the session has marked for deletion:
// copying onto it would revive nothing and lose the values silently.
func TestMergeOntoDeleted(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		acme := &Org{Name: "Acme"}
		commit(t, d, s, acme)
		must(t, s.Delete(acme))
		copyOf := &Org{ID: acme.ID, Name: "Copy"}
		if _, err := unitofwork.Merge(ctx, s, copyOf); !errors.Is(err, unitofwork.ErrObject) {
			t.Fatalf("Merge onto a deleted object: %v", err)
		}
		if acme.Name != "Acme" {
			t.Errorf("deleted object's name: %q", acme.Name)
		}
	})
}

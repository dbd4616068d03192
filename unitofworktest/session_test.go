package unitofworktest

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// commit adds objs to s and commits, failing the test on error, and
// forgets the statements it sent.
func commit(t *testing.T, d *testDB, s *unitofwork.Session, objs ...any) {
	t.Helper()
	if err := s.Add(objs...); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(timeout(t)); err != nil {
		t.Fatal(err)
	}
	d.log.take()
}

func wantStatements(t *testing.T, d *testDB, want ...string) {
	t.Helper()
	if got := d.log.kinds(); !slices.Equal(got, want) {
		t.Errorf("%s: statements\n got %q\nwant %q", d.name, got, want)
	}
}

// Adding a parent with children inserts the parent first and gives the
// children its generated key; the session then holds each object once.
func TestAddCommitOrdersByForeignKeys(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)

		ann := &User{Email: "ann@example.com"} // added first, inserted after its org
		acme := &Org{Name: "Acme", Users: []*User{ann, {Email: "bob@example.com", Score: 0, Active: false}}}
		if err := s.Add(ann, acme); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.State(acme.Users[1]); st != unitofwork.Transient {
			t.Errorf("child before flush: %v (the cascade runs at flush)", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "INSERT orgs", "INSERT users", "COMMIT")
		if acme.ID == 0 || ann.OrgID != acme.ID || acme.Users[1].OrgID != acme.ID || ann.ID == 0 || acme.Users[1].ID == 0 {
			t.Fatalf("keys: org %d, users %+v %+v", acme.ID, ann, acme.Users[1])
		}
		for _, u := range acme.Users {
			if st, _ := s.State(u); st != unitofwork.Persistent {
				t.Errorf("user after commit: %v", st)
			}
		}
		// The identity map answers without SQL, with the same pointer.
		got, err := unitofwork.Get[User](ctx, s, ann.ID)
		if err != nil || got != ann {
			t.Fatalf("Get: %p %v, want %p", got, err, ann)
		}
		again, err := unitofwork.Get[User](ctx, s, int(ann.ID)) // converted to int64
		if err != nil || again != ann {
			t.Fatalf("Get with an int: %p %v", again, err)
		}
		wantStatements(t, d)
		// A query returns the session's objects for the rows it holds.
		users, err := unitofwork.All[User](ctx, s, sc.Users.Select().OrderBy(sc.Users.C("id").Asc()))
		if err != nil || len(users) != 2 || users[0] != ann || users[1] != acme.Users[1] {
			t.Fatalf("All: %v %v", users, err)
		}
		if _, err := unitofwork.Get[User](ctx, s, int64(999999)); !errors.Is(err, engine.ErrNoRows) {
			t.Errorf("Get of a missing row: %v", err)
		}
	})
}

// A flush updates only the columns that changed; setting a field to its
// value, or changing it and back, sends nothing; zero values and NULL are
// written.
func TestChangeTracking(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		org := &Org{Name: "Acme"}
		u := &User{Email: "ann@example.com", Nick: ptr("ann"), Score: 7, Active: true, Org: org}
		commit(t, d, s, u)

		u.Score = 7
		u.Email = "x"
		u.Email = "ann@example.com"
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d) // nothing changed: no BEGIN either

		u.Score, u.Active, u.Nick = 0, false, nil
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		// One statement: sent without BEGIN and COMMIT.
		wantStatements(t, d, "UPDATE users")
		if u.Version != 2 {
			t.Errorf("version after the insert and one update: %d, want 2", u.Version)
		}
		fresh := sc.session(d)
		defer fresh.Close()
		back, err := unitofwork.Get[User](ctx, fresh, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.Score != 0 || back.Active || back.Nick != nil || back.Version != 2 || back.Email != "ann@example.com" {
			t.Errorf("row after update: %+v", back)
		}
	})
}

// Deleting sends DELETEs children first; the deleted objects leave the
// session at commit.
func TestDeleteOrder(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		org := &Org{Name: "Acme", Users: []*User{{Email: "a@x"}, {Email: "b@x"}}}
		commit(t, d, s, org)
		for _, o := range []any{org, org.Users[0], org.Users[1]} {
			if err := s.Delete(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "DELETE users", "DELETE users", "DELETE orgs", "COMMIT")
		if st, _ := s.State(org); st != unitofwork.Detached {
			t.Errorf("deleted org after commit: %v", st)
		}
		if n := countRows(t, d, sc.Orgs.Table); n != 0 {
			t.Errorf("%d orgs left", n)
		}
	})
}

// A tree is inserted parents first, level by level, and deleted leaves
// first.
func TestSelfReferentialOrder(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		root := &Node{Name: "root"}
		mid := &Node{Name: "mid", Parent: root}
		leaf := &Node{Name: "leaf"}
		mid.Children = []*Node{leaf}
		if err := s.Add(leaf, mid, root); err != nil { // added leaves first
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "INSERT nodes", "INSERT nodes", "INSERT nodes", "COMMIT")
		if mid.ParentID == nil || *mid.ParentID != root.ID || leaf.ParentID == nil || *leaf.ParentID != mid.ID {
			t.Fatalf("tree keys: root %d mid %+v leaf %+v", root.ID, mid, leaf)
		}
		for _, n := range []*Node{root, leaf, mid} {
			if err := s.Delete(n); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, d, sc.Nodes.Table); n != 0 {
			t.Errorf("%d nodes left", n)
		}
	})
}

// A failed flush rolls back, leaves pending objects pending with their
// keys cleared, and the session refuses work until Rollback.
func TestFailedFlush(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "Acme"})
		good := &Org{Name: "Good"}
		dup := &Org{Name: "Acme"}
		if err := s.Add(good, dup); err != nil {
			t.Fatal(err)
		}
		err := s.Flush(ctx)
		if !errors.Is(err, unitofwork.ErrFlush) || !errors.Is(err, engine.ErrUniqueViolation) {
			t.Fatalf("flush: %v", err)
		}
		if good.ID != 0 || dup.ID != 0 {
			t.Errorf("keys kept after the failed flush: %d %d", good.ID, dup.ID)
		}
		if st, _ := s.State(good); st != unitofwork.Pending {
			t.Errorf("good after failed flush: %v", st)
		}
		if _, err := unitofwork.Get[Org](ctx, s, int64(1)); !errors.Is(err, unitofwork.ErrNeedsRollback) {
			t.Errorf("Get after failed flush: %v", err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.State(good); st != unitofwork.Transient {
			t.Errorf("pending object after Rollback: %v", st)
		}
		dup.Name = "Other"
		if err := s.Add(good, dup); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("after recovery: %v", err)
		}
		if n := countRows(t, d, sc.Orgs.Table); n != 3 {
			t.Errorf("%d orgs, want 3", n)
		}
	})
}

// Rollback puts back what the database holds: changed values, deleted
// objects, and forgets objects inserted in the transaction.
func TestRollbackRestores(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		acme := &Org{Name: "Acme"}
		gone := &Org{Name: "Gone"}
		commit(t, d, s, acme, gone)
		acme.Name = "Renamed"
		if err := s.Delete(gone); err != nil {
			t.Fatal(err)
		}
		added := &Org{Name: "Added"}
		if err := s.Add(added); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if added.ID == 0 {
			t.Fatal("no key after flush")
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if acme.Name != "Acme" || added.ID != 0 {
			t.Errorf("after rollback: acme %q, added id %d", acme.Name, added.ID)
		}
		for obj, want := range map[any]unitofwork.State{acme: unitofwork.Persistent, gone: unitofwork.Persistent, added: unitofwork.Transient} {
			if st, _ := s.State(obj); st != want {
				t.Errorf("%+v: %v, want %v", obj, st, want)
			}
		}
		if got, err := unitofwork.Get[Org](ctx, s, gone.ID); err != nil || got != gone {
			t.Errorf("Get of the un-deleted org: %v %v", got, err)
		}
		if n := countRows(t, d, sc.Orgs.Table); n != 2 {
			t.Errorf("%d orgs, want 2", n)
		}
	})
}

// An update of a row another session changed first is a stale-data error.
func TestStaleVersion(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		a, b := sc.session(d), sc.session(d)
		defer a.Close()
		defer b.Close()
		u := &User{Email: "ann@x", Org: &Org{Name: "Acme"}}
		commit(t, d, a, u)
		other, err := unitofwork.Get[User](ctx, b, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		other.Score = 1
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		u.Score = 2
		if err := a.Commit(ctx); !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("lost update: %v", err)
		}
		if u.Version != 1 || u.Score != 2 {
			t.Errorf("after the stale flush: version %d score %d", u.Version, u.Score)
		}
	})
}

// Two goroutines on one session get ErrConcurrentUse, not a data race.
func TestConcurrentUse(t *testing.T) {
	func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		s := sc.session(d)
		defer s.Close()
		var wg sync.WaitGroup
		var mu sync.Mutex
		concurrent := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 200 {
					if err := s.Add(&Org{Name: "x"}); errors.Is(err, unitofwork.ErrConcurrentUse) {
						mu.Lock()
						concurrent++
						mu.Unlock()
					} else if err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		t.Logf("%d overlapping calls refused", concurrent)
	}(t, &testDB{name: "sqlite", e: openSQLite(t), log: &statementLog{}})
}

package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// Merge follows relationships: a detached parent with its children —
// changed, unchanged and new — lands on the session's objects, and the
// flush writes what differs.
func TestMergeFollowsRelationships(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		ann, bob := &User{Email: "ann@x", Score: 1}, &User{Email: "bob@x", Score: 1}
		acme := &Org{Name: "Acme", Users: []*User{ann, bob}}
		first := sc.session(d)
		commit(t, d, first, acme)
		must(t, first.Close())

		// What a request decoded: copies, plus a new user.
		in := &Org{ID: acme.ID, Name: "Acme Inc", Users: []*User{
			{ID: ann.ID, OrgID: acme.ID, Email: "ann@x", Score: 5, Version: ann.Version},
			{ID: bob.ID, OrgID: acme.ID, Email: "bob@x", Score: 1, Version: bob.Version},
			{Email: "cat@x", Score: 2},
		}}
		got, err := unitofwork.Merge(ctx, s, in)
		must(t, err)
		if got == in || got.Name != "Acme Inc" || len(got.Users) != 3 {
			t.Fatalf("merged: %+v", got)
		}
		for i, u := range got.Users {
			if u == in.Users[i] {
				t.Errorf("user %d: the given object, not the session's", i)
			}
		}
		held, err := unitofwork.Get[User](ctx, s, ann.ID)
		must(t, err)
		if held != got.Users[0] || held.Score != 5 {
			t.Errorf("ann: session's %p score %d, collection has %p", held, held.Score, got.Users[0])
		}
		d.log.take()
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "UPDATE orgs", "INSERT users", "UPDATE users", "COMMIT")
		if got.Users[2].ID == 0 || got.Users[2].OrgID != acme.ID {
			t.Errorf("new user: id %d org %d", got.Users[2].ID, got.Users[2].OrgID)
		}
		score, err := engine.Scalar[int64](ctx, d.e, expr.Select(sc.Users.C("score")).From(sc.Users.Table).Where(sc.Users.C("id").Eq(ann.ID)))
		must(t, err)
		if score != 5 {
			t.Errorf("ann's score in the table: %d", score)
		}
		wantRows(t, d, sc.Users.Table, 3)
	})
}

// A graph with a cycle (a user whose org lists the user) is merged once
// per object, and the session's copies point to each other.
func TestMergeCycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		u := committedUser(t, d, sc, "ann@x")
		org := &Org{ID: u.OrgID, Name: "Org of ann@x"}
		in := &User{ID: u.ID, OrgID: u.OrgID, Email: u.Email, Score: 9, Version: u.Version, Org: org}
		org.Users = []*User{in}
		got, err := unitofwork.Merge(ctx, s, in)
		must(t, err)
		if got.Org == nil || got.Org == org || len(got.Org.Users) != 1 || got.Org.Users[0] != got {
			t.Fatalf("merged cycle: user %p, org %+v", got, got.Org)
		}
		must(t, s.Commit(ctx))
	})
}

// A nil many-to-one in the merged object leaves the session's pointer
// when it agrees with the copied foreign key, and clears it when it
// does not: the key copied decides, and the flush writes it.
func TestMergeForeignKeyWinsOverStalePointer(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		u := &User{Email: "ann@x", Org: &Org{Name: "A"}}
		other := &Org{Name: "B"}
		commit(t, d, s, u, other)
		oldOrg := u.Org

		same := &User{ID: u.ID, OrgID: oldOrg.ID, Email: u.Email, Score: 3, Version: u.Version}
		got, err := unitofwork.Merge(ctx, s, same)
		must(t, err)
		if got != u || u.Org != oldOrg {
			t.Fatalf("agreeing key: pointer %p, want the org kept (%p)", u.Org, oldOrg)
		}
		moved := &User{ID: u.ID, OrgID: other.ID, Email: u.Email, Score: 3, Version: u.Version}
		_, err = unitofwork.Merge(ctx, s, moved)
		must(t, err)
		if u.Org != nil {
			t.Fatalf("contradicting key: pointer still %p", u.Org)
		}
		must(t, s.Commit(ctx))
		orgID, err := engine.Scalar[int64](ctx, d.e, expr.Select(sc.Users.C("org_id")).From(sc.Users.Table).Where(sc.Users.C("id").Eq(u.ID)))
		must(t, err)
		if orgID != other.ID {
			t.Errorf("org_id in the table %d; want the merged %d", orgID, other.ID)
		}
	})
}

// A merged collection replaces the session's: a comment left out is an
// orphan the delete-orphan cascade deletes; a nil collection (not loaded)
// changes nothing.
func TestMergeCollectionOrphans(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}}}
		commit(t, d, s, post)
		keep := post.Comments[0]

		_, err := unitofwork.Merge(ctx, s, &Post{ID: post.ID, Title: "hello"})
		must(t, err)
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Comments.Table, 2)

		in := &Post{ID: post.ID, Title: "hello", Comments: []*Comment{{ID: keep.ID, PostID: post.ID, Body: "a"}}}
		got, err := unitofwork.Merge(ctx, s, in)
		must(t, err)
		if len(got.Comments) != 1 || got.Comments[0] != keep {
			t.Fatalf("merged comments %v; want the session's %p", got.Comments, keep)
		}
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Comments.Table, 1)
	})
}

// A merged delete-orphan collection in a new session orphans what it
// leaves out: the session loads the collection it had not seen before
// replacing it.
func TestMergeFreshSessionOrphans(t *testing.T) {
	for _, keep := range []int{1, 0} {
		forEachDB(t, func(t *testing.T, d *testDB) {
			sc := newSchema(t, d)
			ctx := timeout(t)
			first := sc.session(d)
			post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}}}
			commit(t, d, first, post)
			must(t, first.Close())

			s := sc.session(d) // a new request
			defer s.Close()
			in := &Post{ID: post.ID, Title: "hello", Comments: []*Comment{}}
			if keep == 1 {
				c := post.Comments[0]
				in.Comments = append(in.Comments, &Comment{ID: c.ID, PostID: post.ID, Body: "a"})
			}
			got, err := unitofwork.Merge(ctx, s, in)
			must(t, err)
			if len(got.Comments) != keep {
				t.Fatalf("merged comments %v", got.Comments)
			}
			must(t, s.Commit(ctx))
			wantRows(t, d, sc.Comments.Table, int64(keep))
		})
	}
}

// A Merge refused partway — a stale object after others were merged —
// leaves the session refusing work until Rollback, which puts the merged
// objects back: nothing of it is written.
func TestMergeRefusedPartway(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		ann := &User{Email: "ann@x", Score: 1}
		acme := &Org{Name: "Acme", Users: []*User{ann}}
		first := sc.session(d)
		commit(t, d, first, acme)
		must(t, first.Close())

		in := &Org{ID: acme.ID, Name: "Renamed", Users: []*User{
			{Email: "new@x"}, // a new user: a pending copy
			{ID: ann.ID, OrgID: acme.ID, Email: "ann@x", Score: 7, Version: ann.Version + 5}, // stale
		}}
		if _, err := unitofwork.Merge(ctx, s, in); !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("Merge: %v; want ErrStale", err)
		}
		var nr *unitofwork.NeedsRollbackError
		if err := s.Commit(ctx); !errors.As(err, &nr) {
			t.Fatalf("Commit after a refused Merge: %v; want a NeedsRollbackError", err)
		}
		must(t, s.Rollback(ctx))
		must(t, s.Commit(ctx))
		name, err := engine.Scalar[string](ctx, d.e, expr.Select(sc.Orgs.C("name")).From(sc.Orgs.Table).Where(sc.Orgs.C("id").Eq(acme.ID)))
		must(t, err)
		if name != "Acme" {
			t.Errorf("org name %q in the table after a refused Merge", name)
		}
		wantRows(t, d, sc.Users.Table, 1)
	})
}

// Merge with NoLoad takes the object as what the database holds: no
// SELECT, and the next flush writes nothing for it — its delete-orphan
// collection included.
func TestMergeNoLoadCollection(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		post := &Post{Title: "p", Comments: []*Comment{{Body: "a"}, {Body: "b"}, {Body: "c"}}}
		commit(t, d, seed, post)

		s := sc.session(d)
		defer s.Close()
		cached := &Post{ID: post.ID, Title: "p", Comments: []*Comment{{ID: post.Comments[0].ID, PostID: post.ID, Body: "a"}}}
		_, err := unitofwork.Merge(ctx, s, cached, unitofwork.NoLoad())
		must(t, err)
		if got := d.log.kinds(); len(got) != 0 {
			t.Errorf("%s: Merge with NoLoad sent %q", d.name, got)
		}
		must(t, s.Commit(ctx))
		if got := d.log.kinds(); len(got) != 0 {
			t.Errorf("%s: the Commit after Merge with NoLoad sent %q", d.name, got)
		}
		wantRows(t, d, sc.Comments.Table, 3)
	})
}

package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Deleting a post deletes its comments (cascade=delete-orphan implies
// delete), loading them first when the collection was not loaded, and its
// association rows before its own row.
func TestCascadeDelete(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}}}
		commit(t, d, s, post)

		fresh := sc.session(d)
		defer fresh.Close()
		p, err := unitofwork.Get[Post](ctx, fresh, post.ID) // Comments not loaded: nil
		if err != nil {
			t.Fatal(err)
		}
		d.log.take()
		if err := fresh.Delete(p); err != nil {
			t.Fatal(err)
		}
		if err := fresh.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "SELECT", "DELETE post_tags", "DELETE comments", "DELETE posts", "COMMIT") // both comments in one DELETE ... IN
		if n := countRows(t, d, sc.Comments.Table); n != 0 {
			t.Errorf("%d comments left", n)
		}
	})
}

// A comment removed from its post's loaded collection is deleted; a nil
// collection deletes nothing.
func TestDeleteOrphan(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}, {Body: "c"}}}
		commit(t, d, s, post)
		b := post.Comments[1]
		post.Comments = []*Comment{post.Comments[0], post.Comments[2]}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "DELETE comments", "COMMIT")
		if st, _ := s.State(b); st != unitofwork.Detached {
			t.Errorf("orphan after commit: %v", st)
		}
		post.Comments = nil // not "empty": unknown
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d)
		if n := countRows(t, d, sc.Comments.Table); n != 2 {
			t.Errorf("%d comments, want 2", n)
		}
	})
}

// Deleting a parent whose loaded children cannot take a NULL foreign key,
// without a delete cascade, is refused before anything is written.
func TestDeleteParentKeyNotNull(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		org := &Org{Name: "Acme", Users: []*User{{Email: "a@x"}}}
		commit(t, d, s, org)
		if err := s.Delete(org); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); !errors.Is(err, unitofwork.ErrObject) {
			t.Fatalf("commit: %v", err)
		}
		wantStatements(t, d)
		if org.Users[0].OrgID != org.ID {
			t.Errorf("child key changed: %d", org.Users[0].OrgID)
		}
		if err := s.Add(org); err != nil { // un-delete: the session goes on
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// Links of a many-to-many collection are inserted and deleted as the
// collection changes; a persistent object's links are read the first time
// its collection is seen.
func TestManyToMany(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		t1, t2, t3 := &Tag{Name: "go"}, &Tag{Name: "sql"}, &Tag{Name: "orm"}
		post := &Post{Title: "hello", Tags: []*Tag{t1, t2}}
		if err := s.Add(post); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		// Both links go in one INSERT.
		wantStatements(t, d, "BEGIN", "INSERT posts", "INSERT tags", "INSERT post_tags", "COMMIT")
		post.Tags = []*Tag{t2, t3} // move one link
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "INSERT tags", "INSERT post_tags", "DELETE post_tags", "COMMIT")

		fresh := sc.session(d)
		defer fresh.Close()
		p, err := unitofwork.Get[Post](ctx, fresh, post.ID)
		if err != nil {
			t.Fatal(err)
		}
		tag3, err := unitofwork.Get[Tag](ctx, fresh, t3.ID)
		if err != nil {
			t.Fatal(err)
		}
		d.log.take()
		p.Tags = []*Tag{tag3}
		if err := fresh.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "SELECT", "DELETE post_tags", "COMMIT")
		if n := countRows(t, d, sc.PostTags); n != 1 {
			t.Errorf("%d links, want 1", n)
		}
	})
}

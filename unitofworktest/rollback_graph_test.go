package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Rolling back a savepoint forgets the objects inserted inside it; the
// collections of the session's objects become not loaded, so the next
// flush inserts nothing again.
func TestNestedRollbackResetsCollections(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}}}
		commit(t, d, s, post)
		n, err := s.BeginNested(ctx)
		must(t, err)
		added := &Comment{Body: "b"}
		post.Comments = append(post.Comments, added)
		must(t, s.Flush(ctx))
		if added.ID == 0 {
			t.Fatal("the flush inside the savepoint did not insert")
		}
		must(t, n.Rollback(ctx))
		if st, _ := s.State(added); st != unitofwork.Transient || added.ID != 0 {
			t.Fatalf("added comment after the rollback: %v, id %d", st, added.ID)
		}
		if post.Comments != nil {
			t.Fatalf("post's comments after the rollback: %v; want nil, not loaded", post.Comments)
		}
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Comments.Table, 1)
		must(t, unitofwork.Load(ctx, s, []*Post{post}, "Comments"))
		if len(post.Comments) != 1 {
			t.Errorf("comments loaded again: %v", post.Comments)
		}
	})
}

// The same for the session's Rollback, and for a many-to-one pointer to
// an object inserted in the rolled-back transaction.
func TestRollbackResetsPointers(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		u := &User{Email: "ann@x", Org: &Org{Name: "A"}}
		commit(t, d, s, u)
		kept := u.Org
		fresh := &Org{Name: "B"}
		u.Org = fresh
		must(t, s.Flush(ctx))
		must(t, s.Rollback(ctx))
		if u.Org == fresh {
			t.Fatalf("user still points to the org the rollback forgot")
		}
		if u.OrgID != kept.ID {
			t.Errorf("org_id %d after the rollback; want %d", u.OrgID, kept.ID)
		}
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Orgs.Table, 1)
	})
}

// A pointer moved to another persistent row and rolled back with the
// transaction does not bring the move back at the next flush.
func TestRollbackDropsMovedPointer(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a, b := &Org{Name: "A"}, &Org{Name: "B"}
		u := &User{Email: "ann@x", Org: a}
		commit(t, d, s, u, b)
		u.Org = b
		must(t, s.Flush(ctx))
		must(t, s.Rollback(ctx))
		u.Score = 5
		must(t, s.Commit(ctx))
		back, err := unitofwork.Get[User](ctx, sc.session(d), u.ID)
		must(t, err)
		if back.OrgID != a.ID {
			t.Errorf("org_id %d after a rolled-back move; want %d", back.OrgID, a.ID)
		}
	})
}

// Removals from collections rolled back are not written by the next
// flush: neither the unlink nor the orphan's delete.
func TestRollbackKeepsCollectionRemovals(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "p", Tags: []*Tag{{Name: "a"}}, Comments: []*Comment{{Body: "x"}}}
		commit(t, d, s, post)
		post.Tags = []*Tag{}
		post.Comments = []*Comment{}
		post.Title = "changed"
		must(t, s.Rollback(ctx))
		if post.Title != "p" {
			t.Fatalf("title %q after the rollback", post.Title)
		}
		post.Title = "later"
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.PostTags, 1)
		wantRows(t, d, sc.Comments.Table, 1)
	})
}

// The same through a savepoint: its rollback undoes an unlink, and the
// outer commit keeps the link.
func TestNestedRollbackKeepsLinks(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "p", Tags: []*Tag{{Name: "a"}}}
		commit(t, d, s, post)
		post.Tags = append(post.Tags, &Tag{Name: "b"})
		must(t, s.Flush(ctx)) // outer transaction: link to b
		n, err := s.BeginNested(ctx)
		must(t, err)
		post.Tags = append(post.Tags, &Tag{Name: "c"})
		post.Tags = post.Tags[1:] // and unlink a
		must(t, s.Flush(ctx))
		must(t, n.Rollback(ctx))
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Tags.Table, 2)
		wantRows(t, d, sc.PostTags, 2) // a and b, as before the savepoint
	})
}

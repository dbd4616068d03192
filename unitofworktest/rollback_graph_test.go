package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Rolling back a savepoint forgets the objects inserted inside it, and
// the collections and pointers of the session's objects let go of them
// too: the next flush does not insert them again.
func TestNestedRollbackPrunesCollections(t *testing.T) {
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
		if len(post.Comments) != 1 || post.Comments[0] == added {
			t.Fatalf("post's comments after the rollback: %v; want the one of the savepoint", post.Comments)
		}
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Comments.Table, 1)
	})
}

// The same for the session's Rollback, and for a many-to-one pointer to
// an object inserted in the rolled-back transaction.
func TestRollbackPrunesPointers(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		u := &User{Email: "ann@x", Org: &Org{Name: "A"}}
		commit(t, d, s, u)
		kept := u.Org
		fresh := &Org{Name: "B"}
		u.Org = fresh
		must(t, s.Flush(ctx))
		must(t, s.Rollback(ctx))
		if u.Org != nil && u.Org == fresh {
			t.Fatalf("user still points to the org the rollback forgot")
		}
		if u.OrgID != kept.ID {
			t.Errorf("org_id %d after the rollback; want %d", u.OrgID, kept.ID)
		}
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.Orgs.Table, 1)
	})
}

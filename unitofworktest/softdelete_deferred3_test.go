package unitofworktest

import (
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/mapper"
)

type OPost struct {
	ID       int64       `db:"id,pk,autoincrement"`
	Comments []*OComment `rel:"cascade=delete-orphan"`
}

type OComment struct {
	ID        int64      `db:"id,pk,autoincrement"`
	OPostID   int64      `db:"o_post_id,references=o_posts.id"`
	DeletedAt *time.Time `db:"deleted_at,softdelete"`
}

// A delete-orphan child of a soft-deleted type is marked when removed;
// the parent's later delete cannot see the marked row, which still
// refers to it.
func TestOrphanMarkedThenParentDeleted(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[OPost](reg, "o_posts")
			mapper.MustMap[OComment](reg, "o_comments")
		})
		s := openSession(t, d, reg)
		p := &OPost{Comments: []*OComment{{}}}
		commit(t, d, s, p)
		p.Comments = []*OComment{}
		must(t, s.Commit(ctx))
		must(t, s.Delete(p))
		if err := s.Commit(ctx); err != nil {
			t.Errorf("%s: deleting a post after its orphan was marked: %v", d.name, err)
		}
	})
}

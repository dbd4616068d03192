package unitofwork

import (
	"context"
	"path/filepath"
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type recParent struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Name string `db:"name"`
}

type recChild struct {
	ID       int64      `db:"id,pk,autoincrement"`
	ParentID int64      `db:"parent_id,references=rec_parents.id"`
	Body     string     `db:"body,deferred"`
	Parent   *recParent `rel:""`
}

// An object that leaves the session takes the session's records of its
// fields with it — the deferred columns loaded, the many-to-ones loaded
// without a target — rather than leave them, and its state, in the
// session's maps.
func TestExpungeDropsFieldRecords(t *testing.T) {
	ctx := context.Background()
	e, err := sqlitedialect.Open(ctx, filepath.Join(t.TempDir(), "records.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	parents := mapper.MustMap[recParent](reg, "rec_parents")
	children := mapper.MustMap[recChild](reg, "rec_children")
	reg.MustResolve()
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatal(err)
	}
	seed := New(e, reg)
	if err := seed.Add(&recChild{Body: "b", Parent: &recParent{Name: "hidden"}}); err != nil {
		t.Fatal(err)
	}
	if err := seed.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	s := New(e, reg, Criteria[recParent](parents.C("name").Eq("shown")))
	defer s.Close()
	kids, err := All[recChild](ctx, s, children.Select())
	if err != nil {
		t.Fatal(err)
	}
	if err := Load(ctx, s, kids, "Parent", "Body"); err != nil {
		t.Fatal(err)
	}
	if len(s.colsRead) != 1 || len(s.noTarget) != 1 {
		t.Fatalf("after Load: %d deferred columns and %d many-to-ones recorded; want 1 and 1", len(s.colsRead), len(s.noTarget))
	}
	if err := s.Expunge(kids[0]); err != nil {
		t.Fatal(err)
	}
	if len(s.colsRead) != 0 || len(s.noTarget) != 0 {
		t.Errorf("after Expunge: %d deferred columns and %d many-to-ones recorded; want none", len(s.colsRead), len(s.noTarget))
	}
}

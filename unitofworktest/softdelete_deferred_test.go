package unitofworktest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type PShelf struct {
	ID    int64    `db:"id,pk,autoincrement"`
	Name  string   `db:"name,type=varchar(50)"`
	Items []*PItem `rel:"cascade=delete"`
}

type PItem struct {
	ID        int64      `db:"id,pk,autoincrement"`
	PShelfID  int64      `db:"p_shelf_id,references=p_shelfs.id"`
	Name      string     `db:"name,type=varchar(50)"`
	DeletedAt *time.Time `db:"deleted_at,softdelete"`
}

// A hard-deleted parent whose cascade=delete reaches soft-deleted
// children: the children are marked, their rows stay and still refer to
// the parent, whose DELETE then breaks the foreign key.
func TestHardParentCascadeToSoftChild(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[PShelf](reg, "p_shelfs")
			mapper.MustMap[PItem](reg, "p_items")
		})
		s := openSession(t, d, reg)
		sh := &PShelf{Name: "s", Items: []*PItem{{Name: "i"}}}
		commit(t, d, s, sh)
		must(t, s.Delete(sh))
		if err := s.Commit(ctx); err != nil {
			t.Errorf("%s: deleting a parent whose cascade reaches soft-deleted children: %v", d.name, err)
		}
	})
}

type VMemo struct {
	ID        int64      `db:"id,pk,autoincrement"`
	Body      string     `db:"body,type=varchar(50)"`
	Version   int64      `db:"version,version"`
	DeletedAt *time.Time `db:"deleted_at,softdelete"`
}

// A versioned soft delete flushed, then rolled back: DeletedAt and the
// version are what they were; a committed one: the object's version is
// the row's.
func TestSoftDeleteVersionRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var memos *mapper.Mapping[VMemo]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			memos = mapper.MustMap[VMemo](reg, "v_memos")
		})
		s := openSession(t, d, reg)
		m := &VMemo{Body: "a"}
		commit(t, d, s, m)
		v0 := m.Version
		must(t, s.Delete(m))
		must(t, s.Flush(ctx))
		must(t, s.Rollback(ctx))
		if m.DeletedAt != nil || m.Version != v0 {
			t.Errorf("%s: after rollback DeletedAt=%v Version=%d; want nil, %d", d.name, m.DeletedAt, m.Version, v0)
		}
		st, _ := s.State(m)
		if st != unitofwork.Persistent {
			t.Errorf("%s: state after rollback %v", d.name, st)
		}
		m.Body = "b"
		must(t, s.Commit(ctx))
		must(t, s.Delete(m))
		must(t, s.Commit(ctx))
		ver, err := engine.Scalar[int64](ctx, d.e, expr.Select(memos.C("version")).From(memos.Table))
		must(t, err)
		if ver != m.Version {
			t.Errorf("%s: row version %d, object version %d after a soft delete", d.name, ver, m.Version)
		}
	})
}

// Merge of a detached object whose row was soft-deleted: the row is
// there (marked), so the merge must not try to INSERT its key again.
func TestMergeSoftDeleted(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[Memo](reg, "memos")
		})
		s := openSession(t, d, reg)
		m := &Memo{Body: "a"}
		commit(t, d, s, m)
		must(t, s.Delete(m))
		must(t, s.Commit(ctx))
		d.log.take()
		other := openSession(t, d, reg)
		copyOf := &Memo{ID: m.ID, Body: "edited", DeletedAt: m.DeletedAt}
		var oe *unitofwork.ObjectError
		if _, err := unitofwork.Merge(ctx, other, copyOf); !errors.As(err, &oe) {
			t.Errorf("%s: Merge onto a row marked deleted: %v; want an *ObjectError", d.name, err)
		}
		if got := d.log.kinds(); slices.Contains(got, "INSERT memos") {
			t.Errorf("%s: Merge of a marked row sent %q", d.name, got)
		}
	})
}

// Merge of a detached copy that never loaded the deferred column onto
// the session's object that did: the loaded body must not be blanked.
func TestMergeKeepsLoadedDeferred(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var articles *mapper.Mapping[Article]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			articles = mapper.MustMap[Article](reg, "articles")
		})
		s := openSession(t, d, reg)
		a := &Article{Title: "a", Body: "long a"}
		commit(t, d, s, a)
		s2 := openSession(t, d, reg)
		got, err := unitofwork.Get[Article](ctx, s2, a.ID)
		must(t, err)
		must(t, unitofwork.Load(ctx, s2, []*Article{got}, "Body"))
		detached := &Article{ID: a.ID, Title: "A"} // from a session that never loaded Body
		_, err = unitofwork.Merge(ctx, s2, detached)
		must(t, err)
		must(t, s2.Commit(ctx))
		body, err := engine.Scalar[string](ctx, d.e, expr.Select(articles.C("body")).From(articles.Table))
		must(t, err)
		if body != "long a" {
			t.Errorf("%s: body after merging a copy that never loaded it: %q", d.name, body)
		}
	})
}

// Refresh discards unflushed changes: also one to a loaded deferred
// field, which it unloads.
func TestRefreshDeferred(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var articles *mapper.Mapping[Article]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			articles = mapper.MustMap[Article](reg, "articles")
		})
		s := openSession(t, d, reg)
		a := &Article{Title: "a", Body: "long a"}
		commit(t, d, s, a)
		must(t, unitofwork.Load(ctx, s, []*Article{a}, "Body"))
		a.Body = "unsaved"
		must(t, s.Refresh(ctx, a))
		a.Title = "T"
		must(t, s.Commit(ctx))
		body, err := engine.Scalar[string](ctx, d.e, expr.Select(articles.C("body")).From(articles.Table))
		must(t, err)
		// Refresh unloads the deferred field: the unsaved value is gone,
		// and the flush does not write the field it no longer holds.
		if a.Body != "" || body != "long a" {
			t.Errorf("%s: after Refresh the object says body %q, the row %q; want \"\" and \"long a\"", d.name, a.Body, body)
		}
	})
}

type NArticle struct {
	Code string `db:"code,pk,type=varchar(10)"`
	Body string `db:"body,deferred"`
}

// Load of a deferred field for an object whose key changed unflushed:
// it must not read another row's value.
func TestLoadDeferredChangedKey(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[NArticle](reg, "n_articles")
		})
		s := openSession(t, d, reg)
		commit(t, d, s, &NArticle{Code: "a", Body: "body of a"}, &NArticle{Code: "b", Body: "body of b"})
		s2 := openSession(t, d, reg)
		a, err := unitofwork.Get[NArticle](ctx, s2, "a")
		must(t, err)
		a.Code = "b"
		must(t, unitofwork.Load(unitofwork.WithoutAutoflushIn(ctx), s2, []*NArticle{a}, "Body"))
		if a.Body == "body of b" {
			t.Errorf("%s: Load read row b's body into the object of row a", d.name)
		}
	})
}

package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type jNRoot struct {
	ID   int64    `db:"id,pk,autoincrement"`
	N    int64    `db:"n,nullable"`
	Kids []*jNKid `rel:""`
}

type jNKid struct {
	ID     int64 `db:"id,pk,autoincrement"`
	RootID int64 `db:"root_id,references=j_nroots.id"`
}

// NULL in a root's non-nullable field: the same error with Joined.
func TestJoinedRootNullError(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var roots *mapper.Mapping[jNRoot]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			roots = mapper.MustMap[jNRoot](reg, "j_nroots")
			mapper.MustMap[jNKid](reg, "j_nkids")
		})
		_, err := d.e.Exec(ctx, expr.Insert(roots.Table).Columns(roots.C("n")).Values(nil))
		must(t, err)
		s1 := openSession(t, d, reg)
		_, e1 := unitofwork.All[jNRoot](ctx, s1, roots.Select())
		s2 := openSession(t, d, reg)
		_, e2 := unitofwork.All[jNRoot](ctx, s2, roots.Select(), unitofwork.Joined("Kids"))
		var n1, n2 *mapper.NullError
		if errors.As(e1, &n1) != errors.As(e2, &n2) {
			t.Errorf("%s: plain: %v\n joined: %v", d.name, e1, e2)
		}
	})
}

// objects a failed joined load registered are still claimed.
func TestJoinedFailedLoadClaims(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var roots *mapper.Mapping[jNRoot]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			roots = mapper.MustMap[jNRoot](reg, "j_nroots")
			mapper.MustMap[jNKid](reg, "j_nkids")
		})
		s := openSession(t, d, reg)
		ok := &jNRoot{N: 1}
		must(t, s.Add(ok))
		must(t, s.Commit(ctx))
		_, err := d.e.Exec(ctx, expr.Insert(roots.Table).Columns(roots.C("n")).Values(nil))
		must(t, err)
		s2 := openSession(t, d, reg)
		_, err = unitofwork.All[jNRoot](ctx, s2, roots.Select().OrderBy(roots.C("id").Asc()), unitofwork.Joined("Kids"))
		if err == nil {
			t.Fatal("no error")
		}
		held, err := unitofwork.Get[jNRoot](ctx, s2, ok.ID)
		must(t, err)
		s3 := openSession(t, d, reg)
		if err := s3.Add(held); err == nil {
			t.Errorf("%s: an object s2 holds (from its failed joined load) was added to another session", d.name)
		}
		// control: a held object from a plain load
		s4 := openSession(t, d, reg)
		h4, err := unitofwork.Get[jNRoot](ctx, s4, ok.ID)
		must(t, err)
		if err := openSession(t, d, reg).Add(h4); err == nil {
			t.Errorf("%s: control: held object added to another session", d.name)
		}
	})
}

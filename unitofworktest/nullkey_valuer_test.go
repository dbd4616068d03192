package unitofworktest

import (
	"database/sql"
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type nvParent struct {
	ID   int64    `db:"id,pk,autoincrement"`
	Name string   `db:"name,type=varchar(20)"`
	Kids []*nvKid `rel:""`
}

type nvKid struct {
	ID       int64         `db:"id,pk,autoincrement"`
	ParentID sql.NullInt64 `db:"parent_id,references=nv_parents.id"`
	Parent   *nvParent     `rel:""`
}

// A foreign key held in a sql.Null type matches its target's plain key:
// the loaders compare key values, not the Go types that hold them.
func TestLoadNullTypeForeignKey(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var parents *mapper.Mapping[nvParent]
		var kids *mapper.Mapping[nvKid]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			parents = mapper.MustMap[nvParent](reg, "nv_parents")
			kids = mapper.MustMap[nvKid](reg, "nv_kids")
		})
		s := openSession(t, d, reg)
		p := &nvParent{Name: "p"}
		must(t, s.Add(p))
		must(t, s.Commit(ctx))
		must(t, s.Add(&nvKid{ParentID: sql.NullInt64{Int64: p.ID, Valid: true}}, &nvKid{}))
		must(t, s.Commit(ctx))

		for _, opt := range []unitofwork.QueryOption{unitofwork.SelectIn("Kids"), unitofwork.Joined("Kids")} {
			r := openSession(t, d, reg)
			ps, err := unitofwork.All[nvParent](ctx, r, parents.Select(), opt)
			must(t, err)
			if len(ps) != 1 || len(ps[0].Kids) != 1 {
				t.Errorf("%s: parents %+v; want one with its one kid", d.name, ps)
			}
		}
		r := openSession(t, d, reg)
		ks, err := unitofwork.All[nvKid](ctx, r, kids.Select().OrderBy(kids.C("id").Asc()), unitofwork.SelectIn("Parent"))
		must(t, err)
		if len(ks) != 2 || ks[0].Parent == nil || ks[0].Parent.Name != "p" || ks[1].Parent != nil {
			t.Errorf("%s: kids %+v; want the first pointing to p, the second to none", d.name, ks)
		}
	})
}

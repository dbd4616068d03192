package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type jRegion struct {
	Code  string   `db:"code,pk,type=varchar(10)"`
	Num   int64    `db:"num,pk"`
	Name  string   `db:"name,type=varchar(20)"`
	Shops []*jShop `rel:""`
}

type jShop struct {
	ID         int64    `db:"id,pk,autoincrement"`
	RegionCode string   `db:"region_code,type=varchar(10)"`
	RegionNum  int64    `db:"region_num"`
	Region     *jRegion `rel:""`
}

// composite foreign keys through Joined.
func TestJoinedCompositeFK(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var regions *mapper.Mapping[jRegion]
		var shops *mapper.Mapping[jShop]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			regions = mapper.MustMap[jRegion](reg, "j_regions")
			shops = mapper.MustMap[jShop](reg, "j_shops", mapper.TableOptions(
				expr.ForeignKeyOn([]string{"region_code", "region_num"}, "j_regions", []string{"code", "num"})))
		})
		s := openSession(t, d, reg)
		r1 := &jRegion{Code: "x", Num: 1, Name: "x1"}
		r2 := &jRegion{Code: "x", Num: 2, Name: "x2"}
		must(t, s.Add(r1, r2))
		must(t, s.Commit(ctx))
		must(t, s.Add(&jShop{RegionCode: "x", RegionNum: 1}, &jShop{RegionCode: "x", RegionNum: 2}, &jShop{RegionCode: "x", RegionNum: 2}))
		must(t, s.Commit(ctx))
		d.log.take()
		f := openSession(t, d, reg)
		rs, err := unitofwork.All[jRegion](ctx, f, regions.Select().OrderBy(regions.C("num").Asc()), unitofwork.Joined("Shops"))
		must(t, err)
		if len(rs) != 2 || len(rs[0].Shops) != 1 || len(rs[1].Shops) != 2 {
			t.Errorf("%s: regions %d; SQL %q", d.name, len(rs), d.log.take())
		}
		g := openSession(t, d, reg)
		ss, err := unitofwork.All[jShop](ctx, g, shops.Select().OrderBy(shops.C("id").Asc()), unitofwork.Joined("Region"))
		must(t, err)
		if len(ss) != 3 || ss[0].Region == nil || ss[0].Region.Name != "x1" || ss[1].Region != ss[2].Region || ss[1].Region.Name != "x2" {
			t.Errorf("%s: shops' regions wrong", d.name)
		}
	})
}

type jHolder struct {
	ID    int64    `db:"id,pk,autoincrement"`
	Items []jThing `rel:""`
}

type jThing struct {
	ID       int64 `db:"id,pk,autoincrement"`
	HolderID int64 `db:"holder_id,references=j_holders.id"`
}

// a struct-valued collection is refused also when there are no rows.
func TestJoinedStructValued(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var holders *mapper.Mapping[jHolder]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			holders = mapper.MustMap[jHolder](reg, "j_holders")
			mapper.MustMap[jThing](reg, "j_things")
		})
		f := openSession(t, d, reg)
		_, errIn := unitofwork.All[jHolder](ctx, f, holders.Select(), unitofwork.SelectIn("Items"))
		_, errJ := unitofwork.All[jHolder](ctx, f, holders.Select(), unitofwork.Joined("Items"))
		if (errIn == nil) != (errJ == nil) {
			t.Errorf("%s: empty table: SelectIn %v, Joined %v", d.name, errIn, errJ)
		}
	})
}

// a statement that already joins the target table; Joined and
// SelectIn on the same path; One over two parents.
func TestJoinedShapes(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}, &Org{Name: "B", Users: []*User{{Email: "b1@x"}}})
		f := sc.session(d)
		defer f.Close()
		q := sc.Orgs.Select().Join(sc.Users.Table, sc.Users.C("org_id").Eq(sc.Orgs.C("id"))).Where(sc.Users.C("email").Eq("a1@x"))
		orgs, err := unitofwork.All[Org](ctx, f, q, unitofwork.Joined("Users"))
		must(t, err)
		if len(orgs) != 1 || len(orgs[0].Users) != 2 {
			t.Errorf("%s: %d orgs; SQL %q", d.name, len(orgs), d.log.take())
		}
		g := sc.session(d)
		defer g.Close()
		orgs, err = unitofwork.All[Org](ctx, g, sc.Orgs.Select(), unitofwork.Joined("Users"), unitofwork.SelectIn("Users.Org"))
		must(t, err)
		for _, o := range orgs {
			for _, u := range o.Users {
				if u.Org != o {
					t.Errorf("%s: mixed: user %s Org %v", d.name, u.Email, u.Org)
				}
			}
		}
		h := sc.session(d)
		defer h.Close()
		_, err = unitofwork.One[Org](ctx, h, sc.Orgs.Select(), unitofwork.Joined("Users"))
		if !errors.Is(err, engine.ErrTooManyRows) {
			t.Errorf("%s: One over two parents: %v", d.name, err)
		}
	})
}

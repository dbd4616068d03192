package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Read loads a graph without a Session of the caller's, with either
// loader, in the loaders' statements only; the objects are detached,
// one per row, and a Session takes one in by Merge.
func TestReadWithoutSession(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}, &Org{Name: "B", Users: []*User{}})
		for _, c := range []struct {
			opt  unitofwork.QueryOption
			want int
		}{{unitofwork.SelectIn("Users.Org"), 2}, {unitofwork.Joined("Users.Org"), 1}} {
			orgs, err := unitofwork.Read[Org](ctx, d.e, sc.reg, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()), c.opt)
			must(t, err)
			if n := selects(t, d); n != c.want {
				t.Errorf("%s: %d SELECTs; want %d", d.name, n, c.want)
			}
			if len(orgs) != 2 || len(orgs[0].Users) != 2 || orgs[1].Users == nil || len(orgs[1].Users) != 0 {
				t.Fatalf("%s: loaded %+v", d.name, orgs)
			}
			if orgs[0].Users[0].Org != orgs[0] || orgs[0].Users[1].Org != orgs[0] {
				t.Errorf("%s: the users' org is not the loaded org object", d.name)
			}
			w := sc.session(d)
			merged, err := unitofwork.Merge(ctx, w, orgs[0].Users[0])
			must(t, err)
			merged.Score = 7
			must(t, w.Commit(ctx))
			w.Close()
			d.log.take()
		}
	})
}

package unitofworktest

import (
	"strconv"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Loads over 5 and then 7 parents send IN lists of one length (8, the
// last key repeated, where the dialect binds each key alone; one array
// on PostgreSQL): the second load adds no statement to the engine's
// cache, and loads what it should.
func TestSelectInListShapes(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		var orgs []any
		for i := range 7 {
			orgs = append(orgs, &Org{Name: "o" + strconv.Itoa(i), Users: []*User{{Email: strconv.Itoa(i) + "@x"}}})
		}
		commit(t, d, s, orgs...)
		load := func(n int) int {
			r := sc.session(d)
			defer r.Close()
			got, err := unitofwork.All[Org](ctx, r, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()).Limit(n), unitofwork.SelectIn("Users"))
			must(t, err)
			for _, o := range got {
				if len(o.Users) != 1 {
					t.Fatalf("%s: org %s has %d users; want 1", d.name, o.Name, len(o.Users))
				}
			}
			_, _, size := d.e.Compiler().CacheStats()
			return size
		}
		five := load(5)
		if seven := load(7); seven != five {
			t.Errorf("%s: statement cache %d after a load of 5 parents, %d after 7; want no new shape", d.name, five, seven)
		}
	})
}

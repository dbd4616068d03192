package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// A page ordered by a root column the query does not select cannot be
// ordered again outside its derived table: an ObjectError, not a panic,
// and nothing sent.
func TestJoinedPagedOrderUnselected(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}, &Org{Name: "B"})
		f := sc.session(d)
		defer f.Close()
		q := expr.Select(sc.Orgs.C("id")).From(sc.Orgs.Table).OrderBy(sc.Orgs.C("name").Asc()).Limit(1)
		_, err := unitofwork.All[Org](ctx, f, q, unitofwork.Joined("Users"))
		var oe *unitofwork.ObjectError
		if !errors.As(err, &oe) {
			t.Errorf("%s: %v; want an ObjectError", d.name, err)
		}
		if sent := d.log.take(); len(sent) != 0 {
			t.Errorf("%s: sent %q", d.name, sent)
		}
	})
}

// A locking read is refused with Joined: it would lock the joined rows
// too, and PostgreSQL refuses FOR UPDATE on an outer join.
func TestJoinedForUpdateRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}, &Org{Name: "B"})
		f := sc.session(d)
		defer f.Close()
		must(t, f.Begin(ctx, engine.TxOptions{}))
		d.log.take()
		_, err := unitofwork.All[Org](ctx, f, sc.Orgs.Select().ForUpdate(), unitofwork.Joined("Users"))
		var oe *unitofwork.ObjectError
		if !errors.As(err, &oe) {
			t.Errorf("%s: Joined with FOR UPDATE: %v; want an ObjectError", d.name, err)
		}
		if n := selects(t, d); n != 0 {
			t.Errorf("%s: %d SELECTs sent", d.name, n)
		}
		must(t, f.Rollback(ctx))
	})
}

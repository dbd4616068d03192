package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type NZParent struct {
	ID int64 `db:"id,pk,autoincrement"`
}

type NZChild struct {
	ID       int64     `db:"id,pk,autoincrement"`
	ParentID int64     `db:"parent_id,nullzero,references=nz_parents.id"`
	Parent   *NZParent `rel:""`
}

// nullZeroChildren makes the tables of NZParent and NZChild with one
// child whose nullzero foreign key is 0: NULL in its row.
func nullZeroChildren(t *testing.T, d *testDB) (*mapper.Registry, *mapper.Mapping[NZChild]) {
	var kids *mapper.Mapping[NZChild]
	reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
		mapper.MustMap[NZParent](reg, "nz_parents")
		kids = mapper.MustMap[NZChild](reg, "nz_children")
	})
	seed := openSession(t, d, reg)
	must(t, seed.Add(&NZChild{}))
	must(t, seed.Commit(ctx))
	d.log.take()
	return reg, kids
}

// A nullzero foreign key of 0 is NULL: the many-to-one is loaded (there
// is nothing to load), a strict Related answers nil, a lazy one sends
// nothing.
func TestNullZeroForeignKeyIsNull(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, kids := nullZeroChildren(t, d)
		ctx := timeout(t)
		for _, strict := range []bool{true, false} {
			var opts []unitofwork.Option
			if strict {
				opts = append(opts, unitofwork.StrictLoading())
			}
			s := openSession(t, d, reg, opts...)
			got, err := unitofwork.All[NZChild](ctx, s, kids.Select())
			must(t, err)
			d.log.take()
			if !loaded(t, s, got[0], "Parent") {
				t.Errorf("%s (strict %v): Loaded of a many-to-one whose nullzero key is NULL = false", d.name, strict)
			}
			if p, err := unitofwork.Related[*NZParent](ctx, s, got[0], "Parent"); err != nil || p != nil {
				t.Errorf("%s (strict %v): Related of a NULL (nullzero) key: %v, %v; want nil, nil", d.name, strict, p, err)
			}
			if kinds := d.log.kinds(); len(kinds) != 0 {
				t.Errorf("%s (strict %v): Related of a NULL (nullzero) key sent %q", d.name, strict, kinds)
			}
		}
	})
}

// Load and SelectIn of a many-to-one whose nullzero keys are all NULL
// send no query: there is no key to look for (not IN (0)).
func TestNullZeroForeignKeyLoadsNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, kids := nullZeroChildren(t, d)
		ctx := timeout(t)
		s := openSession(t, d, reg)
		got, err := unitofwork.All[NZChild](ctx, s, kids.Select())
		must(t, err)
		d.log.take()
		must(t, unitofwork.Load(ctx, s, got, "Parent"))
		if n := selects(t, d); n != 0 {
			t.Errorf("%s: Load of NULL (nullzero) keys sent %d SELECTs; want 0", d.name, n)
		}
		_, err = unitofwork.All[NZChild](ctx, openSession(t, d, reg), kids.Select(), unitofwork.SelectIn("Parent"))
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: a query with SelectIn of NULL (nullzero) keys sent %d SELECTs; want 1, the query's", d.name, n)
		}
	})
}

// A nullzero foreign key that is not 0 is a key like any other: Load
// finds its target, next to a NULL one it leaves alone.
func TestNullZeroForeignKeyLoadsItsTarget(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, kids := nullZeroChildren(t, d)
		ctx := timeout(t)
		seed := openSession(t, d, reg)
		must(t, seed.Add(&NZChild{Parent: &NZParent{}}))
		must(t, seed.Commit(ctx))
		s := openSession(t, d, reg)
		got, err := unitofwork.All[NZChild](ctx, s, kids.Select().OrderBy(kids.C("id").Asc()))
		must(t, err)
		d.log.take()
		must(t, unitofwork.Load(ctx, s, got, "Parent"))
		if n := selects(t, d); n != 1 || got[0].Parent != nil || got[1].Parent == nil || got[1].Parent.ID != got[1].ParentID {
			t.Errorf("%s: Load of a NULL and a set nullzero key: %d SELECTs, parents %v and %v; want 1, nil and the parent",
				d.name, n, got[0].Parent, got[1].Parent)
		}
	})
}

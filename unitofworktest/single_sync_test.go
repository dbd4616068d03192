package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// A persistent object whose foreign key changes only when the flush
// synchronizes it (its many-to-one now points to another persistent
// row), committed with a new row of another table: two statements, in a
// transaction.
func TestCommitOfMovedRowAndNewRow(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		a, b := &Org{Name: "A"}, &Org{Name: "B"}
		u := &User{Email: "ann@x", Org: a}
		commit(t, d, s, a, b, u)
		u.Org = b // org_id follows at flush
		must(t, s.Add(&Org{Name: "C"}))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "INSERT orgs", "UPDATE users", "COMMIT")
	})
}

// The same, when the UPDATE fails: the INSERT before it is rolled back
// with it.
func TestCommitOfMovedRowStaleWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a, b := &Org{Name: "A"}, &Org{Name: "B"}
		u := &User{Email: "ann@x", Org: a}
		commit(t, d, s, a, b, u)
		// Another writer bumps the version: the session's UPDATE is stale.
		vc := sc.Users.Table.Columns[6]
		if _, err := d.e.Exec(ctx, expr.Update(sc.Users.Table).Set(vc, vc.Add(1)).Where(sc.Users.Table.Columns[0].Eq(u.ID))); err != nil {
			t.Fatal(err)
		}
		d.log.take()
		u.Org = b
		must(t, s.Add(&Org{Name: "C"}))
		err := s.Commit(ctx)
		var stale *mapper.StaleError
		if !errors.As(err, &stale) {
			t.Fatalf("Commit: %v; want a StaleError", err)
		}
		wantRows(t, d, sc.Orgs.Table, 2) // C must not be there
	})
}

// Two persistent objects moved to another persistent parent, committed
// with a new row: three statements, in a transaction.
func TestCommitOfTwoMovedRowsAndNewRow(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a, b := &Org{Name: "A"}, &Org{Name: "B"}
		u1 := &User{Email: "ann@x", Org: a}
		u2 := &User{Email: "bob@x", Org: a}
		commit(t, d, s, a, b, u1, u2)
		u1.Org, u2.Org = b, b
		must(t, s.Add(&Tag{Name: "go"}))
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("Commit panicked: %v", r)
				}
			}()
			must(t, s.Commit(ctx))
		}()
		wantRows(t, d, sc.Tags.Table, 1)
		if u1.OrgID != b.ID || u2.OrgID != b.ID {
			t.Errorf("org ids %d %d, want %d", u1.OrgID, u2.OrgID, b.ID)
		}
	})
}

// Two UPDATEs, of two tables, one of them from a many-to-one moved to
// another persistent row: a transaction, whatever order the flush looks
// at the tables in (a map's), so a few rounds are run.
func TestCommitOfTwoUpdatesOneSynced(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		a, b := &Org{Name: "A"}, &Org{Name: "B"}
		u := &User{Email: "ann@x", Org: a}
		tag := &Tag{Name: "go"}
		commit(t, d, s, a, b, u, tag)
		for i := range 12 {
			tag.Name = "go" + string(rune('a'+i))
			if u.Org == a {
				u.Org = b
			} else {
				u.Org = a
			}
			must(t, s.Commit(ctx))
			got := d.log.kinds()
			if len(got) != 4 || got[0] != "BEGIN" {
				t.Fatalf("round %d: two UPDATEs sent as %q; want them in a transaction", i, got)
			}
		}
	})
}

// Gadget maps a table whose stamp column the database fills with a value
// the field cannot hold: the INSERT succeeds, reading its RETURNING row
// back fails.
type Gadget struct {
	ID    int64  `db:"id,pk,autoincrement"`
	Name  string `db:"name,type=varchar(50)"`
	Stamp int64  `db:"stamp,serverdefault"`
}

// A read-back that fails after its INSERT wrote fails the Commit, and the
// row does not stay: an INSERT that reads back more than its integer key
// is not sent without a transaction.
func TestCommitOfReadBackFailureWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		ctx := timeout(t)
		ddl := expr.NewMetaData()
		tbl := ddl.MustTable("gadgets",
			expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
			expr.Col("name", expr.Varchar(50)),
			expr.Col("stamp", expr.Varchar(10), expr.ServerDefault("'abc'")))
		must(t, d.e.CreateAll(ctx, ddl))
		reg := mapper.NewRegistry(expr.NewMetaData())
		mapper.MustMap[Gadget](reg, "gadgets")
		reg.MustResolve()
		s := unitofwork.New(d.e, reg)
		defer s.Close()
		g := &Gadget{Name: "a"}
		must(t, s.Add(g))
		if err := s.Commit(ctx); err == nil {
			t.Fatal("Commit read 'abc' into an int64")
		}
		wantRows(t, d, tbl, 0)
	})
}

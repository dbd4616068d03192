package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// A WHERE on a joined table's columns does not reach the joined rows,
// which take aliases of their own: the statement names a table it does
// not join, which is refused as it is without Joined — never a loaded
// collection cut short.
func TestJoinedUserWhereRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}, {Email: "a3@x"}}})
		fresh := sc.session(d)
		defer fresh.Close()
		orgs, err := unitofwork.All[Org](ctx, fresh, sc.Orgs.Select().Where(sc.Users.C("email").Eq("a1@x")),
			unitofwork.Joined("Users"))
		if err == nil {
			t.Errorf("%s: loaded %d orgs; want the statement refused", d.name, len(orgs))
		}
	})
}

type jOwner struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Name string `db:"name,type=varchar(50)"`
}

type jPet struct {
	ID      int64   `db:"id,pk,autoincrement"`
	OwnerID int64   `db:"owner_id,references=j_owners.id"`
	Name    string  `db:"name,type=varchar(50)"`
	Owner   *jOwner `rel:""`
}

// the same tables as created by a schema that has no FK constraint
type jPetDDL struct {
	ID      int64  `db:"id,pk,autoincrement"`
	OwnerID int64  `db:"owner_id"`
	Name    string `db:"name,type=varchar(50)"`
}

// Joined of a NOT NULL many-to-one is an INNER JOIN: a row whose
// target is missing disappears from the roots.
func TestJoinedInnerDropsRoots(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		ddl := expr.NewMetaData()
		dreg := mapper.NewRegistry(ddl)
		mapper.MustMap[jOwner](dreg, "j_owners")
		mapper.MustMap[jPetDDL](dreg, "j_pets")
		dreg.MustResolve()
		ctx := timeout(t)
		must(t, d.e.CreateAll(ctx, ddl))

		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		mapper.MustMap[jOwner](reg, "j_owners")
		pets := mapper.MustMap[jPet](reg, "j_pets")
		reg.MustResolve()

		w := unitofwork.New(d.e, dreg)
		defer w.Close()
		o := &jOwner{Name: "o"}
		must(t, w.Add(o))
		must(t, w.Commit(ctx))
		must(t, w.Add(&jPetDDL{OwnerID: o.ID, Name: "kept"}, &jPetDDL{OwnerID: o.ID + 1000, Name: "stray"}))
		must(t, w.Commit(ctx))
		d.log.take()

		s1 := unitofwork.New(d.e, reg)
		defer s1.Close()
		plain, err := unitofwork.All[jPet](ctx, s1, pets.Select())
		must(t, err)
		s2 := unitofwork.New(d.e, reg)
		defer s2.Close()
		joined, err := unitofwork.All[jPet](ctx, s2, pets.Select(), unitofwork.Joined("Owner"))
		must(t, err)
		s3 := unitofwork.New(d.e, reg)
		defer s3.Close()
		selin, err := unitofwork.All[jPet](ctx, s3, pets.Select(), unitofwork.SelectIn("Owner"))
		must(t, err)
		if len(joined) != len(plain) {
			t.Errorf("%s: All: %d pets, with SelectIn(Owner) %d, with Joined(Owner) %d", d.name, len(plain), len(selin), len(joined))
		}
	})
}

// Amount scans NULL as zero itself (it decides what NULL means).
type Amount struct{ Cents int64 }

func (a *Amount) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		a.Cents = -1
	case int64:
		a.Cents = v
	default:
		return errors.New("amount: bad type")
	}
	return nil
}

type jInvoice struct {
	ID    int64    `db:"id,pk,autoincrement"`
	Lines []*jLine `rel:""`
}

type jLine struct {
	ID        int64  `db:"id,pk,autoincrement"`
	InvoiceID int64  `db:"invoice_id,references=j_invoices.id"`
	Amt       Amount `db:"amt,type=bigint,nullable"`
}

// a sql.Scanner field of a joined part reading NULL.
func TestJoinedScannerNull(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var invoices *mapper.Mapping[jInvoice]
		var lines *mapper.Mapping[jLine]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			invoices = mapper.MustMap[jInvoice](reg, "j_invoices")
			lines = mapper.MustMap[jLine](reg, "j_lines")
		})
		s := openSession(t, d, reg)
		inv := &jInvoice{}
		must(t, s.Add(inv))
		must(t, s.Commit(ctx))
		_, err := d.e.Exec(ctx, expr.Insert(lines.Table).Columns(lines.C("invoice_id"), lines.C("amt")).Values(inv.ID, nil))
		must(t, err)

		s1 := openSession(t, d, reg)
		ls, err := unitofwork.All[jLine](ctx, s1, lines.Select())
		must(t, err)
		s2 := openSession(t, d, reg)
		got, err := unitofwork.All[jInvoice](ctx, s2, invoices.Select(), unitofwork.Joined("Lines"))
		if err != nil {
			t.Fatalf("%s: All of the line: Amt %+v; Joined(Lines) from its invoice: %v", d.name, ls[0].Amt, err)
		}
		if got[0].Lines[0].Amt != ls[0].Amt {
			t.Errorf("%s: Amt plain %+v, joined %+v", d.name, ls[0].Amt, got[0].Lines[0].Amt)
		}
	})
}

// A query that joins the target table itself, to filter, gets the whole
// collection: the joined rows come from an alias of their own, and the
// loaded collection, the flush's baseline, is complete.
func TestJoinedUserJoinKeepsBaseline(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		gotag, sqltag := &Tag{Name: "go"}, &Tag{Name: "sql"}
		commit(t, d, s, &Post{Title: "p", Tags: []*Tag{gotag, sqltag}})
		f := sc.session(d)
		defer f.Close()
		q := sc.Posts.Select().
			Join(sc.PostTags, sc.PostTags.C("post_id").Eq(sc.Posts.C("id"))).
			Join(sc.Tags.Table, sc.Tags.C("id").Eq(sc.PostTags.C("tag_id"))).
			Where(sc.Tags.C("name").Eq("go"))
		posts, err := unitofwork.All[Post](ctx, f, q, unitofwork.Joined("Tags"))
		must(t, err)
		if len(posts) != 1 || len(posts[0].Tags) != 2 {
			t.Fatalf("%s: loaded %d posts with %d tags; want 1 with 2", d.name, len(posts), len(posts[0].Tags))
		}
		posts[0].Tags = []*Tag{} // the post has no tags now
		must(t, f.Commit(ctx))
		if n := countRows(t, d, sc.PostTags); n != 0 {
			t.Errorf("%s: %d links left after Tags = {}; want 0", d.name, n)
		}
	})
}

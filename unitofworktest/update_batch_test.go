package unitofworktest

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// Rows of one table that change the same columns go in one UPDATE ...
// FROM (VALUES ...) where the dialect has it, in lists of powers of two;
// a few left over, and rows changing other columns, one statement each.
// The values land in the right rows.
func TestUpdateBatchedByShape(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "p"}
		for i := range 11 {
			post.Comments = append(post.Comments, &Comment{Body: "c" + strconv.Itoa(i)})
		}
		commit(t, d, s, post)
		for i, c := range post.Comments[:10] {
			c.Body = "edited" + strconv.Itoa(i)
		}
		must(t, s.Commit(ctx))
		got := d.log.kinds()
		want := []string{"BEGIN"}
		if d.e.Dialect().Features().Has(compile.UpdateFromValues) {
			// 10 rows: a list of 8, then 2 left over.
			want = append(want, "UPDATE comments", "UPDATE comments", "UPDATE comments")
		} else {
			for range 10 {
				want = append(want, "UPDATE comments")
			}
		}
		want = append(want, "COMMIT")
		if !slices.Equal(got, want) {
			t.Fatalf("%s: statements %q; want %q", d.name, got, want)
		}
		fresh := sc.session(d)
		defer fresh.Close()
		for i, c := range post.Comments {
			back, err := unitofwork.Get[Comment](ctx, fresh, c.ID)
			must(t, err)
			if back.Body != c.Body {
				t.Errorf("comment %d: %q in the table; want %q", i, back.Body, c.Body)
			}
		}
	})
}

// Rows changing a unique column stay out of lists, in their order: one
// row may give its value up to another.
func TestUpdateListUniqueHandOver(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		giver := &Tag{Name: "front"}
		objs := []any{giver}
		var takers []*Tag
		for i := range 4 {
			tk := &Tag{Name: "s" + strconv.Itoa(i)}
			takers, objs = append(takers, tk), append(objs, tk)
		}
		commit(t, d, s, objs...)
		giver.Name = "back"
		takers[0].Name = "front"
		for i, tk := range takers[1:] {
			tk.Name = "t" + strconv.Itoa(i)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("%s: %v\n%q", d.name, err, d.log.take())
		}
	})
}

// A batched UPDATE that finds a row gone is stale data and writes
// nothing: the transaction rolls back, the objects keep their changes.
func TestUpdateBatchedStale(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "p"}
		for i := range 8 {
			post.Comments = append(post.Comments, &Comment{Body: "c" + strconv.Itoa(i)})
		}
		commit(t, d, s, post)
		gone := post.Comments[3]
		if _, err := d.e.Exec(ctx, expr.Delete(sc.Comments.Table).Where(sc.Comments.C("id").Eq(gone.ID))); err != nil {
			t.Fatal(err)
		}
		for i, c := range post.Comments {
			c.Body = "edited" + strconv.Itoa(i)
		}
		err := s.Commit(ctx)
		if !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("Commit with a row gone: %v; want ErrStale", err)
		}
		must(t, s.Rollback(ctx))
		n, err := engine.Scalar[int64](ctx, d.e, expr.Select(expr.CountAll()).From(sc.Comments.Table).Where(sc.Comments.C("body").Like("edited%")))
		must(t, err)
		if n != 0 {
			t.Errorf("%d rows edited by a failed flush", n)
		}
	})
}

// Cat is a tree keyed by a natural key its children refer to.
type Cat struct {
	Code       string  `db:"code,pk,type=varchar(20)"`
	ParentCode *string `db:"parent_code,type=varchar(20),references=cats.code,onupdate=cascade"`
	Name       string  `db:"name,type=varchar(20)"`
	Parent     *Cat    `rel:"fk=parent_code"`
	Children   []*Cat  `rel:"fk=parent_code"`
}

// Renaming the root of a tree: its children's keys follow in UPDATEs that
// stay after the root's (a foreign key to their own table keeps rows out
// of lists), however many children there are.
func TestUpdateListNaturalKeyTree(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		if !d.e.Dialect().Features().Has(compile.UpdateFromValues) {
			// InnoDB refuses an ON UPDATE CASCADE into the table it
			// updates, list or not.
			return
		}
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		cats := mapper.MustMap[Cat](reg, "cats")
		reg.MustResolve()
		ctx := timeout(t)
		must(t, d.e.CreateAll(ctx, meta))
		s := unitofwork.New(d.e, reg)
		defer s.Close()
		root := &Cat{Code: "a", Name: "root"}
		for i := range 6 {
			root.Children = append(root.Children, &Cat{Code: "c" + strconv.Itoa(i), Name: "kid"})
		}
		commit(t, d, s, root)
		root.Code = "b"
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("%s: rename the root: %v", d.name, err)
		}
		k, err := engine.Scalar[int64](ctx, d.e, expr.Select(expr.CountAll()).From(cats.Table).Where(cats.C("parent_code").Eq("b")))
		must(t, err)
		if k != 6 {
			t.Errorf("%d children point to b; want 6", k)
		}
	})
}

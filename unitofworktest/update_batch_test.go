package unitofworktest

import (
	"errors"
	"strconv"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// Rows of one table that change the same columns go in one UPDATE ...
// FROM (VALUES ...) where the dialect has it, in lists of powers of two;
// a few left over, and rows changing other columns, one statement each.
// The values land in the right rows.
func TestUpdateBatchedByShape(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		var tags []*Tag
		for i := range 11 {
			tags = append(tags, &Tag{Name: "t" + strconv.Itoa(i)})
		}
		objs := make([]any, len(tags))
		for i, tg := range tags {
			objs[i] = tg
		}
		commit(t, d, s, objs...)
		for i, tg := range tags[:10] {
			tg.Name = "renamed" + strconv.Itoa(i)
		}
		must(t, s.Commit(ctx))
		got := d.log.kinds()
		want := []string{"BEGIN"}
		if d.e.Dialect().Features().Has(compile.UpdateFromValues) {
			// 10 rows: a list of 8, then 2 left over.
			want = append(want, "UPDATE tags", "UPDATE tags", "UPDATE tags")
		} else {
			for range 10 {
				want = append(want, "UPDATE tags")
			}
		}
		want = append(want, "COMMIT")
		if len(got) != len(want) {
			t.Fatalf("%s: statements %q; want %q", d.name, got, want)
		}
		fresh := sc.session(d)
		defer fresh.Close()
		for i, tg := range tags {
			back, err := unitofwork.Get[Tag](ctx, fresh, tg.ID)
			must(t, err)
			if back.Name != tg.Name {
				t.Errorf("tag %d: %q in the table; want %q", i, back.Name, tg.Name)
			}
		}
	})
}

// A batched UPDATE that finds a row gone is stale data and writes
// nothing: the transaction rolls back, the objects keep their changes.
func TestUpdateBatchedStale(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		var tags []*Tag
		objs := []any{}
		for i := range 8 {
			tg := &Tag{Name: "t" + strconv.Itoa(i)}
			tags = append(tags, tg)
			objs = append(objs, tg)
		}
		commit(t, d, s, objs...)
		if _, err := d.e.Exec(ctx, expr.Delete(sc.Tags.Table).Where(sc.Tags.C("id").Eq(tags[3].ID))); err != nil {
			t.Fatal(err)
		}
		for i, tg := range tags {
			tg.Name = "renamed" + strconv.Itoa(i)
		}
		err := s.Commit(ctx)
		if !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("Commit with a row gone: %v; want ErrStale", err)
		}
		must(t, s.Rollback(ctx))
		n, err := engine.Scalar[int64](ctx, d.e, expr.Select(expr.CountAll()).From(sc.Tags.Table).Where(sc.Tags.C("name").Like("renamed%")))
		must(t, err)
		if n != 0 {
			t.Errorf("%d rows renamed by a failed flush", n)
		}
	})
}

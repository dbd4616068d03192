package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// The mark the object holds after a soft delete is the one in the row.
func TestSoftDeleteMarkPrecision(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var memos *mapper.Mapping[Memo]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			memos = mapper.MustMap[Memo](reg, "memos")
		})
		s := openSession(t, d, reg)
		m := &Memo{Body: "a"}
		commit(t, d, s, m)
		must(t, s.Delete(m))
		must(t, s.Commit(ctx))
		other := openSession(t, d, reg)
		got, err := unitofwork.One[Memo](ctx, other, memos.Select(), unitofwork.WithDeleted())
		must(t, err)
		if got.DeletedAt == nil || !got.DeletedAt.Equal(*m.DeletedAt) {
			t.Errorf("%s: object's mark %v, row's %v", d.name, m.DeletedAt, got.DeletedAt)
		}
	})
}

type SArticle struct {
	ID   int64                    `db:"id,pk,autoincrement"`
	Tax  mapper.Sensitive[string] `db:"tax,type=varchar(80),deferred"`
	Note *string                  `db:"note,deferred"`
	Data []byte                   `db:"data,deferred"`
}

// Sensitive, pointer and []byte deferred columns load and are not
// written back when unchanged; a change after the load is written.
func TestDeferredKinds(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[SArticle](reg, "s_articles")
		})
		s := openSession(t, d, reg)
		note := "n"
		a := &SArticle{Tax: mapper.NewSensitive("secret"), Note: &note, Data: []byte("xyz")}
		commit(t, d, s, a)
		s2 := openSession(t, d, reg)
		got, err := unitofwork.Get[SArticle](ctx, s2, a.ID)
		must(t, err)
		must(t, unitofwork.Load(ctx, s2, []*SArticle{got}, "Tax"))
		must(t, unitofwork.Load(ctx, s2, []*SArticle{got}, "Note"))
		must(t, unitofwork.Load(ctx, s2, []*SArticle{got}, "Data"))
		if got.Tax.Reveal() != "secret" || got.Note == nil || *got.Note != "n" || string(got.Data) != "xyz" {
			t.Fatalf("%s: loaded %+v", d.name, got)
		}
		d.log.take()
		must(t, s2.Commit(ctx))
		if q := d.log.take(); len(q) > 0 {
			t.Errorf("%s: unchanged loaded deferred columns written: %q", d.name, q)
		}
		got.Data[0] = 'X'
		*got.Note = "N"
		must(t, s2.Commit(ctx))
		if q := d.log.take(); len(q) == 0 {
			t.Errorf("%s: in-place changes of loaded deferred columns not written", d.name)
		}
	})
}

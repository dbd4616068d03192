package unitofworktest

import (
	"errors"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// Memo is deleted by marking: deleted_at is NULL while it is live.
type Memo struct {
	ID        int64      `db:"id,pk,autoincrement"`
	Body      string     `db:"body,type=varchar(50)"`
	DeletedAt *time.Time `db:"deleted_at,softdelete"`
}

// Delete of a soft-deleted type marks the row with an UPDATE; the
// session's queries leave marked rows out unless asked, Get does not find
// them, and an UPDATE of a row marked since it was read is stale.
func TestSoftDelete(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var memos *mapper.Mapping[Memo]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			memos = mapper.MustMap[Memo](reg, "memos")
		})
		s := unitofwork.New(d.e, reg)
		defer s.Close()
		a, b, c := &Memo{Body: "a"}, &Memo{Body: "b"}, &Memo{Body: "c"}
		must(t, s.Add(a, b, c))
		must(t, s.Commit(ctx))
		d.log.take()

		must(t, s.Delete(b))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "UPDATE memos", "COMMIT")
		if b.DeletedAt == nil {
			t.Error("the deleted memo's DeletedAt is not set")
		}
		wantRows(t, d, memos.Table, 3)
		marked, err := engine.Scalar[int64](ctx, d.e, expr.Select(expr.CountAll()).From(memos.Table).Where(memos.C("deleted_at").Ne(nil)))
		must(t, err)
		if marked != 1 {
			t.Errorf("%d rows marked deleted; want 1", marked)
		}

		fresh := unitofwork.New(d.e, reg)
		defer fresh.Close()
		live, err := unitofwork.All[Memo](ctx, fresh, memos.Select())
		must(t, err)
		all, err := unitofwork.All[Memo](ctx, fresh, memos.Select(), unitofwork.WithDeleted())
		must(t, err)
		if len(live) != 2 || len(all) != 3 {
			t.Errorf("queries: %d live, %d with the deleted; want 2 and 3", len(live), len(all))
		}
		other := unitofwork.New(d.e, reg)
		defer other.Close()
		if _, err := unitofwork.Get[Memo](ctx, other, b.ID); !errors.Is(err, engine.ErrNoRows) {
			t.Errorf("Get of a deleted memo: %v; want ErrNoRows", err)
		}

		// A memo read, then marked by someone else: its UPDATE is stale.
		stale, err := unitofwork.Get[Memo](ctx, other, c.ID)
		must(t, err)
		must(t, s.Delete(c))
		must(t, s.Commit(ctx))
		stale.Body = "edited"
		if err := other.Commit(ctx); !errors.Is(err, unitofwork.ErrStale) {
			t.Errorf("UPDATE of a memo marked deleted since: %v; want ErrStale", err)
		}
	})
}

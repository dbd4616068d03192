package mappertest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

var _ engine.Batch = (*mapper.UpdateBatch[Ticket])(nil)

// An update through the mapping bumps the struct's version; a stale copy
// fails with ErrStale instead of writing nothing silently. An update that
// changes no value but the version still counts as a match on MySQL and
// MariaDB without clientFoundRows.
func TestUpdateBatchOptimistic(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		ctx := context.Background()
		m := tickets(t, e)
		tk := &Ticket{Title: "a", Rev: 1, Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		if err := engine.RunBatch(ctx, e, m.InsertBatch([]*Ticket{tk})); err != nil {
			t.Fatal(err)
		}
		stale := *tk
		if err := engine.RunBatch(ctx, e, m.UpdateBatch(tk)); err != nil || tk.Rev != 2 {
			t.Fatalf("unchanged update: %v, rev %d; want nil, rev 2", err, tk.Rev)
		}
		tk.Title = "b"
		if err := engine.RunBatch(ctx, e, m.UpdateBatch(tk, m.C("title"))); err != nil || tk.Rev != 3 {
			t.Fatalf("update: %v, rev %d; want nil, rev 3", err, tk.Rev)
		}
		stale.Title = "lost"
		err := engine.RunBatch(ctx, e, m.UpdateBatch(&stale))
		var se *mapper.StaleError
		if !errors.Is(err, mapper.ErrStale) || !errors.As(err, &se) || se.Version != 1 || stale.Rev != 1 {
			t.Fatalf("stale update: %v (rev %d); want ErrStale at version 1, rev unchanged", err, stale.Rev)
		}
		got, err := engine.Scalar[string](ctx, e, expr.Select(m.C("title")).From(m.Table))
		if err != nil || got != "b" {
			t.Fatalf("after the updates: %q, %v; want b", got, err)
		}
	})
}

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

// failAfter is a batch that fails after its inner batch's last result,
// as a commit or a later statement of the batch may: the inner batch's
// effects are rolled back.
type failAfter struct {
	engine.Batch
}

// UndoBatch passes RunBatch's call on to the inner batch, if it takes one.
func (f failAfter) UndoBatch() {
	if u, ok := f.Batch.(engine.BatchUndoer); ok {
		u.UndoBatch()
	}
}

var errAfter = errors.New("failed after the update")

func (f failAfter) PlanBatch(maxParams int, returning bool, idStep func() (int64, error)) (int, error) {
	n, err := f.Batch.PlanBatch(maxParams, returning, idStep)
	return n + 1, err // one more statement: run in a transaction
}

func (f failAfter) BatchResult(lastInsertID, rowsAffected int64) error {
	if err := f.Batch.BatchResult(lastInsertID, rowsAffected); err != nil {
		return err
	}
	return errAfter
}

// An UpdateBatch that bumped the version and then failed, its UPDATE
// rolled back, restores the version: the next update of the struct
// matches the row, instead of failing with a false ErrStale.
func TestUpdateBatchFailureRestoresVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		ctx := context.Background()
		m := tickets(t, e)
		tk := &Ticket{Title: "a", Rev: 1, Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		if err := engine.RunBatch(ctx, e, m.InsertBatch([]*Ticket{tk})); err != nil {
			t.Fatal(err)
		}
		tk.Title = "b"
		if err := engine.RunBatch(ctx, e, failAfter{m.UpdateBatch(tk)}); !errors.Is(err, errAfter) || tk.Rev != 1 {
			t.Fatalf("failed update: %v, rev %d; want errAfter, rev 1", err, tk.Rev)
		}
		if err := engine.RunBatch(ctx, e, m.UpdateBatch(tk)); err != nil || tk.Rev != 2 {
			t.Fatalf("update after the failed one: %v, rev %d; want nil, rev 2", err, tk.Rev)
		}
	})
}

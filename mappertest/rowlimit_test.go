package mappertest

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// A row cap exceeded has one name across the layers: the engine's
// WithMaxRows and the mapper's MaxRows fail with an error that both
// engine.ErrRowLimit and mapper.ErrRowLimit match.
func TestRowLimitOneName(t *testing.T) {
	ctx := context.Background()
	e := openSQLiteEngine(t)
	t.Cleanup(func() { e.Close() })
	m := tickets(t, e)
	if err := engine.RunBatch(ctx, e, m.InsertBatch(newTickets(3, false))); err != nil {
		t.Fatal(err)
	}
	capped, err := engine.New(e.Source(), e.Dialect(), engine.WithMaxRows(2))
	if err != nil {
		t.Fatal(err)
	}
	_, err = engine.All(ctx, capped, m.Select(), mapper.Row[Ticket])
	if !errors.Is(err, engine.ErrRowLimit) || !errors.Is(err, mapper.ErrRowLimit) {
		t.Errorf("engine cap: %v; want both ErrRowLimits", err)
	}
	rows, err := e.Query(ctx, expr.Select(m.C("id")).From(m.Table))
	if err != nil {
		t.Fatal(err)
	}
	_, err = mapper.All[int64](rows, mapper.MaxRows(2))
	if !errors.Is(err, engine.ErrRowLimit) || !errors.Is(err, mapper.ErrRowLimit) {
		t.Errorf("mapper cap: %v; want both ErrRowLimits", err)
	}
}

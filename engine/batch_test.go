package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// otherExecutor is an Executor that is neither an *Engine nor a *Tx.
type otherExecutor struct{ Executor }

// planOnce records whether RunBatch planned it.
type planOnce struct{ planned bool }

func (p *planOnce) PlanBatch(int, bool, func() (int64, error)) (int, error) {
	p.planned = true
	return 0, nil
}
func (p *planOnce) NextStatement() (expr.Statement, bool, error) { return nil, false, nil }
func (p *planOnce) BatchRows(interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}) error {
	return nil
}
func (p *planOnce) BatchResult(int64, int64) error { return nil }

// RunBatch needs an *Engine or a *Tx to start its transaction; anything
// else fails before the batch is planned.
func TestRunBatchTarget(t *testing.T) {
	p := &planOnce{}
	err := RunBatch(context.Background(), otherExecutor{}, p)
	if !errors.Is(err, ErrBatchTarget) || p.planned {
		t.Errorf("got %v, planned %v; want ErrBatchTarget before planning", err, p.planned)
	}
}

// One multi-row INSERT's keys are LAST_INSERT_ID + k*increment only under
// lock modes 0 and 1; under 2 they may interleave with other sessions'.
func TestKeyStep(t *testing.T) {
	for _, tc := range []struct{ mode, inc, want int64 }{
		{0, 1, 1}, {1, 1, 1}, {1, 5, 5}, {2, 1, 0}, {1, 0, 0}, {-1, 1, 0}, {3, 1, 0},
	} {
		if got := keyStep(tc.mode, tc.inc); got != tc.want {
			t.Errorf("keyStep(%d, %d) = %d; want %d", tc.mode, tc.inc, got, tc.want)
		}
	}
}

// undoOnce is a planOnce that records UndoBatch.
type undoOnce struct {
	planOnce
	undone bool
}

func (u *undoOnce) UndoBatch() { u.undone = true }

// A failed batch that can undo its changes to the caller's values is
// told to.
func TestRunBatchUndoesOnFailure(t *testing.T) {
	u := &undoOnce{}
	if err := RunBatch(context.Background(), otherExecutor{}, u); err == nil || !u.undone {
		t.Errorf("got %v, undone %v; want an error and UndoBatch called", err, u.undone)
	}
}

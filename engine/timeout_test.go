package engine

import (
	"context"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// deadlineSource records whether the context of each statement has a
// deadline.
type deadlineSource struct {
	fakeSource
	deadline bool
}

func (s *deadlineSource) Exec(ctx context.Context, _ string, _ []any) (Result, error) {
	_, s.deadline = ctx.Deadline()
	return Result{}, nil
}

// TestStatementTimeoutDefault checks the default docs/security.md row 18
// states: no statement timeout unless WithStatementTimeout or Timeout
// sets one.
func TestStatementTimeoutDefault(t *testing.T) {
	ctx := context.Background()
	stmt := expr.Text("SELECT 1")
	src := &deadlineSource{}
	e, err := New(src, fakeDialect{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, stmt); err != nil || src.deadline {
		t.Errorf("default engine: deadline %v, %v; want none", src.deadline, err)
	}
	if _, err := e.Exec(Timeout(ctx, time.Minute), stmt); err != nil || !src.deadline {
		t.Errorf("Timeout: deadline %v, %v; want one", src.deadline, err)
	}
	e, err = New(src, fakeDialect{}, WithStatementTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, stmt); err != nil || !src.deadline {
		t.Errorf("WithStatementTimeout: deadline %v, %v; want one", src.deadline, err)
	}
}

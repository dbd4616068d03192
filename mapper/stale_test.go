package mapper_test

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Updated bumps the version after a matched update and reports a stale
// row as a *StaleError; without a version column it checks nothing.
func TestUpdated(t *testing.T) {
	m := jobs()
	j := &Job{ID: 1, Rev: 4}
	if err := m.Updated(j, 1); err != nil || j.Rev != 5 {
		t.Errorf("matched: %v, rev %d; want rev 5", err, j.Rev)
	}
	err := m.Updated(j, 0)
	var se *mapper.StaleError
	if !errors.As(err, &se) || !errors.Is(err, mapper.ErrStale) || se.Version != 5 || se.Table != "jobs" || j.Rev != 5 {
		t.Errorf("stale: %v, rev %d; want *StaleError at 5, rev 5", err, j.Rev)
	}
	type plain struct {
		ID int64 `db:"id,pk"`
	}
	p := mapper.MustMap[plain](mapper.NewRegistry(expr.NewMetaData()), "plain")
	if err := p.Updated(&plain{ID: 1}, 0); err != nil {
		t.Errorf("no version column: got %v; want nil", err)
	}
}

// An UpdateBatch planned again (a retry) runs its UPDATE again.
func TestUpdateBatchReplan(t *testing.T) {
	b := jobs().UpdateBatch(&Job{ID: 1, Name: "n"})
	for run := range 2 {
		if _, err := b.PlanBatch(100, true, nil); err != nil {
			t.Fatal(err)
		}
		if st, _, err := b.NextStatement(); st == nil || err != nil {
			t.Fatalf("run %d: statement %v, %v; want the UPDATE", run, st, err)
		}
		if st, _, _ := b.NextStatement(); st != nil {
			t.Fatalf("run %d: a second statement", run)
		}
	}
}

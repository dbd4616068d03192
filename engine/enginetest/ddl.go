package enginetest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// RunDDL checks that CreateAll and DropAll are idempotent and ordered.
func RunDDL(t *testing.T, env Env) {
	e := env.Open(t)
	ctx := testContext(t)
	for i := range 2 {
		if err := e.CreateAll(ctx, meta); err != nil {
			t.Fatalf("%s: CreateAll #%d: %v", env.Name, i+1, err)
		}
	}
	mustExec(t, ctx, e, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(1, "acme"))
	mustExec(t, ctx, e, insertItem(1, "bolt", 1))
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatalf("%s: CreateAll over data: %v", env.Name, err)
	}
	if n := countItems(t, ctx, e, "bolt"); n != 1 {
		t.Errorf("%s: CreateAll changed the data: %d rows", env.Name, n)
	}
	for i := range 2 {
		if err := e.DropAll(ctx, meta); err != nil {
			t.Fatalf("%s: DropAll #%d: %v", env.Name, i+1, err)
		}
	}
	_, err := e.Exec(ctx, expr.Select(expr.CountAll()).From(items))
	if err == nil {
		t.Errorf("%s: items still exists after DropAll", env.Name)
	}
	var ee *engine.Error
	if !errors.As(err, &ee) {
		t.Errorf("%s: error %v is not an *engine.Error", env.Name, err)
	}
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatalf("%s: CreateAll after DropAll: %v", env.Name, err)
	}
}

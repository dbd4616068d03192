//go:build !race

package otelhooktest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/metric/noop"
	tnoop "go.opentelemetry.io/otel/trace/noop"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
)

// TestNoopAllocs checks that with tracing and metrics off the hook adds
// no allocation to a statement: the same QueryRow and Exec through an
// engine without the hook and with it, on the no-op providers and on the
// global ones with no SDK set.
func TestNoopAllocs(t *testing.T) {
	ctx := context.Background()
	open := func(opts ...engine.OpenOption) *engine.Engine {
		e, err := sqlitedialect.Open(ctx, t.TempDir()+"/a.db", opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	noopHook, err := otelhook.New(otelhook.WithTracerProvider(tnoop.NewTracerProvider()), otelhook.WithMeterProvider(noop.NewMeterProvider()))
	if err != nil {
		t.Fatal(err)
	}
	globalHook, err := otelhook.New()
	if err != nil {
		t.Fatal(err)
	}
	one := expr.Text("SELECT 1")
	measure := func(e *engine.Engine) (queryRow, exec float64) {
		var n int64
		queryRow = testing.AllocsPerRun(200, func() {
			if err := e.QueryRow(ctx, one).Scan(&n); err != nil {
				t.Fatal(err)
			}
		})
		exec = testing.AllocsPerRun(200, func() {
			if _, err := e.Exec(ctx, one); err != nil {
				t.Fatal(err)
			}
		})
		return queryRow, exec
	}
	baseRow, baseExec := measure(open())
	for name, h := range map[string]*otelhook.Hook{"noop": noopHook, "global": globalHook} {
		row, exec := measure(open(engine.WithHooks(h)))
		if row != baseRow || exec != baseExec {
			t.Errorf("%s providers: QueryRow %.1f, Exec %.1f allocs; without the hook %.1f, %.1f", name, row, exec, baseRow, baseExec)
		}
	}
}

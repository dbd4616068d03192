//go:build !race

package otelhooktest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric/noop"
	tnoop "go.opentelemetry.io/otel/trace/noop"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
)

// unsetGlobalAllocs is what the hook adds to a statement while the
// global providers are left unset: starting a span that does not record
// (docs/observability.md, "Tracing off").
const unsetGlobalAllocs = 8

// engineAllocs returns the allocations of a QueryRow and an Exec through
// a SQLite engine opened with opts.
func engineAllocs(t *testing.T, opts ...engine.OpenOption) (queryRow, exec float64) {
	ctx := context.Background()
	e, err := sqlitedialect.Open(ctx, t.TempDir()+"/a.db", opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	one := expr.Text("SELECT 1")
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

func newHook(t *testing.T, opts ...otelhook.Option) *otelhook.Hook {
	h, err := otelhook.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestNoopAllocs checks that with the no-op providers the hook adds no
// allocation to a statement — the same QueryRow and Exec through an
// engine without the hook and with it — and that with the global
// providers left unset it adds no more than unsetGlobalAllocs.
func TestNoopAllocs(t *testing.T) {
	baseRow, baseExec := engineAllocs(t)
	row, exec := engineAllocs(t, engine.WithHooks(newHook(t,
		otelhook.WithTracerProvider(tnoop.NewTracerProvider()), otelhook.WithMeterProvider(noop.NewMeterProvider()))))
	if row != baseRow || exec != baseExec {
		t.Errorf("no-op providers: QueryRow %.1f, Exec %.1f allocs; without the hook %.1f, %.1f", row, exec, baseRow, baseExec)
	}
	row, exec = engineAllocs(t, engine.WithHooks(newHook(t)))
	if row > baseRow+unsetGlobalAllocs || exec > baseExec+unsetGlobalAllocs {
		t.Errorf("unset global providers: QueryRow %.1f, Exec %.1f allocs; without the hook %.1f, %.1f, and at most %d more",
			row, exec, baseRow, baseExec, unsetGlobalAllocs)
	}
}

// TestGlobalNoopAllocs: with the no-op providers set as the global ones,
// neither the engine hook nor a wrapped connector adds an allocation.
func TestGlobalNoopAllocs(t *testing.T) {
	if !inOwnProcess(t) {
		return
	}
	otel.SetTracerProvider(tnoop.NewTracerProvider())
	otel.SetMeterProvider(noop.NewMeterProvider())
	baseRow, baseExec := engineAllocs(t)
	row, exec := engineAllocs(t, engine.WithHooks(newHook(t)))
	if row != baseRow || exec != baseExec {
		t.Errorf("engine hook: QueryRow %.1f, Exec %.1f allocs; without the hook %.1f, %.1f", row, exec, baseRow, baseExec)
	}
	b := SQLite(t)
	measure := func(c driver.Connector) (queryRow, exec float64) {
		ctx := context.Background()
		db := sql.OpenDB(c)
		defer db.Close()
		var email string
		queryRow = testing.AllocsPerRun(200, func() {
			if err := db.QueryRowContext(ctx, b.Get, 1).Scan(&email); err != nil && err != sql.ErrNoRows {
				t.Fatal(err)
			}
		})
		exec = testing.AllocsPerRun(200, func() {
			if _, err := db.ExecContext(ctx, "UPDATE otel_users SET age = 1 WHERE id = ?", 1); err != nil {
				t.Fatal(err)
			}
		})
		return queryRow, exec
	}
	baseRow, baseExec = measure(b.Connector)
	row, exec = measure(otelhook.WrapConnector(b.Connector))
	if row != baseRow || exec != baseExec {
		t.Errorf("wrapped connector: QueryRow %.1f, Exec %.1f allocs; unwrapped %.1f, %.1f", row, exec, baseRow, baseExec)
	}
}

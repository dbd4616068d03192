//go:build !race

package otelhook_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	tnoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/otelhook"
)

func TestPoolHookAllocs(t *testing.T) {
	for name, mp := range map[string]metric.MeterProvider{"noop": noop.NewMeterProvider(), "sdk": sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))} {
		h, err := otelhook.NewPoolHook(mp, "main")
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		ev := &engine.CheckoutEvent{Held: time.Millisecond}
		if n := testing.AllocsPerRun(100, func() { h.Checkout(ctx, ev); h.Checkin(ctx, ev) }); n != 0 {
			t.Errorf("%s: Checkout+Checkin allocate %v times; want 0", name, n)
		}
	}
}

// TestWrapNoopAllocs: with tracing and metrics off (the no-op
// providers), a wrapped connector adds no allocation to an Exec or a
// QueryRow through database/sql; with the global providers left unset it
// adds no more than starting a span that does not record costs.
// otelhooktest's TestGlobalNoopAllocs checks the no-op providers set as
// the global ones.
func TestWrapNoopAllocs(t *testing.T) {
	const unsetGlobalAllocs = 11
	ctx := context.Background()
	measure := func(c driver.Connector) (exec, queryRow float64) {
		db := sql.OpenDB(c)
		defer db.Close()
		var v string
		exec = testing.AllocsPerRun(200, func() {
			if _, err := db.ExecContext(ctx, "UPDATE t SET a = ?", "x"); err != nil {
				t.Fatal(err)
			}
		})
		queryRow = testing.AllocsPerRun(200, func() {
			if err := db.QueryRowContext(ctx, "SELECT v FROM t WHERE a = ?", "x").Scan(&v); err != nil {
				t.Fatal(err)
			}
		})
		return exec, queryRow
	}
	baseExec, baseRow := measure(&fakeConnector{})
	exec, row := measure(otelhook.WrapConnector(&fakeConnector{},
		otelhook.WithTracerProvider(tnoop.NewTracerProvider()), otelhook.WithMeterProvider(noop.NewMeterProvider())))
	if exec != baseExec || row != baseRow {
		t.Errorf("no-op providers: Exec %.1f, QueryRow %.1f allocs; unwrapped %.1f, %.1f", exec, row, baseExec, baseRow)
	}
	exec, row = measure(otelhook.WrapConnector(&fakeConnector{}))
	if exec > baseExec+unsetGlobalAllocs || row > baseRow+unsetGlobalAllocs {
		t.Errorf("unset global providers: Exec %.1f, QueryRow %.1f allocs; unwrapped %.1f, %.1f, and at most %d more",
			exec, row, baseExec, baseRow, unsetGlobalAllocs)
	}
}

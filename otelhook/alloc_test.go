//go:build !race

package otelhook_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

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

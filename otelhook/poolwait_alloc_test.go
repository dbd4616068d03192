//go:build !race

package otelhook_test

import (
	"testing"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/sqlforge/sqlforge/otelhook"
)

// TestWaitObserverAllocs: a pool calls the observer on its slow path,
// which allocates nothing; recording a wait must not either.
func TestWaitObserverAllocs(t *testing.T) {
	for name, mp := range map[string]metric.MeterProvider{"noop": noop.NewMeterProvider(), "sdk": sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))} {
		observe, err := otelhook.WaitObserver(mp, "main")
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { observe(time.Millisecond, false); observe(time.Second, true) }); n != 0 {
			t.Errorf("%s: recording a wait allocates %v times; want 0", name, n)
		}
	}
}

package otelhook_test

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/sqlforge/sqlforge/otelhook"
)

// Report a *sql.DB's connections with the conventions' pool metrics.
func ExampleRegisterPoolMetrics() {
	ctx := context.Background()
	db := sql.OpenDB(&fakeConnector{})
	defer db.Close()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	reg, err := otelhook.RegisterPoolMetrics(mp, "main", otelhook.DBStats(db))
	if err != nil {
		panic(err)
	}
	defer reg.Unregister()

	held, _ := db.Conn(ctx)
	idle, _ := db.Conn(ctx)
	idle.Close()
	defer held.Close()

	var rm metricdata.ResourceMetrics
	reader.Collect(ctx, &rm)
	for _, m := range rm.ScopeMetrics[0].Metrics {
		if m.Name == "db.client.connection.count" {
			for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
				state, _ := p.Attributes.Value("db.client.connection.state")
				fmt.Println(state.AsString(), p.Value)
			}
		}
	}
	// Unordered output:
	// idle 1
	// used 1
}

// Record db.client.connection.wait_time from a pool's wait observer. With
// sqlforge's pool the function is passed when the pool is opened:
// sqlpool.OpenDB(connector, sqlpool.WithWaitObserver(observe)); here two
// waits are reported by hand, one of them timed out.
func ExampleWaitObserver() {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	observe, err := otelhook.WaitObserver(mp, "main")
	if err != nil {
		panic(err)
	}
	observe(25*time.Millisecond, false)
	observe(time.Second, true) // counted by db.client.connection.timeouts instead

	var rm metricdata.ResourceMetrics
	reader.Collect(context.Background(), &rm)
	m := rm.ScopeMetrics[0].Metrics[0]
	p := m.Data.(metricdata.Histogram[float64]).DataPoints[0]
	fmt.Println(m.Name, m.Unit, p.Count, p.Sum)
	// Output: db.client.connection.wait_time s 1 0.025
}

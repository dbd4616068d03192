package otelhook_test

import (
	"context"
	"database/sql"
	"fmt"

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

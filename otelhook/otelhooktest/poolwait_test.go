package otelhooktest

import (
	"context"
	"errors"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/sqlforge/sqlforge/otelhook"
	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// waitHistogram returns the count and sum of db.client.connection.wait_time
// for the pool called pool.
func waitHistogram(rm *metricdata.ResourceMetrics, pool string) (uint64, float64) {
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			h, _ := m.Data.(metricdata.Histogram[float64])
			if m.Name != "db.client.connection.wait_time" {
				continue
			}
			for _, p := range h.DataPoints {
				if v, _ := p.Attributes.Value("db.client.connection.pool.name"); v.AsString() == pool {
					return p.Count, p.Sum
				}
			}
		}
	}
	return 0, 0
}

// TestPoolWaitMetricsSQLPool holds the only connection of sqlforge's pool
// on SQLite while two calls wait, makes one of them time out and serves
// the other: pending_requests says 2 while they wait and 0 after,
// timeouts 1, and wait_time (from the pool's wait observer) holds the
// one wait that obtained a connection.
func TestPoolWaitMetricsSQLPool(t *testing.T) {
	ctx := context.Background()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	observe, err := otelhook.WaitObserver(mp, "orders")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlpool.Open("sqlite3", "file:"+t.TempDir()+"/wait.db", sqlpool.WithWaitObserver(observe))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	reg, err := otelhook.RegisterPoolMetrics(mp, "orders", sqlpoolStats(db))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Unregister()

	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- db.PingContext(ctx) }()
	exp := fakedriver.NewExpiring(ctx)
	timedOut := make(chan error, 1)
	go func() { timedOut <- db.PingContext(exp) }()
	deadline := time.Now().Add(30 * time.Second)
	for db.Stats().Pending != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("Pending never reached 2 (now %d)", db.Stats().Pending)
		}
		time.Sleep(100 * time.Microsecond)
	}
	if got := points(Collect(t, reader), "db.client.connection.pending_requests"); got["orders/"] != 2 {
		t.Errorf("pending_requests while two calls wait = %v; want orders 2", got)
	}

	exp.Expire()
	if err := <-timedOut; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Ping whose deadline passed while waiting: %v; want DeadlineExceeded", err)
	}
	conn.Close()
	if err := <-served; err != nil {
		t.Fatal(err)
	}

	rm := Collect(t, reader)
	for name, want := range map[string]int64{
		"db.client.connection.pending_requests": 0,
		"db.client.connection.timeouts":         1,
		"sqlforge.db.client.connection.waits":   2,
	} {
		if got := points(rm, name); got["orders/"] != want {
			t.Errorf("%s = %v; want orders %d", name, got, want)
		}
	}
	if n, sum := waitHistogram(rm, "orders"); n != 1 || sum <= 0 {
		t.Errorf("wait_time count %d sum %v; want the one wait that was served", n, sum)
	}
}

package otelhook_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/otelhook"
)

// collectMetrics returns the reader's metrics by name.
func collectMetrics(t *testing.T, r *sdkmetric.ManualReader) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// intPoint returns the value of the int64 sum of metric m whose
// attributes hold every one of want; ok false when there is none.
func intPoint(m metricdata.Metrics, want ...attribute.KeyValue) (int64, bool) {
	s, _ := m.Data.(metricdata.Sum[int64])
	for _, p := range s.DataPoints {
		if hasAll(p.Attributes, want) {
			return p.Value, true
		}
	}
	return 0, false
}

func hasAll(set attribute.Set, want []attribute.KeyValue) bool {
	for _, kv := range want {
		if v, ok := set.Value(kv.Key); !ok || v != kv.Value {
			return false
		}
	}
	return true
}

// TestPoolMetricsSQLDB takes three connections of a *sql.DB, gives one
// back and makes a request wait: the metrics say 2 used, 1 idle, the
// limit, and one wait.
func TestPoolMetricsSQLDB(t *testing.T) {
	ctx := context.Background()
	db := sql.OpenDB(&fakeConnector{})
	defer db.Close()
	db.SetMaxOpenConns(3)
	db.SetMaxIdleConns(3)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	reg, err := otelhook.RegisterPoolMetrics(mp, "main", otelhook.DBStats(db))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Unregister()

	var conns []*sql.Conn
	for range 3 {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	// A fourth request waits until a connection is given back.
	got := make(chan *sql.Conn)
	go func() {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Error(err)
		}
		got <- c
	}()
	for db.Stats().WaitCount == 0 {
		time.Sleep(time.Millisecond)
	}
	conns[0].Close()
	c := <-got
	c.Close()
	// Now: conns[1] and conns[2] in use, one idle.

	ms := collectMetrics(t, reader)
	pool := attribute.String("db.client.connection.pool.name", "main")
	for _, tc := range []struct {
		metric string
		attrs  []attribute.KeyValue
		want   int64
	}{
		{"db.client.connection.count", []attribute.KeyValue{pool, attribute.String("db.client.connection.state", "used")}, 2},
		{"db.client.connection.count", []attribute.KeyValue{pool, attribute.String("db.client.connection.state", "idle")}, 1},
		{"db.client.connection.max", []attribute.KeyValue{pool}, 3},
		{"sqlforge.db.client.connection.waits", []attribute.KeyValue{pool}, 1},
	} {
		m, ok := ms[tc.metric]
		if !ok {
			t.Errorf("no metric %s", tc.metric)
			continue
		}
		if v, ok := intPoint(m, tc.attrs...); !ok || v != tc.want {
			t.Errorf("%s %v = %d (found %v); want %d", tc.metric, tc.attrs, v, ok, tc.want)
		}
	}
	for _, name := range []string{"db.client.connection.idle.max",
		"db.client.connection.pending_requests", "db.client.connection.timeouts"} {
		if m, ok := ms[name]; ok {
			t.Errorf("%s reported though *sql.DB does not tell it: %+v", name, m)
		}
	}
	wd, _ := ms["sqlforge.db.client.connection.wait_duration"].Data.(metricdata.Sum[float64])
	if len(wd.DataPoints) != 1 || wd.DataPoints[0].Value <= 0 {
		t.Errorf("wait_duration: %+v; want one positive point", wd.DataPoints)
	}
	for _, c := range conns[1:] {
		c.Close()
	}
	ms = collectMetrics(t, reader)
	if v, _ := intPoint(ms["db.client.connection.count"], pool, attribute.String("db.client.connection.state", "idle")); v != 3 {
		t.Errorf("idle after giving all back = %d; want 3", v)
	}
	if err := reg.Unregister(); err != nil {
		t.Fatal(err)
	}
	if _, ok := intPoint(collectMetrics(t, reader)["db.client.connection.count"]); ok {
		t.Error("points after Unregister")
	}
}

func TestPoolMetricsIdleMax(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	reg, err := otelhook.RegisterPoolMetrics(mp, "p", func() otelhook.PoolStats {
		return otelhook.PoolStats{MaxIdle: 4}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Unregister()
	ms := collectMetrics(t, reader)
	if v, ok := intPoint(ms["db.client.connection.idle.max"]); !ok || v != 4 {
		t.Errorf("idle.max = %d, %v; want 4", v, ok)
	}
	if _, ok := ms["db.client.connection.max"]; ok {
		t.Error("max reported without a limit")
	}
	if _, err := otelhook.RegisterPoolMetrics(mp, "p", nil); err == nil {
		t.Error("RegisterPoolMetrics(nil stats): no error")
	}
}

// histogram returns the count and sum of the one point of histogram m.
func histogram(t *testing.T, m metricdata.Metrics, want ...attribute.KeyValue) (uint64, float64) {
	t.Helper()
	h, ok := m.Data.(metricdata.Histogram[float64])
	if !ok || len(h.DataPoints) != 1 {
		t.Fatalf("%s: %+v; want one histogram point", m.Name, m.Data)
	}
	p := h.DataPoints[0]
	if !hasAll(p.Attributes, want) {
		t.Errorf("%s attributes %v; want %v", m.Name, p.Attributes.ToSlice(), want)
	}
	return p.Count, p.Sum
}

func TestPoolHook(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	h, err := otelhook.NewPoolHook(mp, "main")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h.Connect(ctx, &engine.ConnectEvent{Duration: 3 * time.Millisecond})
	h.Connect(ctx, &engine.ConnectEvent{Duration: time.Second, Err: errFake})
	h.Connect(ctx, &engine.ConnectEvent{})
	h.Checkout(ctx, &engine.CheckoutEvent{})
	h.Checkin(ctx, &engine.CheckoutEvent{Held: 20 * time.Millisecond})
	h.Checkout(ctx, &engine.CheckoutEvent{Tx: true})
	h.Checkin(ctx, &engine.CheckoutEvent{Tx: true, Held: 30 * time.Millisecond, Err: errFake})

	ms := collectMetrics(t, reader)
	pool := attribute.String("db.client.connection.pool.name", "main")
	if n, sum := histogram(t, ms["db.client.connection.create_time"], pool); n != 1 || sum != 0.003 {
		t.Errorf("create_time count %d sum %v; want 1, 0.003 (failed and untimed connects left out)", n, sum)
	}
	if n, sum := histogram(t, ms["db.client.connection.use_time"], pool); n != 2 || sum != 0.05 {
		t.Errorf("use_time count %d sum %v; want 2, 0.05", n, sum)
	}
	if u := ms["db.client.connection.use_time"].Unit; u != "s" {
		t.Errorf("use_time unit %q; want s", u)
	}
}

// TestPoolMetricsWaits: a source that counts its waiters reports them as
// the conventions' pending_requests (an up-down counter) and timeouts (a
// counter).
func TestPoolMetricsWaits(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	st := otelhook.PoolStats{Pending: 3, Timeouts: 2, CountsWaits: true}
	reg, err := otelhook.RegisterPoolMetrics(mp, "p", func() otelhook.PoolStats { return st })
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Unregister()
	pool := attribute.String("db.client.connection.pool.name", "p")
	for _, tc := range []struct {
		name, unit string
		monotonic  bool
		want       int64
	}{
		{"db.client.connection.pending_requests", "{request}", false, 3},
		{"db.client.connection.timeouts", "{timeout}", true, 2},
	} {
		m := collectMetrics(t, reader)[tc.name]
		s, ok := m.Data.(metricdata.Sum[int64])
		if !ok || s.IsMonotonic != tc.monotonic || m.Unit != tc.unit {
			t.Errorf("%s: %T monotonic %v unit %q; want a sum, monotonic %v, unit %q",
				tc.name, m.Data, s.IsMonotonic, m.Unit, tc.monotonic, tc.unit)
		}
		if v, ok := intPoint(m, pool); !ok || v != tc.want {
			t.Errorf("%s = %d (found %v); want %d", tc.name, v, ok, tc.want)
		}
	}
	st.Pending = 0
	if v, _ := intPoint(collectMetrics(t, reader)["db.client.connection.pending_requests"], pool); v != 0 {
		t.Errorf("pending_requests after the waiters left = %d; want 0", v)
	}
}

// TestWaitObserver records two waits that obtained a connection and one
// that timed out: the histogram holds the two, in seconds.
func TestWaitObserver(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	observe, err := otelhook.WaitObserver(mp, "main")
	if err != nil {
		t.Fatal(err)
	}
	observe(10*time.Millisecond, false)
	observe(20*time.Millisecond, false)
	observe(5*time.Second, true)
	m := collectMetrics(t, reader)["db.client.connection.wait_time"]
	pool := attribute.String("db.client.connection.pool.name", "main")
	if n, sum := histogram(t, m, pool); n != 2 || sum != 0.03 {
		t.Errorf("wait_time count %d sum %v; want 2, 0.03 (the timed-out wait left out)", n, sum)
	}
	if m.Unit != "s" {
		t.Errorf("wait_time unit %q; want s", m.Unit)
	}
}

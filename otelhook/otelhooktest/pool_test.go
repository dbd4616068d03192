package otelhooktest

import (
	"context"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// sqlpoolStats is the one-line adapter of docs/observability.md from
// sqlforge's pool to otelhook.PoolStats.
func sqlpoolStats(db *sqlpool.DB) func() otelhook.PoolStats {
	return func() otelhook.PoolStats {
		s := db.Stats()
		return otelhook.PoolStats{MaxOpen: s.MaxOpenConnections, InUse: s.InUse,
			Idle: s.Idle, WaitCount: s.WaitCount, WaitDuration: s.WaitDuration,
			Pending: s.Pending, Timeouts: s.Timeouts, CountsWaits: true}
	}
}

func points(rm *metricdata.ResourceMetrics, name string) map[string]int64 {
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			s, _ := m.Data.(metricdata.Sum[int64])
			for _, p := range s.DataPoints {
				state, _ := p.Attributes.Value("db.client.connection.state")
				pool, _ := p.Attributes.Value("db.client.connection.pool.name")
				out[pool.AsString()+"/"+state.AsString()] = p.Value
			}
		}
	}
	return out
}

// TestPoolMetricsSQLPool opens three connections of sqlforge's pool on
// SQLite and holds two: the metrics say 2 used, 1 idle.
func TestPoolMetricsSQLPool(t *testing.T) {
	ctx := context.Background()
	db, err := sqlpool.Open("sqlite3", "file:"+t.TempDir()+"/pool.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	reg, err := otelhook.RegisterPoolMetrics(mp, "orders", sqlpoolStats(db))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Unregister()

	var conns []*sqlpool.Conn
	for range 3 {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	conns[2].Close()
	got := points(Collect(t, reader), "db.client.connection.count")
	if got["orders/used"] != 2 || got["orders/idle"] != 1 {
		t.Errorf("connection.count = %v; want orders/used 2, orders/idle 1", got)
	}
	if got := points(Collect(t, reader), "db.client.connection.max"); got["orders/"] != 4 {
		t.Errorf("connection.max = %v; want 4", got)
	}
	conns[0].Close()
	conns[1].Close()
	got = points(Collect(t, reader), "db.client.connection.count")
	if got["orders/used"] != 0 || got["orders/idle"] != 3 {
		t.Errorf("after giving back: connection.count = %v; want orders/used 0, orders/idle 3", got)
	}
}

// TestPoolHookEngine runs statements and a transaction through an engine
// with a PoolHook: one use per statement outside the transaction and one
// for the transaction (use_time), and on MariaDB, whose Open reports new
// connections with their time, at least one create_time.
func TestPoolHookEngine(t *testing.T) {
	for _, open := range Backends() {
		b := open(t)
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			reader := sdkmetric.NewManualReader()
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
			h, err := otelhook.NewPoolHook(mp, "main")
			if err != nil {
				t.Fatal(err)
			}
			e := Engine(t, b, engine.WithHooks(h))
			meta := expr.NewMetaData()
			items := meta.MustTable("otel_items", expr.Col("id", expr.BigInt, expr.PK))
			if err := e.CreateAll(ctx, meta); err != nil {
				t.Fatal(err)
			}
			if _, err := e.Exec(ctx, expr.Insert(items).Values(1)); err != nil {
				t.Fatal(err)
			}
			tx, err := e.Begin(ctx, engine.TxOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ctx, expr.Insert(items).Values(2)); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}

			counts := map[string]uint64{}
			for _, sm := range Collect(t, reader).ScopeMetrics {
				for _, m := range sm.Metrics {
					h, _ := m.Data.(metricdata.Histogram[float64])
					for _, p := range h.DataPoints {
						if v, _ := p.Attributes.Value("db.client.connection.pool.name"); v != attribute.StringValue("main") {
							t.Errorf("%s: pool name %v", m.Name, v)
						}
						counts[m.Name] += p.Count
					}
				}
			}
			// CreateAll's statements are uses too; count from the
			// engine's own statements: Exec and the transaction.
			if n := counts["db.client.connection.use_time"]; n < 2 {
				t.Errorf("use_time count %d; want at least 2", n)
			}
			if n := counts["db.client.connection.create_time"]; (n > 0) != (b.Name == "mariadb") {
				t.Errorf("create_time count %d on %s", n, b.Name)
			}
		})
	}
}

package otelhook

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/semconv/v1.43.0/dbconv"
)

// PoolStats is a snapshot of a connection pool's figures, what
// RegisterPoolMetrics reports. Its fields are those of sql.DBStats that
// the conventions' pool metrics can be made of, and the waiters pending
// and timed out that sql.DBStats lacks, so that any pool can fill it:
// DBStats does that for a *sql.DB, and for sqlforge's pool (whose Stats
// returns the same fields, and Pending and Timeouts) one function does:
//
//	func() otelhook.PoolStats {
//		s := db.Stats()
//		return otelhook.PoolStats{MaxOpen: s.MaxOpenConnections, InUse: s.InUse,
//			Idle: s.Idle, WaitCount: s.WaitCount, WaitDuration: s.WaitDuration,
//			Pending: s.Pending, Timeouts: s.Timeouts, CountsWaits: true}
//	}
type PoolStats struct {
	// MaxOpen is the limit of open connections; 0 means none, and then
	// db.client.connection.max is not reported.
	MaxOpen int
	// MaxIdle is the limit of idle connections; 0 means unknown (neither
	// *sql.DB nor sqlforge's pool tells it), and then
	// db.client.connection.idle.max is not reported.
	MaxIdle int
	// InUse and Idle are the connections in use and idle now.
	InUse, Idle int
	// WaitCount is how many requests for a connection had to wait so
	// far, WaitDuration how long they waited in all.
	WaitCount    int64
	WaitDuration time.Duration
	// Pending is how many requests are waiting for a connection now, and
	// Timeouts how many waits were given up so far because the request's
	// context ended. They are reported (db.client.connection.pending_requests
	// and db.client.connection.timeouts) only when CountsWaits says the
	// source counts them: sql.DBStats does not, and a zero would claim
	// that nobody ever waits or times out.
	Pending     int
	Timeouts    int64
	CountsWaits bool
}

// DBStats returns a function reporting db.Stats() as PoolStats, for
// RegisterPoolMetrics. sql.DBStats has no pending or timed-out waits, so
// they stay unknown (CountsWaits false) and are not reported.
func DBStats(db *sql.DB) func() PoolStats {
	return func() PoolStats {
		s := db.Stats()
		return PoolStats{MaxOpen: s.MaxOpenConnections, InUse: s.InUse, Idle: s.Idle,
			WaitCount: s.WaitCount, WaitDuration: s.WaitDuration}
	}
}

// Names of the two instruments that report a pool's waits so far. The
// conventions' db.client.connection.wait_time is a histogram of single
// waits, which a pool's running totals cannot make (WaitObserver makes
// it from a pool that reports each wait); these counters say what the
// totals say, under the project's own names, which is all a *sql.DB
// tells.
const (
	metricWaits        = "sqlforge.db.client.connection.waits"
	metricWaitDuration = "sqlforge.db.client.connection.wait_duration"
)

// RegisterPoolMetrics registers the connection-pool metrics of the
// OpenTelemetry database conventions for the pool called name (the
// db.client.connection.pool.name attribute): at each collection it calls
// stats once and reports
//
//   - db.client.connection.count, by db.client.connection.state (idle, used)
//   - db.client.connection.max, when PoolStats.MaxOpen is set
//   - db.client.connection.idle.max, when PoolStats.MaxIdle is set
//   - db.client.connection.pending_requests and
//     db.client.connection.timeouts, when PoolStats.CountsWaits is set
//     (sqlforge's pool counts them, a *sql.DB does not)
//   - sqlforge.db.client.connection.waits and
//     sqlforge.db.client.connection.wait_duration (seconds): the waits so
//     far and their total time, as counters.
//
// The conventions' histograms need each connection's or each wait's
// events, which a snapshot does not have: WrapConnector records
// create_time, PoolHook records create_time and use_time for an engine,
// and WaitObserver records wait_time from a pool's wait observer.
//
// mp nil means the global MeterProvider. Unregister the returned
// Registration when the pool is closed.
func RegisterPoolMetrics(mp metric.MeterProvider, name string, stats func() PoolStats) (metric.Registration, error) {
	if stats == nil {
		return nil, errors.New("otelhook: RegisterPoolMetrics: nil stats function")
	}
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := mp.Meter(scope)
	count, err1 := dbconv.NewClientConnectionCountObservable(m)
	maxOpen, err2 := dbconv.NewClientConnectionMaxObservable(m)
	idleMax, err3 := dbconv.NewClientConnectionIdleMaxObservable(m)
	waits, err4 := m.Int64ObservableCounter(metricWaits, metric.WithUnit("{request}"),
		metric.WithDescription("The number of requests for a connection that had to wait."))
	waited, err5 := m.Float64ObservableCounter(metricWaitDuration, metric.WithUnit("s"),
		metric.WithDescription("The total time requests waited for a connection."))
	pending, err6 := dbconv.NewClientConnectionPendingRequestsObservable(m)
	timeouts, err7 := dbconv.NewClientConnectionTimeoutsObservable(m)
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7); err != nil {
		return nil, err
	}
	pool := count.AttrClientConnectionPoolName(name)
	all := metric.WithAttributeSet(attribute.NewSet(pool))
	idle := metric.WithAttributeSet(attribute.NewSet(pool, count.AttrClientConnectionState(dbconv.ClientConnectionStateIdle)))
	used := metric.WithAttributeSet(attribute.NewSet(pool, count.AttrClientConnectionState(dbconv.ClientConnectionStateUsed)))
	return m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s := stats()
		o.ObserveInt64(count.Inst(), int64(s.Idle), idle)
		o.ObserveInt64(count.Inst(), int64(s.InUse), used)
		if s.MaxOpen > 0 {
			o.ObserveInt64(maxOpen.Inst(), int64(s.MaxOpen), all)
		}
		if s.MaxIdle > 0 {
			o.ObserveInt64(idleMax.Inst(), int64(s.MaxIdle), all)
		}
		if s.CountsWaits {
			o.ObserveInt64(pending.Inst(), int64(s.Pending), all)
			o.ObserveInt64(timeouts.Inst(), s.Timeouts, all)
		}
		o.ObserveInt64(waits, s.WaitCount, all)
		o.ObserveFloat64(waited, s.WaitDuration.Seconds(), all)
		return nil
	}, count.Inst(), maxOpen.Inst(), idleMax.Inst(), pending.Inst(), timeouts.Inst(), waits, waited)
}

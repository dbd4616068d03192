package otelhook

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/semconv/v1.43.0/dbconv"

	"github.com/sqlforge/sqlforge/engine"
)

// PoolHook is an engine hook (engine.ConnectHook and engine.CheckoutHook)
// recording the connection histograms of the conventions that need each
// connection's events, for the pool called name:
//
//   - db.client.connection.create_time: how long each new physical
//     connection took to make, for Sources that report it (MariaDB's
//     Open does; SQLite's reports no connections, PostgreSQL's no time);
//   - db.client.connection.use_time: how long the engine held each
//     connection, from taking it to giving it back. The engine starts the
//     clock when it asks its Source, so the time includes any wait inside
//     the pool (see engine.CheckoutEvent).
//
// Pass it to engine.WithHooks next to the statement hook, and report the
// pool's snapshot figures with RegisterPoolMetrics under the same name.
// Recording allocates nothing.
type PoolHook struct {
	create, use metric.Float64Histogram
	attrs       []metric.RecordOption
}

var (
	_ engine.ConnectHook  = (*PoolHook)(nil)
	_ engine.CheckoutHook = (*PoolHook)(nil)
)

// NewPoolHook makes a PoolHook for the pool called name. mp nil means the
// global MeterProvider.
func NewPoolHook(mp metric.MeterProvider, name string) (*PoolHook, error) {
	h, err := newPoolHistograms(mp, name)
	if err != nil {
		return nil, err
	}
	return &h, nil
}

func newPoolHistograms(mp metric.MeterProvider, name string) (PoolHook, error) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := mp.Meter(scope)
	// The bounds of db.client.operation.duration: connecting and holding
	// a connection take times of that order.
	create, err1 := dbconv.NewClientConnectionCreateTime(m, metric.WithExplicitBucketBoundaries(durationBuckets...))
	use, err2 := dbconv.NewClientConnectionUseTime(m, metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err := errors.Join(err1, err2); err != nil {
		return PoolHook{}, err
	}
	return PoolHook{create: create.Inst(), use: use.Inst(), attrs: poolAttrs(name)}, nil
}

// poolAttrs is the record option of a pool's histograms: the
// db.client.connection.pool.name attribute, made once.
func poolAttrs(name string) []metric.RecordOption {
	set := attribute.NewSet(attribute.String("db.client.connection.pool.name", name))
	return []metric.RecordOption{metric.WithAttributeSet(set)}
}

// WaitObserver returns a function recording
// db.client.connection.wait_time, the conventions' histogram of the time
// a request took to obtain a connection, for the pool called name. Its
// signature is that of a pool's wait observer — sqlforge's
// sqlpool.WithWaitObserver (pool.WithWaitObserver) and pool.Config's
// OnWait, which call it once per request that waited — so otelhook needs
// no import of the pool:
//
//	observe, err := otelhook.WaitObserver(nil, "main")
//	db := sqlpool.OpenDB(connector, sqlpool.WithWaitObserver(observe))
//
// A wait given up because its context ended (timedOut) obtained no
// connection and is left out; db.client.connection.timeouts counts it
// (RegisterPoolMetrics). Requests that did not wait are not measured, so
// the histogram holds waits only. Recording allocates nothing. mp nil
// means the global MeterProvider.
func WaitObserver(mp metric.MeterProvider, name string) (func(wait time.Duration, timedOut bool), error) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	h, err := dbconv.NewClientConnectionWaitTime(mp.Meter(scope), metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err != nil {
		return nil, err
	}
	wait, attrs := h.Inst(), poolAttrs(name)
	return func(d time.Duration, timedOut bool) {
		if !timedOut {
			wait.Record(context.Background(), d.Seconds(), attrs...)
		}
	}, nil
}

// Connect records a new connection's create_time. A failed attempt is
// not a connection and is left out, and so is an event without a
// Duration: a Source that does not time its connections (natively on
// pgx, the hook runs after the connection is made) would otherwise
// record every connection as instant.
func (h *PoolHook) Connect(ctx context.Context, ev *engine.ConnectEvent) {
	if ev.Err == nil && ev.Duration > 0 {
		h.create.Record(ctx, ev.Duration.Seconds(), h.attrs...)
	}
}

// Checkout does nothing: Checkin carries the time held.
func (h *PoolHook) Checkout(context.Context, *engine.CheckoutEvent) {}

// Checkin records how long the connection was held.
func (h *PoolHook) Checkin(ctx context.Context, ev *engine.CheckoutEvent) {
	h.use.Record(ctx, ev.Held.Seconds(), h.attrs...)
}

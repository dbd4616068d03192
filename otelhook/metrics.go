package otelhook

import (
	"context"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// durationBuckets are the explicit bucket boundaries, in seconds, the
// conventions give db.client.operation.duration.
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}

// instruments are the hook's metric instruments.
type instruments struct {
	// duration is db.client.operation.duration: one measurement per
	// statement, in seconds.
	duration metric.Float64Histogram
}

func newInstruments(mp metric.MeterProvider) (instruments, error) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := mp.Meter(scope)
	d, err := m.Float64Histogram("db.client.operation.duration",
		metric.WithUnit("s"),
		metric.WithDescription("Duration of database client operations."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	return instruments{duration: d}, err
}

// enabled reports whether a measurement would be recorded: false with a
// no-op meter provider, or the global one while no SDK is set, so that
// the caller builds no attributes for nothing.
func (in *instruments) enabled(ctx context.Context) bool { return in.duration.Enabled(ctx) }

// recordDuration records one operation's duration with attrs, the
// conventions' attributes of db.client.operation.duration: never
// db.query.text, whose values are too many for a metric.
func (in *instruments) recordDuration(ctx context.Context, d time.Duration, attrs []attribute.KeyValue) {
	in.duration.Record(ctx, d.Seconds(), metric.WithAttributeSet(attribute.NewSet(attrs...)))
}

// appendMetric appends the attributes of a statement's measurement:
// db.system.name, the fixed ones, the summary's and, for a failure,
// error.type and db.response.status_code.
func (c *config) appendMetric(dst []attribute.KeyValue, system attribute.KeyValue, sum *summary, f failure, failed bool) []attribute.KeyValue {
	dst = append(dst, system)
	dst = append(dst, c.fixed...)
	dst = appendSummary(dst, sum)
	if failed {
		dst = f.appendTo(dst)
	}
	return dst
}

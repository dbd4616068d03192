package otelhooktest

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// recording is an SDK tracer and meter provider whose spans and
// measurements a test reads.
type recording struct {
	spans  *tracetest.InMemoryExporter
	tp     *sdktrace.TracerProvider
	reader *sdkmetric.ManualReader
	mp     *sdkmetric.MeterProvider
}

func newRecording() *recording {
	r := &recording{spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader()}
	r.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(r.spans))
	r.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	return r
}

// points returns the data points of db.client.operation.duration.
func (r *recording) points(t *testing.T) []metricdata.HistogramDataPoint[float64] {
	t.Helper()
	for _, sm := range Collect(t, r.reader).ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == "db.client.operation.duration" {
				return m.Data.(metricdata.Histogram[float64]).DataPoints
			}
		}
	}
	return nil
}

// measurements returns the number of operations measured so far.
func (r *recording) measurements(t *testing.T) uint64 {
	var n uint64
	for _, p := range r.points(t) {
		n += p.Count
	}
	return n
}

// noSentinel fails when s appears anywhere in what r recorded; see
// SentinelHits.
func (r *recording) noSentinel(t *testing.T, s string) {
	t.Helper()
	for _, hit := range SentinelHits(r.spans.GetSpans(), Collect(t, r.reader), s) {
		t.Errorf("the sentinel %q was recorded: %s", s, hit)
	}
}

func attrMap(kvs []attribute.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

// tree indexes recorded spans by their span ID.
type tree map[trace.SpanID]tracetest.SpanStub

func (r *recording) tree() tree {
	tr := tree{}
	for _, s := range r.spans.GetSpans() {
		tr[s.SpanContext.SpanID()] = s
	}
	return tr
}

// parent returns s's parent's name, "" for a root or a parent not recorded.
func (tr tree) parent(s tracetest.SpanStub) string {
	return tr[s.Parent.SpanID()].Name
}

// descends reports whether s has an ancestor named name.
func (tr tree) descends(s tracetest.SpanStub, name string) bool {
	for p, ok := tr[s.Parent.SpanID()]; ok; p, ok = tr[p.Parent.SpanID()] {
		if p.Name == name {
			return true
		}
	}
	return false
}

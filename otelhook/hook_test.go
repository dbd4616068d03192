package otelhook_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
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

// histogram returns the data points of db.client.operation.duration.
func (r *recording) histogram(t *testing.T) []metricdata.HistogramDataPoint[float64] {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == "db.client.operation.duration" {
				if m.Unit != "s" {
					t.Errorf("unit %q; want s", m.Unit)
				}
				return m.Data.(metricdata.Histogram[float64]).DataPoints
			}
		}
	}
	return nil
}

func attrMap(kvs []attribute.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

func TestStatementSpans(t *testing.T) {
	r := newRecording()
	h, err := otelhook.New(otelhook.WithTracerProvider(r.tp), otelhook.WithMeterProvider(r.mp),
		otelhook.WithNamespace("shop"), otelhook.WithServer("db.internal", 5432))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(fakeSource{}, fakeDialect("postgres"), engine.WithHooks(h), engine.WithClassifier(fakeClassifier{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, parent := r.tp.Tracer("test").Start(context.Background(), "request")
	if _, err := e.Exec(ctx, expr.Text("UPDATE users SET name = :n WHERE id = :id"), named("n", "ann"), named("id", 7)); err != nil {
		t.Fatal(err)
	}
	rows, err := e.Query(ctx, expr.Text("SELECT id FROM users JOIN orgs ON users.org = orgs.id"))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	rows.Close()
	if _, err := e.Exec(ctx, expr.Text("INSERT INTO users (email) VALUES (:e) -- fail"), named("e", "secret@example.com")); err == nil {
		t.Fatal("the failing statement did not fail")
	}
	parent.End()

	spans := r.spans.GetSpans()
	if len(spans) != 4 {
		t.Fatalf("%d spans; want 4", len(spans))
	}
	want := []struct {
		name   string
		attrs  map[string]string
		failed bool
	}{
		{"UPDATE users", map[string]string{
			"db.system.name": "postgresql", "db.namespace": "shop", "server.address": "db.internal", "server.port": "5432",
			"db.query.summary": "UPDATE users", "db.operation.name": "UPDATE", "db.collection.name": "users",
			"db.query.text": "UPDATE users SET name = ? WHERE id = ?",
		}, false},
		{"SELECT users orgs", map[string]string{
			"db.system.name": "postgresql", "db.query.summary": "SELECT users orgs", "db.operation.name": "SELECT",
			"db.response.returned_rows": "2",
		}, false},
		{"INSERT users", map[string]string{
			"db.system.name": "postgresql", "db.collection.name": "users", "error.type": "23505", "db.response.status_code": "23505",
		}, true},
	}
	for i, w := range want {
		s := spans[i]
		if s.Name != w.name {
			t.Errorf("span %d: name %q; want %q", i, s.Name, w.name)
		}
		if s.SpanKind != trace.SpanKindClient {
			t.Errorf("span %q: kind %v; want client", s.Name, s.SpanKind)
		}
		if s.Parent.SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("span %q: parent %v; want the request's span", s.Name, s.Parent.SpanID())
		}
		got := attrMap(s.Attributes)
		for k, v := range w.attrs {
			if got[k] != v {
				t.Errorf("span %q: %s = %q; want %q", s.Name, k, got[k], v)
			}
		}
		if _, ok := got["db.collection.name"]; ok && w.attrs["db.collection.name"] == "" {
			t.Errorf("span %q: db.collection.name %q for a statement on two tables", s.Name, got["db.collection.name"])
		}
		if failed := s.Status.Code == codes.Error; failed != w.failed {
			t.Errorf("span %q: status %v", s.Name, s.Status)
		}
		if w.failed && s.Status.Description != "23505" {
			t.Errorf("span %q: status description %q; want the code", s.Name, s.Status.Description)
		}
	}
	points := r.histogram(t)
	var count uint64
	for _, p := range points {
		count += p.Count
		m := attrMap(p.Attributes.ToSlice())
		if _, ok := m["db.query.text"]; ok {
			t.Errorf("a measurement carries db.query.text: %v", m)
		}
		if m["db.system.name"] != "postgresql" || m["db.namespace"] != "shop" {
			t.Errorf("measurement attributes %v", m)
		}
	}
	if count != 3 {
		t.Errorf("%d measurements; want 3, one per statement", count)
	}
	r.noSentinel(t, "secret@example.com")
	r.noSentinel(t, "ann")
}

// noSentinel fails when s appears in any span's name, attribute, event
// or status, or in any measurement's attributes.
func (r *recording) noSentinel(t *testing.T, s string) {
	t.Helper()
	check := func(where, v string) {
		if strings.Contains(v, s) {
			t.Errorf("%s holds the sentinel: %q", where, v)
		}
	}
	for _, sp := range r.spans.GetSpans() {
		check("span name", sp.Name)
		check("status of "+sp.Name, sp.Status.Description)
		for _, kv := range sp.Attributes {
			check("attribute "+string(kv.Key)+" of "+sp.Name, kv.Value.Emit())
		}
		for _, ev := range sp.Events {
			check("event of "+sp.Name, ev.Name)
			for _, kv := range ev.Attributes {
				check("event attribute "+string(kv.Key)+" of "+sp.Name, kv.Value.Emit())
			}
		}
	}
	for _, p := range r.histogram(t) {
		for _, kv := range p.Attributes.ToSlice() {
			check("measurement attribute "+string(kv.Key), kv.Value.Emit())
		}
	}
}

// TestErrorTextNotRecorded: even when the engine lets hooks see the
// caller's errors (WithParamValuesInHooks), whose text is the server's
// message quoting a value, the span and measurement keep the code only.
func TestErrorTextNotRecorded(t *testing.T) {
	r := newRecording()
	h, err := otelhook.New(otelhook.WithTracerProvider(r.tp), otelhook.WithMeterProvider(r.mp))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(fakeSource{}, fakeDialect("mysql"), engine.WithHooks(h),
		engine.WithClassifier(fakeClassifier{}), engine.WithParamValuesInHooks())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(context.Background(), expr.Text("INSERT INTO users (email) VALUES (:e) -- fail"), named("e", "secret@example.com")); err == nil {
		t.Fatal("the failing statement did not fail")
	}
	spans := r.spans.GetSpans()
	if len(spans) != 1 || spans[0].Status.Code != codes.Error || attrMap(spans[0].Attributes)["error.type"] != "23505" {
		t.Fatalf("spans %+v; want one failed with error.type 23505", spans)
	}
	r.noSentinel(t, "secret@example.com")
}

package otelhooktest

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// SentinelHits lists every place of the recorded spans and metrics whose
// text contains s: span names, attribute keys and values, event names
// and attributes, status descriptions, link attributes and metric data
// point attributes.
func SentinelHits(spans tracetest.SpanStubs, rm *metricdata.ResourceMetrics, s string) []string {
	var hits []string
	attrs := func(where string, kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			if strings.Contains(string(kv.Key), s) || strings.Contains(kv.Value.Emit(), s) {
				hits = append(hits, where+" attribute "+string(kv.Key)+"="+kv.Value.Emit())
			}
		}
	}
	for _, sp := range spans {
		where := "span " + sp.Name
		if strings.Contains(sp.Name, s) {
			hits = append(hits, where+" name")
		}
		if strings.Contains(sp.Status.Description, s) {
			hits = append(hits, where+" status "+sp.Status.Description)
		}
		attrs(where, sp.Attributes)
		for _, ev := range sp.Events {
			if strings.Contains(ev.Name, s) {
				hits = append(hits, where+" event name "+ev.Name)
			}
			attrs(where+" event "+ev.Name, ev.Attributes)
		}
		for _, l := range sp.Links {
			attrs(where+" link", l.Attributes)
		}
	}
	if rm != nil {
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				for _, set := range MetricAttrSets(m.Data) {
					attrs("metric "+m.Name, set.ToSlice())
				}
			}
		}
	}
	return hits
}

// MetricAttrSets returns the attribute sets of a metric's data points.
func MetricAttrSets(data metricdata.Aggregation) []attribute.Set {
	var out []attribute.Set
	switch d := data.(type) {
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	}
	return out
}

// Collect reads the reader's metrics.
func Collect(tb testing.TB, r *sdkmetric.ManualReader) *metricdata.ResourceMetrics {
	tb.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		tb.Fatal(err)
	}
	return &rm
}

package peers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/XSAM/otelsql"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/sqlforge/sqlforge/otelhook/otelhooktest"
)

// TestOtelsqlDefaults writes down what XSAM/otelsql, the database/sql
// wrapper most Go services use, records with its default options, on
// each database. docs/observability.md ("Compared with otelsql") quotes
// these findings; the test fails when a new otelsql release changes one.
func TestOtelsqlDefaults(t *testing.T) {
	for _, open := range otelhooktest.Backends() {
		b := open(t)
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			exp := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp), sdktrace.WithSampler(sdktrace.AlwaysSample()))
			reader := sdkmetric.NewManualReader()
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
			db := otelsql.OpenDB(b.Connector, otelsql.WithTracerProvider(tp), otelsql.WithMeterProvider(mp))
			defer db.Close()
			parent, root := tp.Tracer("test").Start(ctx, "root")
			dup, cast := otelhooktest.Workload(t, parent, db, b)
			root.End()
			spans := exp.GetSpans()
			rm := otelhooktest.Collect(t, reader)

			// Span names are the database/sql method, not the operation
			// and table of the conventions.
			names := map[string]int{}
			for _, sp := range spans {
				names[sp.Name]++
			}
			t.Logf("span names: %v", names)
			if names["sql.conn.exec"] == 0 || names["sql.conn.begin_tx"] != 1 || names["sql.tx.commit"] != 1 {
				t.Errorf("span names %v; want sql.conn.exec, sql.conn.begin_tx, sql.tx.commit", names)
			}

			// Its metric is db.client.operation.duration per method, with
			// error.type the Go type of the driver's error.
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					var errTypes []string
					for _, set := range otelhooktest.MetricAttrSets(m.Data) {
						if v, ok := set.Value("error.type"); ok {
							errTypes = append(errTypes, v.AsString())
						}
					}
					t.Logf("metric %s, error.type %v", m.Name, errTypes)
				}
			}

			// db.query.text is recorded by default; parameter values are
			// not (only a user's AttributesGetter sees them).
			text := false
			for _, sp := range spans {
				for _, kv := range sp.Attributes {
					if kv.Key == "db.query.text" && kv.Value.AsString() == b.Insert {
						text = true
					}
				}
			}
			if !text {
				t.Errorf("no span has db.query.text = %q", b.Insert)
			}

			// A failed statement's span gets an "exception" event whose
			// exception.message is the driver's error text, and the
			// status Error (with an empty description).
			hits := otelhooktest.SentinelHits(spans, rm, otelhooktest.Sentinel)
			for _, h := range hits {
				t.Logf("sentinel found: %s", h)
			}
			quoted := strings.Contains(dup.Error(), otelhooktest.Sentinel) || cast != nil && strings.Contains(cast.Error(), otelhooktest.Sentinel)
			switch {
			case quoted && len(hits) == 0:
				t.Errorf("the driver's error text quotes the value (%v / %v) but no span holds it", dup, cast)
			case !quoted && len(hits) != 0:
				t.Errorf("the value reached the spans without the error text quoting it: %v", hits)
			}
			for _, h := range hits {
				if !strings.Contains(h, "event exception attribute exception.message=") {
					t.Errorf("sentinel outside exception.message: %s", h)
				}
			}
			wantQuoted := map[string]bool{"sqlite": false, "postgres": true, "mariadb": true}[b.Name]
			if quoted != wantQuoted {
				t.Errorf("the driver's errors quote the value: %v; want %v (%v / %v)", quoted, wantQuoted, dup, cast)
			}

			// driver.ErrSkip: go-sql-driver/mysql answers it to an Exec
			// with arguments unless InterpolateParams is set; otelsql
			// records it as a failed span unless
			// SpanOptions.DisableErrSkip is set.
			skips := 0
			for _, sp := range spans {
				for _, ev := range sp.Events {
					for _, kv := range ev.Attributes {
						if kv.Key == "exception.message" && strings.Contains(kv.Value.AsString(), "driver: skip fast-path") {
							skips++
							if sp.Status.Code != codes.Error {
								t.Errorf("ErrSkip span %s: status %v", sp.Name, sp.Status)
							}
						}
					}
				}
			}
			t.Logf("spans failed with driver.ErrSkip: %d", skips)
			if (skips > 0) != (b.Name == "mariadb") {
				t.Errorf("spans failed with driver.ErrSkip: %d on %s", skips, b.Name)
			}
		})
	}
}

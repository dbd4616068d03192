package otelhooktest

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/sqlforge/sqlforge/otelhook"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// wantDupCode is the code each database gives a unique violation.
var wantDupCode = map[string]string{"sqlite": "2067", "postgres": "23505", "mariadb": "1062"}

// TestWrapConnectorDatabases runs Workload through database/sql on a
// wrapped connector of each database, with the dialect's classifier:
// statement spans named by the conventions, the unique violation's code
// as error.type, the transaction's statement its child, no failure for
// MariaDB's driver.ErrSkip, and the parameter value that the servers
// quote in their errors nowhere in the spans or metrics.
func TestWrapConnectorDatabases(t *testing.T) {
	for _, open := range Backends() {
		b := open(t)
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			exp := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
			reader := sdkmetric.NewManualReader()
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
			db := sql.OpenDB(otelhook.WrapConnector(b.Connector, otelhook.WithTracerProvider(tp),
				otelhook.WithMeterProvider(mp), otelhook.WithClassifier(b.Classifier)))
			defer db.Close()
			rctx, root := tp.Tracer("test").Start(ctx, "request")
			dup, cast := Workload(t, rctx, db, b)
			root.End()
			spans := exp.GetSpans()
			rm := Collect(t, reader)

			quoted := strings.Contains(dup.Error(), Sentinel) || cast != nil && strings.Contains(cast.Error(), Sentinel)
			if quoted != (b.Name != "sqlite") {
				t.Errorf("the driver's errors quote the value: %v (%v / %v)", quoted, dup, cast)
			}
			if hits := SentinelHits(spans, rm, Sentinel); len(hits) != 0 {
				t.Errorf("parameter value recorded: %v", hits)
			}

			byName := map[string][]tracetest.SpanStub{}
			for _, s := range spans {
				byName[s.Name] = append(byName[s.Name], s)
			}
			inserts := byName["INSERT otel_users"]
			// Two inserts outside the transaction, one in it.
			if len(inserts) != 3 || len(byName["SELECT otel_users"]) != 1 || len(byName["transaction"]) != 1 {
				t.Fatalf("spans %v", keys(byName))
			}
			failed := 0
			for _, s := range inserts {
				if s.Status.Code != codes.Error {
					continue
				}
				failed++
				a := attrs(s)
				if a["error.type"] != wantDupCode[b.Name] || a["db.response.status_code"] != wantDupCode[b.Name] {
					t.Errorf("failed insert: %v", a)
				}
			}
			if failed != 1 {
				t.Errorf("failed inserts %d; want 1 (driver.ErrSkip is no failure)", failed)
			}
			if b.Name == "postgres" {
				if s := byName["SELECT"]; len(s) != 1 || attrs(s[0])["error.type"] != "22P02" {
					t.Errorf("the cast's span: %v", s)
				}
			}
			txSpan := byName["transaction"][0]
			if attrs(txSpan)["sqlforge.tx.outcome"] != "commit" || txSpan.Parent.SpanID() != root.SpanContext().SpanID() {
				t.Errorf("transaction span %v", attrs(txSpan))
			}
			children := 0
			for _, s := range inserts {
				if s.Parent.SpanID() == txSpan.SpanContext.SpanID() {
					children++
				}
			}
			if children != 1 {
				t.Errorf("inserts under the transaction: %d; want 1", children)
			}
			if s := byName["SELECT otel_users"][0]; attrs(s)["db.response.returned_rows"] != "1" ||
				attrs(s)["db.system.name"] != map[string]string{"sqlite": "sqlite", "postgres": "postgresql", "mariadb": "mysql"}[b.Name] {
				t.Errorf("SELECT span %v", attrs(s))
			}
		})
	}
}

// TestWrapConnectorSQLPool: sqlforge's pool over a wrapped connector
// records the same spans.
func TestWrapConnectorSQLPool(t *testing.T) {
	for _, open := range Backends() {
		b := open(t)
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			exp := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
			db := sqlpool.OpenDB(otelhook.WrapConnector(b.Connector, otelhook.WithTracerProvider(tp), otelhook.WithClassifier(b.Classifier)))
			defer db.Close()
			if _, err := db.ExecContext(ctx, b.Insert, 1, Sentinel); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, b.Insert, 2, Sentinel); err == nil {
				t.Fatal("duplicate insert: no error")
			}
			var email string
			if err := db.QueryRowContext(ctx, b.Get, 1).Scan(&email); err != nil {
				t.Fatal(err)
			}
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, b.Insert, 3, "x@example.test"); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			spans := exp.GetSpans()
			if hits := SentinelHits(spans, nil, Sentinel); len(hits) != 0 {
				t.Errorf("parameter value recorded: %v", hits)
			}
			n := map[string]int{}
			for _, s := range spans {
				n[s.Name]++
				if s.Name == "transaction" && attrs(s)["sqlforge.tx.outcome"] != "rollback" {
					t.Errorf("transaction %v", attrs(s))
				}
			}
			if n["INSERT otel_users"] != 3 || n["SELECT otel_users"] != 1 || n["transaction"] != 1 {
				t.Errorf("spans %v", n)
			}
		})
	}
}

func attrs(s tracetest.SpanStub) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

func keys(m map[string][]tracetest.SpanStub) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[k] = len(v)
	}
	return out
}

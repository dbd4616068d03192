package peers_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/XSAM/otelsql"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tnoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
	"github.com/sqlforge/sqlforge/otelhook/otelhooktest"
)

// discard is a span exporter that drops what it is given: the SDK does
// all its recording work (sampling, attributes, ending) and the
// benchmark measures no exporting.
type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

// otelSDK returns an SDK tracer provider sampling every span and a meter
// provider recording into a manual reader, both shut down when b ends.
func otelSDK(b *testing.B) (*sdktrace.TracerProvider, *sdkmetric.MeterProvider) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithSyncer(discard{}))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() {
		tp.Shutdown(context.Background())
		mp.Shutdown(context.Background())
	})
	return tp, mp
}

// BenchmarkOtel reads one row by key (the e2e suite's get1, on a
// two-column table) on SQLite and PostgreSQL: through the engine without
// a hook (impl=engine), with otelhook on the no-op providers
// (engine-otel-noop) and with the SDK recording (engine-otel-sdk); and
// through database/sql plain (sql), wrapped by XSAM/otelsql
// (sql-otelsql) and by otelhook.WrapConnector (sql-otelhook), both
// recording. Every recording contender samples every span and records
// its duration histogram.
func BenchmarkOtel(b *testing.B) {
	for _, open := range []func(testing.TB) otelhooktest.Backend{otelhooktest.SQLite, otelhooktest.Postgres} {
		be := open(b)
		b.Run("db="+be.Name, func(b *testing.B) {
			ctx := context.Background()
			seed := sql.OpenDB(be.Connector)
			defer seed.Close()
			if _, err := seed.ExecContext(ctx, be.Insert, 1, "ann@example.test"); err != nil {
				b.Fatal(err)
			}
			get := expr.Text("SELECT email FROM otel_users WHERE id = :id")
			engineRun := func(opts ...engine.OpenOption) func(b *testing.B) {
				return func(b *testing.B) {
					e := otelhooktest.Engine(b, be, opts...)
					var email string
					b.ReportAllocs()
					stop := cpuMeter(b)
					for b.Loop() {
						if err := e.QueryRow(ctx, get, sql.Named("id", 1)).Scan(&email); err != nil {
							b.Fatal(err)
						}
					}
					stop()
				}
			}
			sqlRun := func(db *sql.DB) func(b *testing.B) {
				return func(b *testing.B) {
					defer db.Close()
					var email string
					b.ReportAllocs()
					stop := cpuMeter(b)
					for b.Loop() {
						if err := db.QueryRowContext(ctx, be.Get, 1).Scan(&email); err != nil {
							b.Fatal(err)
						}
					}
					stop()
				}
			}
			hook := func(opts ...otelhook.Option) engine.OpenOption {
				h, err := otelhook.New(opts...)
				if err != nil {
					b.Fatal(err)
				}
				return engine.WithHooks(h)
			}

			b.Run("impl=engine", engineRun())
			b.Run("impl=engine-otel-noop", engineRun(hook(otelhook.WithTracerProvider(tnoop.NewTracerProvider()), otelhook.WithMeterProvider(noop.NewMeterProvider()))))
			tp, mp := otelSDK(b)
			b.Run("impl=engine-otel-sdk", engineRun(hook(otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(mp))))
			b.Run("impl=sql", sqlRun(sql.OpenDB(be.Connector)))
			tp, mp = otelSDK(b)
			b.Run("impl=sql-otelsql", sqlRun(otelsql.OpenDB(be.Connector, otelsql.WithTracerProvider(tp), otelsql.WithMeterProvider(mp))))
			tp, mp = otelSDK(b)
			b.Run("impl=sql-otelhook", sqlRun(sql.OpenDB(otelhook.WrapConnector(be.Connector, otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(mp)))))
		})
	}
}

// Command otel traces a program's database work with OpenTelemetry and
// prints the spans to standard output: statements, a transaction with a
// savepoint, a failing statement and a Session's flush, on an embedded,
// in-memory SQLite database.
//
//	go run ./examples/otel
//
// Each statement is a client span named by its summary ("INSERT users",
// "SELECT users"), a child of the transaction, savepoint or flush it ran
// in, itself a child of the program's own "signup" span. The spans carry
// the statements' text with placeholders, never the values bound to them
// — the failing INSERT's span records the database's error code, not its
// message. The last line counts the db.client.operation.duration
// measurements, one per statement.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/otelhook"
	"github.com/sqlforge/sqlforge/unitofwork"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// User is the one mapped model.
type User struct {
	ID    int64  `db:"id,pk,autoincrement"`
	Email string `db:"email,type=varchar(200),unique"`
	Name  string `db:"name,type=varchar(100)"`
}

func run(ctx context.Context, out io.Writer) error {
	// The SDK: spans to out, as they end; metrics into a reader read at
	// the end. A service would export both to a collector instead (OTLP).
	exporter, err := stdouttrace.New(stdouttrace.WithWriter(out), stdouttrace.WithPrettyPrint())
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	defer tp.Shutdown(ctx)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)

	// The hook, given to the engine and to the Session. Without
	// WithTracerProvider and WithMeterProvider it uses the global
	// providers (otel.SetTracerProvider), and records nothing until an
	// SDK is set there.
	hook, err := otelhook.New(otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(mp),
		otelhook.WithNamespace("main"))
	if err != nil {
		return err
	}
	e, err := sqlitedialect.Open(ctx, "", engine.WithHooks(hook))
	if err != nil {
		return err
	}
	defer e.Close()

	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	users := mapper.MustMap[User](reg, "users")
	reg.MustResolve()
	if err := e.CreateAll(ctx, meta); err != nil {
		return err
	}

	ctx, span := tp.Tracer("example").Start(ctx, "signup")
	t := users.Table
	insert := expr.Insert(t).Columns(t.C("email"), t.C("name")).Values(expr.Param("email"), expr.Param("name"))
	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, insert, sql.Named("email", "ann@example.com"), sql.Named("name", "Ann")); err != nil {
			return err
		}
		return tx.RunInTx(ctx, func(ctx context.Context, sub *engine.Tx) error {
			_, err := sub.Exec(ctx, insert, sql.Named("email", "bob@example.com"), sql.Named("name", "Bob"))
			return err
		})
	})
	if err != nil {
		return err
	}
	// The same email again: a unique violation, recorded as error.type
	// and db.response.status_code 2067 (SQLITE_CONSTRAINT_UNIQUE).
	if _, err := e.Exec(ctx, insert, sql.Named("email", "ann@example.com"), sql.Named("name", "Ann")); !errors.Is(err, engine.ErrUniqueViolation) {
		return fmt.Errorf("want a unique violation, got %v", err)
	}

	s := unitofwork.New(e, reg, unitofwork.WithFlushHooks(hook))
	defer s.Close()
	if err := s.Add(&User{Email: "cy@example.com", Name: "Cy"}, &User{Email: "di@example.com", Name: "Di"}); err != nil {
		return err
	}
	if err := s.Commit(ctx); err != nil {
		return err
	}
	n, err := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(t))
	if err != nil {
		return err
	}
	span.End()

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		return err
	}
	var measured uint64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok && m.Name == "db.client.operation.duration" {
				for _, p := range h.DataPoints {
					measured += p.Count
				}
			}
		}
	}
	fmt.Fprintf(out, "%d users; %d statements measured in db.client.operation.duration\n", n, measured)
	return nil
}

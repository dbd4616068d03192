package otelhook_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
)

// The hook on an engine: a transaction's statements are children of its
// span, itself a child of the caller's. (The engine here runs on a fake
// source; a program opens one with a dialect module's Open, passing
// engine.WithHooks(h) to it.)
func ExampleNew() {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	h, err := otelhook.New(otelhook.WithTracerProvider(tp), otelhook.WithNamespace("shop"))
	if err != nil {
		panic(err)
	}
	e, err := engine.New(fakeSource{}, fakeDialect("postgres"), engine.WithHooks(h))
	if err != nil {
		panic(err)
	}
	ctx, span := tp.Tracer("app").Start(context.Background(), "checkout")
	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		_, err := tx.Exec(ctx, expr.Text("UPDATE stock SET n = n - 1 WHERE item = :item"), named("item", 42))
		return err
	})
	if err != nil {
		panic(err)
	}
	span.End()

	names := map[trace.SpanID]string{}
	for _, s := range spans.GetSpans() {
		names[s.SpanContext.SpanID()] = s.Name
	}
	for _, s := range spans.GetSpans() {
		fmt.Printf("%s (parent %q)\n", s.Name, names[s.Parent.SpanID()])
	}
	// Output:
	// UPDATE stock (parent "transaction")
	// transaction (parent "checkout")
	// checkout (parent "")
}

package otelhooktest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
)

// TestPipelineComment: the statements of a pipelined Tx.ExecMany
// (PostgreSQL natively on pgx sends them in one batch, before the hooks
// run, which see each statement after the batch returned) carry the
// comment of ExecMany's context: the traceparent of the span current
// there — in RunInTx's function, the transaction's — as
// engine.WithStatementComment documents.
func TestPipelineComment(t *testing.T) {
	b := Postgres(t)
	r := newRecording()
	h, err := otelhook.New(otelhook.WithTracerProvider(r.tp), otelhook.WithMeterProvider(r.mp))
	if err != nil {
		t.Fatal(err)
	}
	var commented []trace.SpanID
	comment := func(ctx context.Context) string {
		commented = append(commented, trace.SpanContextFromContext(ctx).SpanID())
		return otelhook.Traceparent(ctx)
	}
	e := Engine(t, b, engine.WithHooks(h), engine.WithStatementComment(comment))
	ctx, req := r.tp.Tracer("test").Start(context.Background(), "request")
	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		commented = commented[:0]
		_, err := tx.ExecMany(ctx, []expr.Statement{
			expr.Text("UPDATE otel_users SET age = 1 WHERE id = 1"),
			expr.Text("UPDATE otel_users SET age = 2 WHERE id = 2"),
		})
		return err
	})
	req.End()
	if err != nil {
		t.Fatal(err)
	}
	names := map[trace.SpanID]string{}
	for _, sp := range r.spans.GetSpans() {
		names[sp.SpanContext.SpanID()] = sp.Name
	}
	if len(commented) != 2 {
		t.Fatalf("%d statements commented; want 2", len(commented))
	}
	for _, id := range commented {
		if names[id] != "transaction" {
			t.Errorf("a pipelined statement's traceparent names %q; want the transaction's span", names[id])
		}
	}
}

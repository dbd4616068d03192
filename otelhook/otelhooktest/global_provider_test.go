package otelhooktest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric/noop"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
)

// selectOne runs SELECT 1 through e.
func selectOne(t *testing.T, e *engine.Engine) {
	t.Helper()
	var n int64
	if err := e.QueryRow(context.Background(), expr.Text("SELECT 1")).Scan(&n); err != nil {
		t.Fatal(err)
	}
}

// statementSpans returns the number of spans named "SELECT" r recorded.
func statementSpans(r *recording) int {
	n := 0
	for _, s := range r.spans.GetSpans() {
		if s.Name == "SELECT" {
			n++
		}
	}
	return n
}

// TestExplicitGlobalTracerProvider: the global provider passed to
// WithTracerProvider before an SDK is set forwards to the provider
// otel.SetTracerProvider sets later, and so does the hook: a statement
// run after the SDK is set is recorded, though one ran before it.
func TestExplicitGlobalTracerProvider(t *testing.T) {
	if !inOwnProcess(t) {
		return
	}
	h, err := otelhook.New(otelhook.WithTracerProvider(otel.GetTracerProvider()), otelhook.WithMeterProvider(noop.NewMeterProvider()))
	if err != nil {
		t.Fatal(err)
	}
	e := Engine(t, SQLite(t), engine.WithHooks(h))
	selectOne(t, e) // before the SDK: nothing to record
	r := newRecording()
	otel.SetTracerProvider(r.tp)
	selectOne(t, e)
	if n := statementSpans(r); n != 1 {
		t.Errorf("%d statement spans after otel.SetTracerProvider; want 1", n)
	}
}

package otelhooktest

import (
	"context"
	"testing"
	_ "unsafe" // go:linkname

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/otelhook"
)

// autoInstrumentation is the flag OpenTelemetry Go's eBPF
// auto-instrumentation sets in a process it attaches to, after which the
// global provider's tracers start spans that record although no SDK was
// set (go.opentelemetry.io/otel/internal/global). The test sets it to
// be such a process.
//
//go:linkname autoInstrumentation go.opentelemetry.io/otel/internal/global.autoInstEnabled
var autoInstrumentation *bool

// recordingSpy notes whether the span in a statement's context, the one
// the hooks before it started, records.
type recordingSpy struct{ recording bool }

func (s *recordingSpy) BeforeQuery(ctx context.Context, _ *engine.QueryEvent) context.Context {
	s.recording = trace.SpanFromContext(ctx).IsRecording()
	return ctx
}
func (s *recordingSpy) AfterQuery(context.Context, *engine.QueryEvent) {}

// TestGlobalProviderAutoInstrumentation: under auto-instrumentation the
// global provider records with no SDK set, and so does the hook on it:
// its statement span records, as a span the program starts does.
func TestGlobalProviderAutoInstrumentation(t *testing.T) {
	if !inOwnProcess(t) {
		return
	}
	*autoInstrumentation = true
	_, control := otel.Tracer("control").Start(context.Background(), "control")
	if !control.IsRecording() {
		t.Fatalf("a span of the global provider under auto-instrumentation (%T) does not record", control)
	}
	control.End()
	h, err := otelhook.New()
	if err != nil {
		t.Fatal(err)
	}
	spy := &recordingSpy{}
	selectOne(t, Engine(t, SQLite(t), engine.WithHooks(h, spy)))
	if !spy.recording {
		t.Error("the statement span does not record")
	}
}

package otelhook

import (
	"reflect"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// scope is the instrumentation scope's name of the hook's tracer and
// meter.
const scope = "github.com/sqlforge/sqlforge/otelhook"

// tracers hands the hook its tracer, or nothing when tracing is off: a
// no-op provider (go.opentelemetry.io/otel/trace/noop), given to
// WithTracerProvider or set as the global one. Starting a span of those
// allocates (the span and its context) and records nothing, so the hook
// does not start any: it pays for an atomic load and a type switch per
// statement.
//
// Any other provider gets its spans started, and the hook does no more
// for a span that does not record. That includes the API's global
// provider before otel.SetTracerProvider: its spans do not record, but
// nothing in the API tells it from a provider that records (the SDK's),
// and it records without an SDK when OpenTelemetry Go's
// auto-instrumentation attaches to the process. So with the global
// provider left unset each statement pays for starting a non-recording
// span (docs/observability.md, "Tracing off").
type tracers struct {
	fixed trace.TracerProvider // WithTracerProvider's, or nil: the global one
	last  atomic.Pointer[resolved]
}

// resolved is the tracer of one provider.
type resolved struct {
	tp trace.TracerProvider
	// comparable is whether tp can be compared with ==; a provider of a
	// type that cannot is resolved again at each statement.
	comparable bool
	tracer     trace.Tracer // nil when tracing is off
}

// tracer returns the tracer to start spans with, or nil when tracing is
// off.
func (t *tracers) tracer() trace.Tracer {
	tp := t.fixed
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if r := t.last.Load(); r != nil && r.comparable && r.tp == tp {
		return r.tracer
	}
	r := &resolved{tp: tp, comparable: reflect.TypeOf(tp).Comparable()}
	if !isNoop(tp) {
		r.tracer = tp.Tracer(scope)
	}
	t.last.Store(r)
	return r.tracer
}

// isNoop reports the no-op providers, whose spans record nothing
// whatever the context.
func isNoop(tp trace.TracerProvider) bool {
	switch tp.(type) {
	case noop.TracerProvider, *noop.TracerProvider:
		return true
	}
	return reflect.TypeOf(tp) == legacyNoop
}

// legacyNoop is the type of the trace package's own no-op provider
// (trace.NewNoopTracerProvider, deprecated for noop.NewTracerProvider).
var legacyNoop = reflect.TypeOf(trace.NewNoopTracerProvider()) //nolint:staticcheck // recognized, not used

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

// tracers hands the hook its tracer, or nothing when no tracing is
// configured: a no-op provider, or the global one while no SDK has been
// set. Starting a span of those allocates (the span and its context)
// and records nothing, so the hook does not start any: a program with
// tracing off pays for no more than one atomic load per statement.
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
	if !isNoop(tp) && !(t.fixed == nil && isUnsetGlobal(tp)) {
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

// isUnsetGlobal reports the global provider before otel.SetTracerProvider,
// as otel.GetTracerProvider returns it then, whose tracers start
// non-recording spans until a provider is set. Only a provider looked up
// at each statement may be taken as off for it: the hook looks up the
// one set later. A provider given to WithTracerProvider is kept, and the
// global one forwards to the provider set later.
func isUnsetGlobal(tp trace.TracerProvider) bool {
	typ := reflect.TypeOf(tp)
	return typ.Kind() == reflect.Pointer && typ.Elem().PkgPath() == "go.opentelemetry.io/otel/internal/global" &&
		typ.Elem().Name() == "tracerProvider"
}

// legacyNoop is the type of the trace package's own no-op provider
// (trace.NewNoopTracerProvider, deprecated for noop.NewTracerProvider).
var legacyNoop = reflect.TypeOf(trace.NewNoopTracerProvider()) //nolint:staticcheck // recognized, not used

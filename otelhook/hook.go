package otelhook

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
)

// Hook records a span and a db.client.operation.duration measurement for
// every statement an engine runs. Pass it to engine.WithHooks (or a
// dialect module's Open); one Hook may serve several engines. It is safe
// for concurrent use.
//
// With tracing and metrics off — the no-op providers, given or set as
// the global ones — it records nothing and allocates nothing. With the
// global providers left unset it starts spans that do not record.
type Hook struct {
	cfg     config
	tracers tracers
	inst    instruments
	// sums are the summary caches of the databases whose strings take
	// no backslash escapes ([0]) and of those that do ([1]).
	sums [2]summaries
}

var _ engine.QueryHook = (*Hook)(nil)

// New returns a Hook configured by opts. It fails only when the meter
// provider refuses the hook's instrument.
func New(opts ...Option) (*Hook, error) {
	h := &Hook{cfg: newConfig(opts)}
	h.tracers.fixed = h.cfg.tp
	h.sums[1].backslash = true
	inst, err := newInstruments(h.cfg.mp)
	if err != nil {
		return nil, err
	}
	h.inst = inst
	return h, nil
}

// stmtKey is the context key under which BeforeQuery leaves the
// statement's span for AfterQuery.
type stmtKey struct{}

// maxAttrs is the capacity of the attribute buffers on the stack.
const maxAttrs = 12

// BeforeQuery starts the statement's span, with the conventions' name
// and attributes, and returns a context with it. Its parent is the span
// in ctx or, for a statement of a transaction called with the context
// the transaction began with, the transaction's span.
func (h *Hook) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context {
	tr := h.tracers.tracer()
	if tr == nil {
		return ctx
	}
	system := h.cfg.system(ev.Dialect)
	sum := h.summary(system, ev.SQL)
	ctx, span := tr.Start(parentContext(ctx, ev.TxContext), h.cfg.spanName(sum, system.Value.AsString()),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(ev.Start),
		trace.WithAttributes(system))
	if !span.IsRecording() {
		return ctx
	}
	var buf [maxAttrs]attribute.KeyValue
	span.SetAttributes(h.cfg.appendStatement(buf[:0], sum, ev.SQL)...)
	return context.WithValue(ctx, stmtKey{}, span)
}

// AfterQuery records the statement's duration and ends its span, with
// error.type, db.response.status_code and an error status when it failed.
func (h *Hook) AfterQuery(ctx context.Context, ev *engine.QueryEvent) {
	f, failed := failureOf(ev.Err)
	if h.inst.enabled(ctx) {
		var buf [maxAttrs]attribute.KeyValue
		system := h.cfg.system(ev.Dialect)
		attrs := h.cfg.appendMetric(buf[:0], system, h.summary(system, ev.SQL), f, failed)
		h.inst.recordDuration(ctx, ev.Duration, attrs)
	}
	span, _ := ctx.Value(stmtKey{}).(trace.Span)
	if span == nil {
		return
	}
	if ev.Op == engine.OpQuery && !failed {
		span.SetAttributes(attribute.Int64("db.response.returned_rows", ev.RowsAffected))
	}
	endSpan(span, f, failed, ev.Start.Add(ev.Duration))
}

// summary returns the summary of a statement's text on a database of
// system (db.system.name), from the cache of its way of reading literals.
func (h *Hook) summary(system attribute.KeyValue, text string) *summary {
	if backslashEscapes(system) {
		return h.sums[1].get(text)
	}
	return h.sums[0].get(text)
}

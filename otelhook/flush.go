package otelhook

import (
	"context"
	"maps"
	"slices"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
)

// flushKey is the context key of a flush's span.
type flushKey struct{}

// BeforeFlush starts the span of a unit of work's flush ("flush") and
// returns a context with it, under which the flush's statements run: a
// Hook is a unitofwork.FlushHook (unitofwork.WithFlushHooks). The
// Session begins its transaction under the flush's caller's context, so
// the transaction's span, which outlives the flush, is not its child.
func (h *Hook) BeforeFlush(ctx context.Context) context.Context {
	tr := h.tracers.tracer()
	if tr == nil {
		return ctx
	}
	sctx, span := tr.Start(ctx, "flush", trace.WithSpanKind(trace.SpanKindInternal))
	if !span.IsRecording() {
		return ctx
	}
	return context.WithValue(sctx, flushKey{}, span)
}

// AfterFlush ends the flush's span with the counts of the rows it wrote
// per table — sqlforge.flush.inserts.<table>, .updates.<table>,
// .deletes.<table> — and sqlforge.flush.autoflush; a failure is
// recorded as a statement's is. Only table names and counts: never a
// value.
func (h *Hook) AfterFlush(ctx context.Context, ev *engine.FlushEvent) {
	span, _ := ctx.Value(flushKey{}).(trace.Span)
	if span == nil {
		return
	}
	attrs := append(make([]attribute.KeyValue, 0, 1+len(ev.Inserts)+len(ev.Updates)+len(ev.Deletes)),
		attribute.Bool("sqlforge.flush.autoflush", ev.Autoflush))
	attrs = appendCounts(attrs, "sqlforge.flush.inserts.", ev.Inserts)
	attrs = appendCounts(attrs, "sqlforge.flush.updates.", ev.Updates)
	attrs = appendCounts(attrs, "sqlforge.flush.deletes.", ev.Deletes)
	span.SetAttributes(attrs...)
	f, failed := failureOf(ev.Err)
	endSpan(span, f, failed, time.Now())
}

// appendCounts appends prefix+table = count for each table, in the
// tables' order.
func appendCounts(dst []attribute.KeyValue, prefix string, counts map[string]int) []attribute.KeyValue {
	for _, table := range slices.Sorted(maps.Keys(counts)) {
		dst = append(dst, attribute.Int(prefix+table, counts[table]))
	}
	return dst
}

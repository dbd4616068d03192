package otelhook

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
)

var (
	_ engine.TxContextHook = (*Hook)(nil)
	_ engine.TxHook        = (*Hook)(nil)
)

// txKey is the context key of a transaction's span in the context the
// engine keeps for the transaction (engine.TxContextHook).
type txKey struct{}

// txSpan is a transaction's (or savepoint's) span and the span that was
// current in the context Begin was called with.
type txSpan struct {
	span   trace.Span
	caller trace.SpanContext
	outer  *txSpan // the enclosing transaction's, for a savepoint
}

func txSpanOf(txCtx context.Context) *txSpan {
	if txCtx == nil {
		return nil
	}
	st, _ := txCtx.Value(txKey{}).(*txSpan)
	return st
}

// parentContext returns the context to start a span of a statement (or
// savepoint) of a transaction under: ctx, the caller's, with the
// transaction's span as the current one when the caller's current span is
// one the transaction began under — the span current at its Begin, or at
// an enclosing transaction's, or an enclosing transaction's own span.
// When the caller has started a span of its own since (within RunInTx,
// whose function gets the transaction's context, that span is a child of
// the transaction's), its span stays the parent.
func parentContext(ctx, txCtx context.Context) context.Context {
	st := txSpanOf(txCtx)
	if st == nil {
		return ctx
	}
	cur := trace.SpanContextFromContext(ctx)
	for o := st; o != nil; o = o.outer {
		if cur.Equal(o.caller) || o != st && cur.Equal(o.span.SpanContext()) {
			return trace.ContextWithSpan(ctx, st.span)
		}
	}
	return ctx
}

// BeginTx starts the span of a transaction ("transaction") or savepoint
// ("savepoint", a child of its transaction's), which the engine keeps
// until Commit or Rollback; the transaction's statements are its
// children.
func (h *Hook) BeginTx(ctx context.Context, ev *engine.TxEvent) context.Context {
	tr := h.tracers.tracer()
	if tr == nil {
		return ctx
	}
	name := "transaction"
	if ev.Savepoint != "" {
		name = "savepoint"
	}
	sctx, span := tr.Start(parentContext(ctx, ev.TxContext), name, trace.WithSpanKind(trace.SpanKindInternal))
	if !span.IsRecording() {
		return ctx
	}
	var buf [maxAttrs]attribute.KeyValue
	attrs := append(buf[:0], h.cfg.fixed...)
	if ev.Dialect != "" || h.cfg.systemName != "" {
		attrs = append(attrs, h.cfg.system(ev.Dialect))
	}
	if ev.Options.Isolation != engine.LevelDefault {
		attrs = append(attrs, attribute.String("sqlforge.tx.isolation", ev.Options.Isolation.String()))
	}
	if ev.Options.ReadOnly {
		attrs = append(attrs, attribute.Bool("sqlforge.tx.read_only", true))
	}
	if ev.Savepoint != "" {
		attrs = append(attrs, attribute.String("sqlforge.savepoint", ev.Savepoint))
	}
	span.SetAttributes(attrs...)
	return context.WithValue(sctx, txKey{}, &txSpan{span: span, caller: trace.SpanContextFromContext(ctx), outer: txSpanOf(ev.TxContext)})
}

// TxEvent ends the transaction's span at Commit or Rollback, with the
// outcome as sqlforge.tx.outcome, or at a failed Begin; a failure is
// recorded as a statement's is.
func (h *Hook) TxEvent(_ context.Context, ev *engine.TxEvent) {
	st := txSpanOf(ev.TxContext)
	if st == nil || ev.Op == engine.TxBegin && ev.Err == nil {
		return
	}
	if ev.Op != engine.TxBegin {
		st.span.SetAttributes(attribute.String("sqlforge.tx.outcome", ev.Op.String()))
	}
	f, failed := failureOf(ev.Err)
	endSpan(st.span, f, failed, time.Now())
}

package otelhook

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
)

// observing reports whether anything of an operation would be recorded:
// false with tracing off and metrics off, when a wrapped connection does
// nothing but call the driver (no clock read, no allocation).
func (w *wrapper) observing(ctx context.Context) bool {
	return w.tracers.tracer() != nil || w.inst.enabled(ctx)
}

// sqlStater is the method of a driver error that tells its SQLSTATE:
// pgx's *pgconn.PgError has it.
type sqlStater interface{ SQLState() string }

// failure maps a driver's error to what is recorded: the class from
// WithClassifier's classifier or the failures every driver shares, the
// database's code from the classifier's Describe or a SQLState method.
// Never the message. ok is false for no error and a harmless signal
// (driver.ErrSkip).
func (w *wrapper) failure(err error) (f failure, ok bool) {
	if err == nil || harmless(err) {
		return failure{}, false
	}
	var class error
	if w.cfg.wrap.classifier != nil {
		class = w.cfg.wrap.classifier.Classify(err)
	}
	if class == nil {
		class = engine.ClassifyCommon(err)
	}
	var code string
	if w.cfg.wrap.describer != nil {
		code, _ = w.cfg.wrap.describer.Describe(err)
	}
	var st sqlStater
	if code == "" && errors.As(err, &st) {
		code = st.SQLState()
	}
	return failureFrom(class, code), true
}

// finish records one statement that ran from start until now on c: its
// db.client.operation.duration measurement and its span, a child of the
// span in ctx (or of c's transaction's, see parent). rows is the number
// of rows a query returned, or -1 for an Exec.
func (c *conn) finish(ctx context.Context, query string, start time.Time, rows int64, err error) {
	w := c.w
	end := time.Now()
	f, failed := w.failure(err)
	sum := w.sums.get(query)
	if w.inst.enabled(ctx) {
		var buf [maxAttrs]attribute.KeyValue
		w.inst.recordDuration(ctx, end.Sub(start), w.cfg.appendMetric(buf[:0], w.system, sum, f, failed))
	}
	tr := w.tracers.tracer()
	if tr == nil {
		return
	}
	_, span := tr.Start(c.parent(ctx), w.cfg.spanName(sum, w.system.Value.AsString()),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(start),
		trace.WithAttributes(w.system))
	if span.IsRecording() {
		var buf [maxAttrs + 1]attribute.KeyValue
		attrs := w.cfg.appendStatement(buf[:0], sum, query)
		if rows >= 0 && !failed {
			attrs = append(attrs, attribute.Int64("db.response.returned_rows", rows))
		}
		span.SetAttributes(attrs...)
	}
	w.end(span, err, f, failed, end)
}

// end ends a span, failed or not; with WithDriverErrorText, a failure's
// message is recorded too.
func (w *wrapper) end(span trace.Span, err error, f failure, failed bool, at time.Time) {
	if failed && w.cfg.wrap.errorText {
		var buf [2]attribute.KeyValue
		span.SetAttributes(f.appendTo(buf[:0])...)
		span.RecordError(err, trace.WithTimestamp(at))
		span.SetStatus(codes.Error, err.Error())
		span.End(trace.WithTimestamp(at))
		return
	}
	endSpan(span, f, failed, at)
}

// connTx is the span of a connection's open transaction and the span
// context that was current in BeginTx's context.
type connTx struct {
	span   trace.Span
	caller trace.SpanContext
}

// parent returns the context to start a statement's span under: ctx,
// with the transaction's span as the current one while a transaction is
// open on c and ctx's current span is still the one current at BeginTx.
// (database/sql hands the driver the statement's own context, not the
// transaction's, so this is how its statements become the transaction
// span's children.) A span the caller started since stays the parent.
func (c *conn) parent(ctx context.Context) context.Context {
	if c.tx == nil || !trace.SpanContextFromContext(ctx).Equal(c.tx.caller) {
		return ctx
	}
	return trace.ContextWithSpan(ctx, c.tx.span)
}

// beginSpan records a transaction begun at start: on success it starts
// the "transaction" span, kept in c until Commit or Rollback; a failed
// Begin gets a span of its own, ended at once.
func (c *conn) beginSpan(ctx context.Context, opts driver.TxOptions, start time.Time, err error) {
	tr := c.w.tracers.tracer()
	if tr == nil {
		return
	}
	_, span := tr.Start(ctx, "transaction", trace.WithSpanKind(trace.SpanKindInternal), trace.WithTimestamp(start))
	if !span.IsRecording() {
		span.End()
		return
	}
	var buf [maxAttrs]attribute.KeyValue
	attrs := append(append(buf[:0], c.w.system), c.w.cfg.fixed...)
	if opts.Isolation != driver.IsolationLevel(sql.LevelDefault) {
		attrs = append(attrs, attribute.String("sqlforge.tx.isolation", sql.IsolationLevel(opts.Isolation).String()))
	}
	if opts.ReadOnly {
		attrs = append(attrs, attribute.Bool("sqlforge.tx.read_only", true))
	}
	span.SetAttributes(attrs...)
	if err != nil {
		f, failed := c.w.failure(err)
		c.w.end(span, err, f, failed, time.Now())
		return
	}
	c.tx = &connTx{span: span, caller: trace.SpanContextFromContext(ctx)}
}

// endTx ends the open transaction's span, with outcome "commit" or
// "rollback" and the operation's failure, if any.
func (c *conn) endTx(outcome string, err error) {
	t := c.tx
	if t == nil {
		return
	}
	c.tx = nil
	t.span.SetAttributes(attribute.String("sqlforge.tx.outcome", outcome))
	f, failed := c.w.failure(err)
	c.w.end(t.span, err, f, failed, time.Now())
}

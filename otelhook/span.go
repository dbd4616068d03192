package otelhook

import (
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// endSpan ends a span at end, marking it failed when failed: error.type,
// db.response.status_code and the Error status, whose description is
// error.type — a class name or a database code, never the database's
// message, which may quote values.
func endSpan(span trace.Span, f failure, failed bool, end time.Time) {
	if failed {
		var buf [2]attribute.KeyValue
		span.SetAttributes(f.appendTo(buf[:0])...)
		span.SetStatus(codes.Error, f.errorType)
	}
	span.End(trace.WithTimestamp(end))
}

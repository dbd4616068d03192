package otelhook

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

// Traceparent returns the W3C traceparent of the span in ctx as a SQL
// comment, /*traceparent='00-<trace id>-<span id>-<flags>'*/, or "" when
// ctx holds no valid span context. It is the function for
// engine.WithStatementComment, which calls it with the statement's
// context, the statement span's: the servers' logs and statistics then
// name the span that ran each statement. It is built from the span
// context's IDs, written as hex, never from the statement or its values;
// docs/observability.md says what it costs.
func Traceparent(ctx context.Context) string {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return ""
	}
	tid, sid := sc.TraceID(), sc.SpanID()
	const prefix, suffix = "/*traceparent='00-", "'*/"
	var b [len(prefix) + 2*len(tid) + 1 + 2*len(sid) + 3 + len(suffix)]byte
	n := copy(b[:], prefix)
	n += hexTo(b[n:], tid[:])
	b[n] = '-'
	n++
	n += hexTo(b[n:], sid[:])
	b[n] = '-'
	n++
	n += hexTo(b[n:], []byte{byte(sc.TraceFlags())})
	copy(b[n:], suffix)
	return string(b[:])
}

// hexTo writes src in lower-case hex into dst and returns the bytes
// written.
func hexTo(dst, src []byte) int {
	const digits = "0123456789abcdef"
	for i, c := range src {
		dst[2*i], dst[2*i+1] = digits[c>>4], digits[c&0xf]
	}
	return 2 * len(src)
}

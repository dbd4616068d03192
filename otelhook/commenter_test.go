package otelhook_test

import (
	"context"
	"regexp"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/otelhook"
)

func TestTraceparent(t *testing.T) {
	if got := otelhook.Traceparent(context.Background()); got != "" {
		t.Errorf("no span: %q; want none", got)
	}
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
	})
	got := otelhook.Traceparent(trace.ContextWithSpanContext(context.Background(), sc))
	if want := "/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if !regexp.MustCompile(`^/\*traceparent='00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}'\*/$`).MatchString(got) {
		t.Errorf("%q is not a traceparent comment", got)
	}
}

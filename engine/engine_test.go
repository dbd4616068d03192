package engine

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestErrorUnwrap(t *testing.T) {
	driverErr := errors.New("driver: duplicate key")
	err := error(&Error{Op: "exec", Class: ErrUniqueViolation, Err: driverErr})
	if !errors.Is(err, ErrUniqueViolation) || !errors.Is(err, driverErr) || errors.Is(err, ErrDeadlock) {
		t.Errorf("errors.Is on %v is wrong", err)
	}
	if got, want := err.Error(), "engine: exec: unique violation: driver: duplicate key"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	plain := &Error{Op: "query", Err: driverErr}
	if got, want := plain.Error(), "engine: query: driver: duplicate key"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}

func TestRetryable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&Error{Class: ErrSerializationFailure, Err: io.EOF}, true},
		{&Error{Class: ErrDeadlock, Err: io.EOF}, true},
		{&Error{Class: ErrLockTimeout, Err: io.EOF}, true},
		{&Error{Class: ErrUniqueViolation, Err: io.EOF}, false},
		{&Error{Class: ErrConnectionLost, Err: io.EOF}, false},
		{errors.New("other"), false},
	} {
		if got := Retryable(tc.err); got != tc.want {
			t.Errorf("Retryable(%v) = %v; want %v", tc.err, got, tc.want)
		}
	}
}

func TestClassifyCommon(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want error
	}{
		{context.Canceled, ErrCanceled},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), ErrCanceled},
		{driver.ErrBadConn, ErrConnectionLost},
		{io.ErrUnexpectedEOF, ErrConnectionLost},
		{errors.New("syntax error"), nil},
	} {
		if got := ClassifyCommon(tc.err); got != tc.want {
			t.Errorf("ClassifyCommon(%v) = %v; want %v", tc.err, got, tc.want)
		}
	}
}

func TestClassifyContext(t *testing.T) {
	e := &Engine{classifier: ClassifierFunc(func(error) error { return ErrDeadlock })}
	ctx, cancel := context.WithTimeoutCause(context.Background(), time.Nanosecond, errStatementTimeout)
	defer cancel()
	<-ctx.Done()
	if got := e.classify(ctx, context.DeadlineExceeded); got != ErrStatementTimeout {
		t.Errorf("statement timeout classified as %v", got)
	}
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	if got := e.classify(cctx, errors.New("driver error")); got != ErrCanceled {
		t.Errorf("canceled context classified as %v", got)
	}
	if got := e.classify(context.Background(), errors.New("driver error")); got != ErrDeadlock {
		t.Errorf("classifier ignored: %v", got)
	}
}

func TestBackoff(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 10 * time.Millisecond, MaxDelay: 100 * time.Millisecond}
	want := []time.Duration{10, 20, 40, 80, 100, 100, 100}
	for i, w := range want {
		if got := p.Backoff(i + 1); got != w*time.Millisecond {
			t.Errorf("Backoff(%d) = %v; want %v", i+1, got, w*time.Millisecond)
		}
	}
	// wait stops at once when the context is done.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}).wait(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("wait on a canceled context = %v", err)
	}
}

func TestNewRejects(t *testing.T) {
	if _, err := New(nil, nil); err == nil {
		t.Error("New(nil, nil) succeeded")
	}
	if err := WithHooks(42).apply(&Engine{}); err == nil {
		t.Error("WithHooks accepted a value that is no hook")
	}
}

func TestLogHook(t *testing.T) {
	var buf strings.Builder
	h := NewLogHook(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
		LogOptions{SlowThreshold: 100 * time.Millisecond})
	ctx := context.Background()
	h.AfterQuery(ctx, &QueryEvent{Op: OpExec, SQL: "UPDATE t SET a = $1", NumArgs: 1, Duration: time.Millisecond, RowsAffected: 2})
	h.AfterQuery(ctx, &QueryEvent{Op: OpQuery, SQL: "SELECT slow", Duration: time.Second})
	h.AfterQuery(ctx, &QueryEvent{Op: OpExec, SQL: "INSERT bad", Err: errors.New("boom")})
	h.AfterQuery(ctx, &QueryEvent{Op: OpExec, SQL: "INSERT opted in", NumArgs: 1, Args: []any{"visible"}})
	h.TxEvent(ctx, &TxEvent{Op: TxCommit, Savepoint: "sp1"})
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d log lines; want 5:\n%s", len(lines), buf.String())
	}
	for i, want := range []string{
		`"level":"DEBUG","msg":"sqlforge: statement","op":"exec","sql":"UPDATE t SET a = $1","params":1`,
		`"level":"WARN","msg":"sqlforge: statement","op":"query","sql":"SELECT slow"`,
		`"level":"ERROR","msg":"sqlforge: statement","op":"exec","sql":"INSERT bad"`,
		`"args":["visible"]`,
		`"msg":"sqlforge: transaction","op":"commit"`,
	} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d = %s; want it to contain %s", i, lines[i], want)
		}
	}
	if strings.Contains(lines[0], "slow") || !strings.Contains(lines[1], `"slow":true`) || !strings.Contains(lines[2], `"error":"boom"`) {
		t.Errorf("slow or error attributes wrong:\n%s", buf.String())
	}
	if strings.Contains(lines[0], "args") {
		t.Errorf("values logged without the opt-in: %s", lines[0])
	}
}

package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// sensitiveSentinel is the value of a sensitive column in these tests; shown
// is a value of an ordinary column, which the opt-in lets hooks see.
const (
	sensitiveSentinel = "ssn-5f3a-sensitiveSentinel"
	shown             = "shown-value-9e1b"
)

var (
	sensMeta = expr.NewMetaData()
	sensT    = sensMeta.MustTable("people",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("ssn", expr.String, expr.Sensitive, expr.Unique),
		expr.Col("name", expr.String),
	)
)

// quotingError is a driver's error that quotes the values of its
// statement in its message and in a field, as *pgconn.PgError's Detail
// does.
type quotingError struct{ Message, Detail string }

func (e *quotingError) Error() string { return e.Message }

func quote(args []any) error {
	return &quotingError{Message: fmt.Sprintf("Duplicate entry '%v' for key", args), Detail: fmt.Sprintf("Key (ssn)=(%v)", args)}
}

// quotingSource fails every statement with a quotingError; a query fails
// when its rows are closed, as a RETURNING query's does on pgx.
type quotingSource struct{}

func (quotingSource) Exec(_ context.Context, _ string, args []any) (Result, error) {
	return Result{}, quote(args)
}
func (quotingSource) Query(_ context.Context, _ string, args []any) (SourceRows, error) {
	return &quotingRows{err: quote(args)}, nil
}
func (quotingSource) Begin(context.Context, TxOptions) (SourceTx, error) {
	return nil, errors.New("no transactions")
}
func (quotingSource) Close() error { return nil }

type quotingRows struct{ err error }

func (r *quotingRows) Columns() ([]string, error) { return []string{"id"}, nil }
func (r *quotingRows) Next() bool                 { return false }
func (r *quotingRows) Scan(...any) error          { return nil }
func (r *quotingRows) Err() error                 { return r.err }
func (r *quotingRows) Close() error               { return nil }

// printed returns every way err and the errors its Unwrap chains reach
// print.
func printed(err error) string {
	var b strings.Builder
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		fmt.Fprintf(&b, "%v|%+v|%#v|%s|%q\n", err, err, err, err, err)
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, w := range u.Unwrap() {
				walk(w)
			}
		}
	}
	walk(err)
	return b.String()
}

// recorder prints every event the hooks get.
type recorder struct{ b strings.Builder }

func (r *recorder) BeforeQuery(ctx context.Context, ev *QueryEvent) context.Context {
	fmt.Fprintf(&r.b, "%+v\n%#v\n%v\n", *ev, *ev, ev.Args)
	return ctx
}
func (r *recorder) AfterQuery(_ context.Context, ev *QueryEvent) {
	fmt.Fprintf(&r.b, "%+v\n%#v\n%s", *ev, *ev, printed(ev.Err))
}

// With parameter values opted in, hooks and the log see every value but
// a sensitive column's, and no error — the caller's either — holds its
// text or reaches the driver's error, for Exec, for a query failing at
// Close, and in a pipeline.
func TestSensitiveValuesWithheld(t *testing.T) {
	rec := &recorder{}
	var logs bytes.Buffer
	log := NewLogHook(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), LogOptions{})
	classify := WithClassifier(ClassifierFunc(func(error) error { return ErrUniqueViolation }))
	e, err := New(quotingSource{}, fakeDialect{}, classify, WithHooks(rec, log), WithParamValuesInHooks())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ssn, name := sensT.C("ssn"), sensT.C("name")
	var errs []error
	_, err = e.Exec(ctx, expr.Insert(sensT).Columns(ssn, name).Values(sensitiveSentinel, shown))
	errs = append(errs, err)
	_, err = e.Exec(ctx, expr.Update(sensT).Set(name, shown).Where(ssn.Eq(sensitiveSentinel)))
	errs = append(errs, err)
	_, err = All(ctx, e, expr.Select(sensT.C("id")).From(sensT).Where(ssn.In(sensitiveSentinel+"-a", sensitiveSentinel+"-b"), name.Eq(shown)), ScanValue[int64])
	errs = append(errs, err)

	pipe := &memBatchTx{memTx: memTx{failAt: 1}}
	pe, err := New(memSource{&quotingBatchTx{pipe}}, fakeDialect{}, classify, WithHooks(rec, log), WithParamValuesInHooks())
	if err != nil {
		t.Fatal(err)
	}
	tx, err := pe.Begin(ctx, TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.ExecMany(ctx, []expr.Statement{
		expr.Update(sensT).Set(name, shown).Where(sensT.C("id").Eq(1)),
		expr.Update(sensT).Set(ssn, sensitiveSentinel).Set(name, shown).Where(sensT.C("id").Eq(2)),
	})
	errs = append(errs, err)

	for i, err := range errs {
		var ee *Error
		var qe *quotingError
		switch {
		case !errors.As(err, &ee) || !errors.Is(err, ErrUniqueViolation):
			t.Errorf("error %d: %v; want an *Error of class ErrUniqueViolation", i, err)
		case errors.As(err, &qe):
			t.Errorf("error %d: errors.As reaches the driver's error %#v", i, qe)
		case !strings.Contains(err.Error(), "Duplicate entry") || !strings.Contains(err.Error(), SensitiveText):
			t.Errorf("error %d: %q; want the driver's message with the value replaced", i, err)
		}
		if s := printed(err); strings.Contains(s, sensitiveSentinel) {
			t.Errorf("error %d shows the sensitive value:\n%s", i, s)
		}
	}
	if s := rec.b.String(); strings.Contains(s, sensitiveSentinel) || !strings.Contains(s, shown) || !strings.Contains(s, SensitiveText) {
		t.Errorf("hooks saw the sensitive value, or not the others:\n%s", s)
	}
	if s := logs.String(); strings.Contains(s, sensitiveSentinel) || !strings.Contains(s, shown) {
		t.Errorf("the log shows the sensitive value, or not the others:\n%s", s)
	}
}

// quotingBatchTx pipelines as memBatchTx does, its failure quoting the
// failed statement's values.
type quotingBatchTx struct{ *memBatchTx }

func (q *quotingBatchTx) ExecBatch(ctx context.Context, texts []string, args [][]any) ([]Result, error) {
	results, err := q.memBatchTx.ExecBatch(ctx, texts, args)
	if err != nil {
		err = quote(args[len(results)])
	}
	return results, err
}

// Without sensitive arguments the caller's error is the driver's, as
// before.
func TestErrorWithoutSensitiveKeepsDriverError(t *testing.T) {
	e, err := New(quotingSource{}, fakeDialect{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Exec(context.Background(), expr.Insert(sensT).Columns(sensT.C("name")).Values(shown))
	var qe *quotingError
	if !errors.As(err, &qe) || !strings.Contains(err.Error(), shown) {
		t.Errorf("%v: want the driver's error", err)
	}
}

func TestSensitiveValueFormats(t *testing.T) {
	v := any(SensitiveValue{})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%t"} {
		if got := fmt.Sprintf(verb, v); got != SensitiveText {
			t.Errorf("%s: %q; want %q", verb, got, SensitiveText)
		}
	}
	if got := fmt.Sprintf("%q", v); got != `"[sensitive]"` {
		t.Errorf("%%q: %s", got)
	}
	j, err := json.Marshal([]any{v})
	if err != nil || string(j) != `["[sensitive]"]` {
		t.Errorf("JSON: %s, %v", j, err)
	}
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("x", "arg", v)
	if !strings.Contains(b.String(), `"arg":"[sensitive]"`) {
		t.Errorf("slog: %s", b.String())
	}
}

// scrubText finds a value in every text a server writes it as, cut short
// too, and withholds a text holding a value too short to replace.
func TestScrubText(t *testing.T) {
	decimal := func(s string) expr.Decimal {
		d, err := expr.ParseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	stamp := time.Date(2024, 7, 1, 9, 30, 5, 654321000, time.FixedZone("IST", 5*3600+1800))
	long := strings.Repeat("0123456789", 30)
	for _, tc := range []struct {
		value any
		text  string
	}{
		{"ann@example.com", "Key (email)=(ann@example.com) already exists."},
		{long, "Duplicate entry '" + long[:192] + "' for key 'ssn'"},
		{int64(123456789), "Duplicate entry '123456789' for key"},
		{3.25, "invalid input: 3.25"},
		{[]byte("abcd\x00"), `Key (b)=(\x6162636400) already exists.`},
		{stamp, "Key (t)=(2024-07-01 04:00:05.654321+00) already exists."},
		{stamp, "Duplicate entry '2024-07-01 09:30:05' for key"},
		{[]string{"first-value", "second-value"}, "Key (ssn)=(second-value) already exists."},
		{[16]byte{0xde, 0xad, 0xbe, 0xef}, "Key (u)=(deadbeef000000000000000000000000)"},
		{decimal("1234.50"), "Duplicate entry '1234.50' for key"},
	} {
		got := scrubText(tc.text, valueTexts(nil, tc.value, 0))
		for _, piece := range valueTexts(nil, tc.value, 0) {
			if strings.Contains(got, piece) {
				t.Errorf("%v in %q: %q remains", tc.value, tc.text, got)
			}
		}
		if got == tc.text || !strings.Contains(got, SensitiveText) {
			t.Errorf("%v in %q: %q; want it replaced", tc.value, tc.text, got)
		}
	}
	if got := scrubText("Duplicate entry '42' for key 'pin'", valueTexts(nil, 42, 0)); strings.Contains(got, "42") {
		t.Errorf("a short value: %q", got)
	}
	if got, want := scrubText("value 3 of 8", valueTexts(nil, 9, 0)), "value 3 of 8"; got != want {
		t.Errorf("a text without the value: %q; want %q", got, want)
	}
}

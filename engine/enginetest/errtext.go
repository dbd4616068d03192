package enginetest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// textSentinel is the parameter value the error-text tests make the
// servers quote.
const textSentinel = "errtext-7c1d"

// notes has a column of each kind of constraint, each violated by a row
// carrying textSentinel.
var (
	notesMeta = expr.NewMetaData()
	notes     = notesMeta.MustTable("notes",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("tag", expr.Varchar(60), expr.NotNull, expr.Unique),
		expr.Col("body", expr.Varchar(60), expr.NotNull),
		expr.Col("n", expr.Integer, expr.NotNull),
		expr.Check("ck_notes_n", "n >= 0"),
	)
)

func insertNote(tag, body any, n any) *expr.InsertStmt {
	return expr.Insert(notes).Columns(notes.C("tag"), notes.C("body"), notes.C("n")).Values(tag, body, n)
}

// errTextCase is one failure a server may describe with the values bound.
type errTextCase struct {
	name  string
	class error // nil: a failure of no class
	run   func(ctx context.Context, e *engine.Engine) error
}

var errTextCases = []errTextCase{
	{"unique", engine.ErrUniqueViolation, func(ctx context.Context, e *engine.Engine) error {
		_, err := e.Exec(ctx, insertNote(textSentinel+"-u", textSentinel, 1))
		return err
	}},
	{"unique in a transaction", engine.ErrUniqueViolation, func(ctx context.Context, e *engine.Engine) error {
		return e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
			_, err := tx.Exec(ctx, insertNote(textSentinel+"-u", textSentinel, 2))
			return err
		})
	}},
	{"not null", engine.ErrNotNullViolation, func(ctx context.Context, e *engine.Engine) error {
		_, err := e.Exec(ctx, insertNote(textSentinel+"-nn", nil, 1))
		return err
	}},
	{"check", engine.ErrCheckViolation, func(ctx context.Context, e *engine.Engine) error {
		_, err := e.Exec(ctx, insertNote(textSentinel+"-ck", textSentinel, -1))
		return err
	}},
	{"too long", nil, func(ctx context.Context, e *engine.Engine) error {
		_, err := e.Exec(ctx, insertNote(textSentinel+"-long-"+strings.Repeat("x", 60), "b", 1))
		return err
	}},
	{"text compared with an integer column in a query", nil, func(ctx context.Context, e *engine.Engine) error {
		_, err := engine.All(ctx, e, expr.Select(notes.C("id")).From(notes).Where(notes.C("n").Eq(textSentinel+"-q")), engine.ScanValue[int64])
		return err
	}},
	{"text into an integer key", nil, func(ctx context.Context, e *engine.Engine) error {
		_, err := e.Exec(ctx, expr.Insert(notes).Columns(notes.C("id"), notes.C("tag"), notes.C("body"), notes.C("n")).
			Values(textSentinel+"-id", "t", "b", 1))
		return err
	}},
	{"text into an integer column", nil, func(ctx context.Context, e *engine.Engine) error {
		_, err := e.Exec(ctx, insertNote("t-int", "b", textSentinel+"-int"))
		return err
	}},
}

// RunErrorText checks that hooks and logs never see a parameter value
// through the server's error text — MariaDB's "Duplicate entry
// '<value>'", PostgreSQL's `invalid input syntax for type integer:
// "<value>"` and DETAIL lines — but the class, code and constraint, while
// the caller's error keeps the full message; and that with
// WithParamValuesInHooks the hooks get the caller's error.
func RunErrorText(t *testing.T, env Env) {
	rec := &textRecorder{}
	logs := &captureHandler{}
	e := env.Open(t, engine.WithHooks(rec, engine.NewLogHook(slog.New(logs), engine.LogOptions{})))
	ctx := testContext(t)
	if err := e.CreateAll(ctx, notesMeta); err != nil {
		t.Fatalf("%s: CreateAll: %v", env.Name, err)
	}
	mustExec(t, ctx, e, insertNote(textSentinel+"-u", "first", 1))

	quoted := 0
	for _, c := range errTextCases {
		rec.reset()
		err := c.run(ctx, e)
		if err == nil {
			// SQLite stores text in an INTEGER column that is not the key
			// and ignores VARCHAR lengths; MariaDB compares text with a
			// number with a warning.
			t.Logf("%s: %s: no error", env.Name, c.name)
			continue
		}
		var ee *engine.Error
		if !errors.As(err, &ee) || ee.Class != c.class || ee.Code == "" {
			t.Errorf("%s: %s: %v (%#v); want an *engine.Error of class %v with a code", env.Name, c.name, err, ee, c.class)
			continue
		}
		if !strings.Contains(err.Error(), ee.Err.Error()) {
			t.Errorf("%s: %s: the caller's error %q lacks the server's message %q", env.Name, c.name, err, ee.Err)
		}
		if strings.Contains(reachable(err), textSentinel) {
			quoted++
		}
		seen := rec.take()
		if len(seen) == 0 {
			t.Errorf("%s: %s: no hook saw the error", env.Name, c.name)
		}
		for _, he := range seen {
			var h *engine.HookError
			if !errors.As(he, &h) || h.Class != c.class || h.Code != ee.Code || h.Constraint != ee.Constraint ||
				(c.class != nil && !errors.Is(he, c.class)) {
				t.Errorf("%s: %s: a hook saw %#v; want a *HookError with class %v, code %s and constraint %q",
					env.Name, c.name, he, c.class, ee.Code, ee.Constraint)
			}
		}
	}
	if env.QuotesValues && quoted == 0 {
		t.Errorf("%s: no error quoted %s: the cases test nothing here", env.Name, textSentinel)
	}
	if s := rec.dump(); strings.Contains(s, textSentinel) {
		t.Errorf("%s: a hook saw the parameter value through an error:\n%s", env.Name, s)
	}
	out := logs.dump()
	if strings.Contains(out, textSentinel) {
		t.Errorf("%s: the log shows the parameter value through an error:\n%s", env.Name, out)
	}
	if !strings.Contains(out, "unique violation (code ") {
		t.Errorf("%s: the log lacks the error class and code:\n%s", env.Name, out)
	}

	// With the opt-in, hooks get the caller's error, message included.
	rec2 := &textRecorder{}
	e2 := env.Open(t, engine.WithHooks(rec2), engine.WithParamValuesInHooks())
	if err := e2.CreateAll(ctx, notesMeta); err != nil {
		t.Fatal(err)
	}
	mustExec(t, ctx, e2, insertNote("dup", "b", 1))
	rec2.reset()
	if _, err := e2.Exec(ctx, insertNote("dup", "b", 1)); !errors.Is(err, engine.ErrUniqueViolation) {
		t.Fatalf("%s: duplicate: %v", env.Name, err)
	}
	for _, he := range rec2.take() {
		var ee *engine.Error
		if !errors.As(he, &ee) {
			t.Errorf("%s: with WithParamValuesInHooks a hook saw %v, not the *engine.Error", env.Name, he)
		}
	}
}

// reachable prints err and every error its Unwrap chain reaches with %v,
// %+v and %#v: what a hook could print, or find with errors.As.
func reachable(err error) string {
	var b strings.Builder
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		fmt.Fprintf(&b, "%v | %+v | %#v\n", err, err, err)
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

// textRecorder keeps every error the hooks get, and a print of every
// event.
type textRecorder struct {
	mu   sync.Mutex
	errs []error
	text strings.Builder
}

func (r *textRecorder) add(ev any, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(&r.text, "%+v\n%#v\n", ev, ev)
	if err != nil {
		r.errs = append(r.errs, err)
		r.text.WriteString(reachable(err))
	}
}

func (r *textRecorder) reset() { r.take() }

func (r *textRecorder) take() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs := r.errs
	r.errs = nil
	return errs
}

func (r *textRecorder) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.text.String()
}

func (r *textRecorder) BeforeQuery(ctx context.Context, _ *engine.QueryEvent) context.Context {
	return ctx
}
func (r *textRecorder) AfterQuery(_ context.Context, ev *engine.QueryEvent)  { r.add(*ev, ev.Err) }
func (r *textRecorder) QueryError(_ context.Context, ev *engine.QueryEvent)  { r.add(*ev, ev.Err) }
func (r *textRecorder) TxEvent(_ context.Context, ev *engine.TxEvent)        { r.add(*ev, ev.Err) }
func (r *textRecorder) Checkout(_ context.Context, ev *engine.CheckoutEvent) { r.add(*ev, ev.Err) }
func (r *textRecorder) Checkin(_ context.Context, ev *engine.CheckoutEvent)  { r.add(*ev, ev.Err) }

// captureHandler is a slog.Handler that prints every record it gets, with
// all attributes (groups and LogValuers resolved, errors and other values
// printed with every verb and their Unwrap chains walked).
type captureHandler struct {
	mu    sync.Mutex
	text  strings.Builder
	attrs []slog.Attr // from WithAttrs
}

func (h *captureHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *captureHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	fmt.Fprintf(&h.text, "%s %s", r.Level, r.Message)
	for _, a := range h.attrs {
		h.attr(a)
	}
	r.Attrs(func(a slog.Attr) bool { h.attr(a); return true })
	h.text.WriteByte('\n')
	return nil
}

func (h *captureHandler) attr(a slog.Attr) {
	v := a.Value.Resolve()
	fmt.Fprintf(&h.text, " %s=", a.Key)
	switch v.Kind() {
	case slog.KindGroup:
		for _, g := range v.Group() {
			h.attr(g)
		}
	case slog.KindAny:
		x := v.Any()
		fmt.Fprintf(&h.text, "%v | %+v | %#v", x, x, x)
		if err, ok := x.(error); ok {
			h.text.WriteString(reachable(err))
		}
	default:
		h.text.WriteString(v.String())
	}
}

// WithAttrs keeps the attributes in the same record of all text; the
// engine's LogHook does not call it, a logger built With(...) does.
func (h *captureHandler) WithAttrs(as []slog.Attr) slog.Handler {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.attrs = append(h.attrs, as...)
	return h
}

func (h *captureHandler) WithGroup(string) slog.Handler { return h }

func (h *captureHandler) dump() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.text.String()
}

package otelhook_test

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/otelhook"
)

// wrapSecret is the parameter value the fake driver quotes in its error.
const wrapSecret = "secret-2c9e@example.test"

// openWrapped opens a *sql.DB on a wrapped fake connector recording into r.
func openWrapped(t *testing.T, r *recording, basic bool, opts ...otelhook.Option) *sql.DB {
	t.Helper()
	opts = append([]otelhook.Option{otelhook.WithTracerProvider(r.tp), otelhook.WithMeterProvider(r.mp)}, opts...)
	db := sql.OpenDB(otelhook.WrapConnector(&fakeConnector{basic: basic}, opts...))
	t.Cleanup(func() { db.Close() })
	return db
}

// spansNamed returns the ended spans called name.
func spansNamed(r *recording, name string) tracetest.SpanStubs {
	var out tracetest.SpanStubs
	for _, s := range r.spans.GetSpans() {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// leaks returns the places of the recorded spans and metrics holding s.
func leaks(t *testing.T, r *recording, s string) []string {
	var out []string
	for _, sp := range r.spans.GetSpans() {
		if strings.Contains(sp.Name, s) || strings.Contains(sp.Status.Description, s) {
			out = append(out, sp.Name+": name or status")
		}
		for k, v := range attrMap(sp.Attributes) {
			if strings.Contains(k+v, s) {
				out = append(out, sp.Name+": "+k)
			}
		}
		for _, ev := range sp.Events {
			for k, v := range attrMap(ev.Attributes) {
				if strings.Contains(ev.Name+k+v, s) {
					out = append(out, sp.Name+": event "+ev.Name+" "+k)
				}
			}
		}
	}
	for _, p := range r.histogram(t) {
		for k, v := range attrMap(p.Attributes.ToSlice()) {
			if strings.Contains(k+v, s) {
				out = append(out, "metric: "+k)
			}
		}
	}
	return out
}

// TestWrapStatements runs statements through database/sql on a wrapped
// connector, with and without the driver's optional interfaces: the
// spans and measurements are those of the engine hook.
func TestWrapStatements(t *testing.T) {
	for _, basic := range []bool{false, true} {
		t.Run(map[bool]string{false: "full", true: "basic"}[basic], func(t *testing.T) {
			r := newRecording()
			db := openWrapped(t, r, basic, otelhook.WithNamespace("shop"))
			ctx, parent := r.tp.Tracer("test").Start(context.Background(), "request")
			if _, err := db.ExecContext(ctx, "UPDATE users SET name = ? WHERE id = ?", wrapSecret, 7); err != nil {
				t.Fatal(err)
			}
			rows, err := db.QueryContext(ctx, "SELECT v FROM users WHERE id = ? OR id = ?", wrapSecret, "b")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				n++
			}
			if err := rows.Close(); err != nil || n != 2 {
				t.Fatalf("rows: %d, %v", n, err)
			}
			parent.End()

			up := spansNamed(r, "UPDATE users")
			sel := spansNamed(r, "SELECT users")
			if len(up) != 1 || len(sel) != 1 {
				t.Fatalf("spans %v; want one UPDATE users and one SELECT users", names(r))
			}
			for _, s := range []tracetest.SpanStub{up[0], sel[0]} {
				if s.Parent.SpanID() != parent.SpanContext().SpanID() {
					t.Errorf("%s: parent %v; want the request span", s.Name, s.Parent.SpanID())
				}
				a := attrMap(s.Attributes)
				if a["db.system.name"] != "other_sql" || a["db.namespace"] != "shop" || a["db.collection.name"] != "users" {
					t.Errorf("%s: attributes %v", s.Name, a)
				}
				if s.Status.Code == codes.Error {
					t.Errorf("%s: status %v", s.Name, s.Status)
				}
			}
			if a := attrMap(up[0].Attributes); a["db.query.text"] != "UPDATE users SET name = ? WHERE id = ?" || a["db.operation.name"] != "UPDATE" {
				t.Errorf("UPDATE attributes %v", a)
			}
			if a := attrMap(sel[0].Attributes); a["db.response.returned_rows"] != "2" {
				t.Errorf("SELECT returned_rows %q; want 2", a["db.response.returned_rows"])
			}
			var count uint64
			for _, p := range r.histogram(t) {
				count += p.Count
			}
			if count != 2 {
				t.Errorf("duration measurements %d; want 2", count)
			}
			if l := leaks(t, r, wrapSecret); len(l) != 0 {
				t.Errorf("parameter value recorded: %v", l)
			}
		})
	}
}

func names(r *recording) []string {
	var out []string
	for _, s := range r.spans.GetSpans() {
		out = append(out, s.Name)
	}
	return out
}

// TestWrapFailure: a failed statement's span and measurement carry the
// SQLSTATE the driver's error tells, and nothing of its message, which
// quotes the value — unless WithDriverErrorText.
func TestWrapFailure(t *testing.T) {
	for _, text := range []bool{false, true} {
		r := newRecording()
		var opts []otelhook.Option
		if text {
			opts = append(opts, otelhook.WithDriverErrorText())
		}
		db := openWrapped(t, r, false, opts...)
		_, err := db.Exec("INSERT INTO fail_users (email) VALUES (?)", wrapSecret)
		if err == nil || !strings.Contains(err.Error(), wrapSecret) {
			t.Fatalf("error %v; want the driver's, quoting the value", err)
		}
		sp := spansNamed(r, "INSERT fail_users")
		if len(sp) != 1 {
			t.Fatalf("spans %v", names(r))
		}
		a := attrMap(sp[0].Attributes)
		if a["error.type"] != "23505" || a["db.response.status_code"] != "23505" || sp[0].Status.Code != codes.Error {
			t.Errorf("failure recorded as %v, status %v", a, sp[0].Status)
		}
		ps := r.histogram(t)
		if len(ps) != 1 {
			t.Fatalf("measurements %v", ps)
		}
		if v, _ := ps[0].Attributes.Value("error.type"); v.AsString() != "23505" {
			t.Errorf("metric error.type %q", v.AsString())
		}
		l := leaks(t, r, wrapSecret)
		if !text && len(l) != 0 {
			t.Errorf("parameter value recorded: %v", l)
		}
		if text && (sp[0].Status.Description != err.Error() || len(sp[0].Events) != 1) {
			t.Errorf("WithDriverErrorText: status %q, events %v", sp[0].Status.Description, sp[0].Events)
		}
	}
}

// TestWrapErrSkip: a driver answering driver.ErrSkip makes database/sql
// prepare the statement; the statement is recorded once, from the
// prepared statement, and not as a failure.
func TestWrapErrSkip(t *testing.T) {
	r := newRecording()
	db := openWrapped(t, r, false)
	if _, err := db.Exec("DELETE FROM skip_items WHERE id = ?", 1); err != nil {
		t.Fatal(err)
	}
	var v int64
	if err := db.QueryRow("SELECT v FROM skip_items WHERE id = ?", int64(3)).Scan(&v); err != nil || v != 3 {
		t.Fatalf("QueryRow: %d, %v", v, err)
	}
	for _, name := range []string{"DELETE skip_items", "SELECT skip_items"} {
		sp := spansNamed(r, name)
		if len(sp) != 1 || sp[0].Status.Code == codes.Error {
			t.Errorf("%s: spans %v", name, sp)
		}
	}
	if n := len(r.spans.GetSpans()); n != 2 {
		t.Errorf("spans %v; want 2", names(r))
	}
	for _, p := range r.histogram(t) {
		if _, ok := p.Attributes.Value("error.type"); ok {
			t.Errorf("a measurement with error.type: %v", p.Attributes.ToSlice())
		}
	}
}

// TestWrapTransaction: the transaction's span is the parent of its
// statements' spans, unless the caller started a span of its own.
func TestWrapTransaction(t *testing.T) {
	r := newRecording()
	db := openWrapped(t, r, false)
	ctx, parent := r.tp.Tracer("test").Start(context.Background(), "request")
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO orders (id) VALUES (?)", 1); err != nil {
		t.Fatal(err)
	}
	inner, step := r.tp.Tracer("test").Start(ctx, "step")
	if _, err := tx.ExecContext(inner, "INSERT INTO items (id) VALUES (?)", 1); err != nil {
		t.Fatal(err)
	}
	step.End()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	parent.End()
	txs := spansNamed(r, "transaction")
	if len(txs) != 1 {
		t.Fatalf("spans %v", names(r))
	}
	a := attrMap(txs[0].Attributes)
	if a["sqlforge.tx.outcome"] != "commit" || a["sqlforge.tx.isolation"] != "Serializable" || txs[0].Parent.SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("transaction span %v, parent %v", a, txs[0].Parent.SpanID())
	}
	if s := spansNamed(r, "INSERT orders"); len(s) != 1 || s[0].Parent.SpanID() != txs[0].SpanContext.SpanID() {
		t.Errorf("INSERT orders: %v; want a child of the transaction", s)
	}
	if s := spansNamed(r, "INSERT items"); len(s) != 1 || s[0].Parent.SpanID() != step.SpanContext().SpanID() {
		t.Errorf("INSERT items: %v; want a child of the caller's step", s)
	}
}

// TestWrapSameBehaviour runs the same calls on a connector with none of
// the optional interfaces, wrapped and not: database/sql gives the same
// answers.
func TestWrapSameBehaviour(t *testing.T) {
	ctx := context.Background()
	run := func(db *sql.DB) []string {
		var out []string
		note := func(what string, err error) { out = append(out, what+": "+errString(err)) }
		_, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
		note("begin serializable", err)
		_, err = db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		note("begin read-only", err)
		_, err = db.Exec("UPDATE t SET a = ?", sql.Named("a", 1))
		note("named", err)
		note("ping", db.Ping())
		c, _ := db.Conn(ctx)
		note("raw", c.Raw(func(any) error { return nil }))
		rows, err := db.Query("SELECT v FROM t WHERE a = ?", "x")
		note("query", err)
		if err == nil {
			cts, err := rows.ColumnTypes()
			note("column types", err)
			for _, ct := range cts {
				n, okN := ct.Nullable()
				l, okL := ct.Length()
				out = append(out, ct.ScanType().String()+" "+ct.DatabaseTypeName()+" "+boolString(n)+boolString(okN)+boolString(okL)+string(rune('0'+l)))
			}
			out = append(out, boolString(rows.NextResultSet()))
			rows.Close()
		}
		c.Close()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err = db.ExecContext(cctx, "UPDATE t SET a = 1")
		note("canceled", err)
		return out
	}
	plain := sql.OpenDB(&fakeConnector{basic: true})
	defer plain.Close()
	r := newRecording()
	want := run(plain)
	got := run(openWrapped(t, r, true))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("wrapped:\n%q\nunwrapped:\n%q", got, want)
	}
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

func boolString(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

// TestWrapClassifier: WithClassifier's Describe gives the code; without
// a code, the class's name is error.type.
func TestWrapClassifier(t *testing.T) {
	r := newRecording()
	db := openWrapped(t, r, false, otelhook.WithClassifier(engine.ClassifierFunc(func(err error) error {
		var fe *fakeError
		if errors.As(err, &fe) {
			return engine.ErrUniqueViolation
		}
		return nil
	})))
	db.Exec("INSERT INTO fail_users (email) VALUES (?)", wrapSecret)
	sp := spansNamed(r, "INSERT fail_users")
	if len(sp) != 1 {
		t.Fatalf("spans %v", names(r))
	}
	// ClassifierFunc has no Describe: the code comes from SQLState.
	if a := attrMap(sp[0].Attributes); a["error.type"] != "23505" {
		t.Errorf("error.type %q", a["error.type"])
	}

}

package otelhooktest

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/otelhook"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// database is what TestSpans expects of one backend's spans.
type database struct {
	system     string // db.system.name
	uniqueCode string // the database's code for a unique violation
}

var databases = map[string]database{
	"sqlite":   {"sqlite", "2067"},
	"postgres": {"postgresql", "23505"},
	"mariadb":  {"mariadb", "1062"},
}

type Account struct {
	ID    int64  `db:"id,pk,autoincrement"`
	Email string `db:"email,type=varchar(100),unique"`
	N     int64  `db:"n"`
}

// TestSpans runs statements, a transaction with a savepoint, failing
// statements and a Session's flush on each database, under a caller's
// span, and checks the spans' names, attributes and parents, the error
// attributes of a unique violation, that one measurement was recorded
// per statement, and that the bound sentinel is recorded nowhere.
func TestSpans(t *testing.T) {
	for i, open := range Backends() {
		t.Run([]string{"sqlite", "postgres", "mariadb"}[i], func(t *testing.T) {
			t.Parallel()
			spans(t, open(t))
		})
	}
}

// spans is TestSpans on one database.
func spans(t *testing.T, b Backend) {
	db := databases[b.Name]
	r := newRecording()
	h, err := otelhook.New(otelhook.WithTracerProvider(r.tp), otelhook.WithMeterProvider(r.mp), otelhook.WithNamespace("test"))
	if err != nil {
		t.Fatal(err)
	}
	// With the opt-in, the hooks see the caller's errors, whose text is
	// the server's message, and the values: the hook must record neither.
	e := Engine(t, b, engine.WithHooks(h), engine.WithParamValuesInHooks())
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	accounts := mapper.MustMap[Account](reg, "accounts")
	reg.MustResolve()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatal(err)
	}
	r.spans.Reset()
	before := r.measurements(t)

	tbl := accounts.Table
	insert := expr.Insert(tbl).Columns(tbl.C("email"), tbl.C("n")).Values(expr.Param("email"), 1)
	ctx, request := r.tp.Tracer("test").Start(ctx, "request")
	err = e.RunInTx(ctx, engine.TxOptions{}, func(tctx context.Context, tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, insert, sql.Named("email", "a@example.com")); err != nil {
			return err
		}
		return tx.RunInTx(tctx, func(_ context.Context, sub *engine.Tx) error {
			_, err := sub.Exec(ctx, insert, sql.Named("email", "b@example.com"))
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, insert, sql.Named("email", Sentinel)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, insert, sql.Named("email", Sentinel)); !errors.Is(err, engine.ErrUniqueViolation) {
		t.Fatalf("second insert of the same email: %v; want a unique violation", err)
	}
	// PostgreSQL quotes the input of a failed cast in its message.
	var n int64
	_ = e.QueryRow(ctx, expr.Text("SELECT CAST(:v AS INTEGER)"), sql.Named("v", Sentinel)).Scan(&n)

	s := unitofwork.New(e, reg, unitofwork.WithFlushHooks(h))
	defer s.Close()
	if err := s.Add(&Account{Email: "c@example.com"}, &Account{Email: "d@example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	request.End()

	tr := r.tree()
	var statements, failed int
	var sawTx, sawSavepoint, sawFlush bool
	for _, sp := range r.spans.GetSpans() {
		a := attrMap(sp.Attributes)
		switch {
		case sp.SpanKind == trace.SpanKindClient:
			statements++
			if a["db.system.name"] != db.system || a["db.namespace"] != "test" {
				t.Errorf("span %q: db.system.name %q, db.namespace %q; want %q, test", sp.Name, a["db.system.name"], a["db.namespace"], db.system)
			}
			if sp.Status.Code == codes.Error {
				failed++
			}
		case sp.Name == "transaction":
			sawTx = true
			if a["db.system.name"] != db.system {
				t.Errorf("transaction span: db.system.name %q; want %q", a["db.system.name"], db.system)
			}
		case sp.Name == "savepoint":
			sawSavepoint = true
			if tr.parent(sp) != "transaction" {
				t.Errorf("savepoint's parent %q; want transaction", tr.parent(sp))
			}
		case sp.Name == "flush":
			sawFlush = true
			if tr.parent(sp) != "request" {
				t.Errorf("flush's parent %q; want request", tr.parent(sp))
			}
			if a["sqlforge.flush.inserts.accounts"] != "2" {
				t.Errorf("flush attributes %v; want sqlforge.flush.inserts.accounts = 2", a)
			}
		}
	}
	if !sawTx || !sawSavepoint || !sawFlush {
		t.Errorf("transaction, savepoint, flush spans: %v, %v, %v; want all", sawTx, sawSavepoint, sawFlush)
	}
	if got := r.measurements(t) - before; got != uint64(statements) {
		t.Errorf("%d measurements; want %d, one per statement span", got, statements)
	}

	// The statements, in order: the transaction's INSERT (a child of
	// the transaction), the savepoint's SAVEPOINT, INSERT and RELEASE
	// (children of the savepoint), then the two INSERTs outside, the
	// second one failing.
	stmts := clientSpans(r)
	if len(stmts) < 6 {
		t.Fatalf("%d statement spans; want at least 6", len(stmts))
	}
	for i, w := range []struct{ name, parent string }{
		{"INSERT accounts", "transaction"},
		{"SAVEPOINT", "savepoint"},
		{"INSERT accounts", "savepoint"},
		{"RELEASE", "savepoint"},
		{"INSERT accounts", "request"},
		{"INSERT accounts", "request"},
	} {
		if stmts[i].Name != w.name || tr.parent(stmts[i]) != w.parent {
			t.Errorf("statement %d: %q, child of %q; want %q, child of %q", i, stmts[i].Name, tr.parent(stmts[i]), w.name, w.parent)
		}
	}
	if tx := tr[stmts[0].Parent.SpanID()]; tr.parent(tx) != "request" || attrMap(tx.Attributes)["sqlforge.tx.outcome"] != "commit" {
		t.Errorf("transaction span: parent %q, attributes %v; want request, outcome commit", tr.parent(tx), tx.Attributes)
	}
	dup := attrMap(stmts[5].Attributes)
	if stmts[5].Status.Code != codes.Error || dup["error.type"] != db.uniqueCode || dup["db.response.status_code"] != db.uniqueCode ||
		dup["db.collection.name"] != "accounts" {
		t.Errorf("unique violation: status %v, attributes %v; want an error with error.type and db.response.status_code %s",
			stmts[5].Status, dup, db.uniqueCode)
	}
	flushed := 0
	for _, sp := range stmts[6:] {
		// PostgreSQL's flush inserts its rows from arrays:
		// "INSERT accounts SELECT" (FROM unnest(...)).
		if strings.HasPrefix(sp.Name, "INSERT accounts") {
			flushed++
			if !tr.descends(sp, "flush") {
				t.Errorf("a flush's INSERT, child of %q, does not descend from the flush span", tr.parent(sp))
			}
		}
	}
	if flushed == 0 {
		for _, sp := range stmts[6:] {
			t.Logf("after: %q child of %q", sp.Name, tr.parent(sp))
		}
		t.Error("no INSERT of the flush was recorded")
	}
	r.noSentinel(t, Sentinel)
	r.noSentinel(t, "a@example.com")
}

// clientSpans returns the statement spans, in the order they started.
func clientSpans(r *recording) []tracetest.SpanStub {
	var out []tracetest.SpanStub
	for _, sp := range r.spans.GetSpans() {
		if sp.SpanKind == trace.SpanKindClient {
			out = append(out, sp)
		}
	}
	slices.SortStableFunc(out, func(a, b tracetest.SpanStub) int { return a.StartTime.Compare(b.StartTime) })
	return out
}

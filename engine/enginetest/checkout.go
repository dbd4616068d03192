package enginetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// checkoutRecorder records checkout and checkin events as "out", "in",
// "out tx", "in tx", with " err" on a checkin with an error.
type checkoutRecorder struct {
	mu     sync.Mutex
	events []string
	bad    []string
}

func (r *checkoutRecorder) record(ev *engine.CheckoutEvent, s string) {
	if ev.Tx {
		s += " tx"
	}
	if ev.Err != nil {
		s += " err"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
	if ev.Dialect == "" || ev.Held < 0 {
		r.bad = append(r.bad, s)
	}
}

func (r *checkoutRecorder) Checkout(_ context.Context, ev *engine.CheckoutEvent) {
	if ev.Held != 0 || ev.Err != nil {
		r.mu.Lock()
		r.bad = append(r.bad, "checkout with checkin fields")
		r.mu.Unlock()
	}
	r.record(ev, "out")
}

func (r *checkoutRecorder) Checkin(_ context.Context, ev *engine.CheckoutEvent) { r.record(ev, "in") }

// take returns the events so far and forgets them.
func (r *checkoutRecorder) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := strings.Join(r.events, ",")
	r.events = nil
	return s
}

// RunCheckout checks the checkout and checkin events: one pair per
// statement outside a transaction (the checkin when a query's rows are
// closed), one pair per transaction, none for statements inside one, and
// a checkin with the error when a statement fails.
func RunCheckout(t *testing.T, env Env) {
	rec := &checkoutRecorder{}
	e, ctx := setup(t, env, engine.WithHooks(rec))
	rec.take()
	check := func(step, want string) {
		t.Helper()
		if got := rec.take(); got != want {
			t.Errorf("%s: %s: checkout events %q; want %q", env.Name, step, got, want)
		}
	}

	mustExec(t, ctx, e, insertItem(1, "a", 1))
	check("exec", "out,in")
	if _, err := e.Exec(ctx, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(1, "dup")); !errors.Is(err, engine.ErrUniqueViolation) {
		t.Fatalf("duplicate insert: %v", err)
	}
	check("failed exec", "out,in err")

	rows, err := e.Query(ctx, expr.Select(orgs.C("name")).From(orgs).OrderBy(orgs.C("id").Asc()))
	if err != nil {
		t.Fatal(err)
	}
	check("open rows", "out")
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	check("rows read to the end", "in")
	rows.Close()
	check("rows closed again", "")

	var name string
	if err := e.QueryRow(ctx, expr.Select(orgs.C("name")).From(orgs).Where(orgs.C("id").Eq(1))).Scan(&name); err != nil {
		t.Fatal(err)
	}
	check("query row", "out,in")

	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, ctx, tx, insertItem(1, "b", 1))
	countItems(t, ctx, tx, "b")
	err = tx.RunInTx(ctx, func(ctx context.Context, sp *engine.Tx) error {
		mustExec(t, ctx, sp, insertItem(1, "c", 1))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check("statements in a transaction", "out tx")
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	check("commit", "in tx")

	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		mustExec(t, ctx, tx, insertItem(1, "d", 1))
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("RunInTx did not return the function's error")
	}
	check("rolled back transaction", "out tx,in tx")

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.bad) > 0 {
		t.Errorf("%s: malformed checkout events: %v", env.Name, rec.bad)
	}
}

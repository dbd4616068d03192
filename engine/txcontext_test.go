package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// txTracer is a TxContextHook that names each transaction's context,
// with QueryHook and TxHook to record the contexts the events carry.
type txTracer struct {
	n      int
	begins []string // the enclosing TxContext's name at each BeginTx
	stmts  []string // "SQL in <name>" per statement
	ends   []string // "<op> <name>" per TxEvent
}

type txName struct{}

func nameOf(ctx context.Context) string {
	if ctx == nil {
		return "nil"
	}
	s, _ := ctx.Value(txName{}).(string)
	return s
}

func (h *txTracer) BeginTx(ctx context.Context, ev *TxEvent) context.Context {
	h.n++
	h.begins = append(h.begins, nameOf(ev.TxContext))
	name := "tx" + string(rune('0'+h.n))
	return context.WithValue(ctx, txName{}, name)
}

func (h *txTracer) BeforeQuery(ctx context.Context, _ *QueryEvent) context.Context { return ctx }
func (h *txTracer) AfterQuery(_ context.Context, ev *QueryEvent) {
	h.stmts = append(h.stmts, ev.SQL+" in "+nameOf(ev.TxContext))
}
func (h *txTracer) TxEvent(_ context.Context, ev *TxEvent) {
	h.ends = append(h.ends, ev.Op.String()+" "+nameOf(ev.TxContext))
}

// TestTxContextHook checks that the context a TxContextHook returns at
// begin reaches the events of the transaction's statements, savepoints
// and end, and RunInTx's function; and that it derives from the caller's.
func TestTxContextHook(t *testing.T) {
	h := &txTracer{}
	e, err := New(memSource{tx: &memTx{failAt: -1}}, fakeDialect{}, WithHooks(h))
	if err != nil {
		t.Fatal(err)
	}
	type callerKey struct{}
	ctx := context.WithValue(context.Background(), callerKey{}, "caller")
	stmt := expr.Text("UPDATE t SET n = 1")
	err = e.RunInTx(ctx, TxOptions{}, func(fctx context.Context, tx *Tx) error {
		if nameOf(fctx) != "tx1" || fctx.Value(callerKey{}) != "caller" {
			t.Errorf("RunInTx's fn got ctx of tx %q, caller value %v; want tx1's, derived from the caller's", nameOf(fctx), fctx.Value(callerKey{}))
		}
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return err
		}
		return tx.RunInTx(fctx, func(sctx context.Context, sub *Tx) error {
			if nameOf(sctx) != "tx2" {
				t.Errorf("Tx.RunInTx's fn got ctx of tx %q; want tx2", nameOf(sctx))
			}
			_, err := sub.Exec(ctx, stmt)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, stmt); err == nil {
		t.Fatal("memSource ran a statement outside a transaction")
	}
	want := struct{ begins, stmts, ends []string }{
		[]string{"nil", "tx1"},
		[]string{
			"UPDATE t SET n = 1 in tx1",
			"SAVEPOINT sqlforge_sp_1 in tx2", "UPDATE t SET n = 1 in tx2", "RELEASE SAVEPOINT sqlforge_sp_1 in tx2",
			"UPDATE t SET n = 1 in nil",
		},
		[]string{"begin tx1", "begin tx2", "commit tx2", "commit tx1"},
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{{"BeginTx's enclosing", h.begins, want.begins}, {"statements", h.stmts, want.stmts}, {"tx events", h.ends, want.ends}} {
		if strings.Join(c.got, "; ") != strings.Join(c.want, "; ") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, c.got, c.want)
		}
	}
}

// TestNoTxContextHook: without TxContextHooks a Tx keeps no context and
// RunInTx's function gets the caller's.
func TestNoTxContextHook(t *testing.T) {
	e, err := New(memSource{tx: &memTx{failAt: -1}}, fakeDialect{}, WithHooks(&events{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), txName{}, "caller")
	err = e.RunInTx(ctx, TxOptions{}, func(fctx context.Context, tx *Tx) error {
		if fctx != ctx || tx.hctx != nil {
			t.Errorf("fn's ctx %v, tx context %v; want the caller's, none", fctx, tx.hctx)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

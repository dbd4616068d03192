package enginetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// RunTx checks transactions, savepoints and RunInTx with its retries.
func RunTx(t *testing.T, env Env) {
	t.Run("CommitRollback", func(t *testing.T) {
		t.Parallel()
		e, ctx := setup(t, env)
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, ctx, tx, insertItem(1, "kept", 1))
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(ctx); !errors.Is(err, engine.ErrTxDone) {
			t.Errorf("%s: Rollback after Commit: %v; want ErrTxDone", env.Name, err)
		}
		if _, err := tx.Exec(ctx, insertItem(1, "late", 1)); !errors.Is(err, engine.ErrTxDone) {
			t.Errorf("%s: Exec after Commit: %v; want ErrTxDone", env.Name, err)
		}
		tx, err = e.Begin(ctx, engine.TxOptions{Isolation: engine.LevelSerializable})
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, ctx, tx, insertItem(1, "dropped", 1))
		if n := countItems(t, ctx, tx, "dropped"); n != 1 {
			t.Errorf("%s: the transaction does not see its own row", env.Name)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if k, d := countItems(t, ctx, e, "kept"), countItems(t, ctx, e, "dropped"); k != 1 || d != 0 {
			t.Errorf("%s: after commit and rollback: kept=%d dropped=%d; want 1, 0", env.Name, k, d)
		}
	})

	t.Run("ReadOnly", func(t *testing.T) {
		t.Parallel()
		if !env.ReadOnlyTx {
			t.Skipf("%s: read-only transactions are not enforced by this driver", env.Name)
		}
		e, ctx := setup(t, env)
		err := e.RunInTx(ctx, engine.TxOptions{ReadOnly: true}, func(ctx context.Context, tx *engine.Tx) error {
			if n := countItems(t, ctx, tx, "x"); n != 0 {
				t.Errorf("count = %d", n)
			}
			_, err := tx.Exec(ctx, insertItem(1, "x", 1))
			return err
		})
		if err == nil {
			t.Errorf("%s: a write in a read-only transaction succeeded", env.Name)
		}
	})

	t.Run("Savepoints", func(t *testing.T) {
		t.Parallel()
		e, ctx := setup(t, env)
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		mustExec(t, ctx, tx, insertItem(1, "a", 1))
		sp, err := tx.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, ctx, sp, insertItem(1, "b", 1))
		if err := sp.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		err = tx.RunInTx(ctx, func(ctx context.Context, sp *engine.Tx) error {
			mustExec(t, ctx, sp, insertItem(1, "c", 1))
			inner, err := sp.Begin(ctx)
			if err != nil {
				return err
			}
			mustExec(t, ctx, inner, insertItem(1, "d", 1))
			return inner.Commit(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		errFail := errors.New("fail")
		if err := tx.RunInTx(ctx, func(ctx context.Context, sp *engine.Tx) error {
			mustExec(t, ctx, sp, insertItem(1, "e", 1))
			return errFail
		}); err != errFail {
			t.Errorf("%s: nested RunInTx returned %v; want fn's error", env.Name, err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]int64{"a": 1, "b": 0, "c": 1, "d": 1, "e": 0} {
			if n := countItems(t, ctx, e, name); n != want {
				t.Errorf("%s: rows named %q = %d; want %d", env.Name, name, n, want)
			}
		}
	})

	t.Run("RunInTx", func(t *testing.T) {
		t.Parallel()
		e, ctx := setup(t, env)
		if err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
			_, err := tx.Exec(ctx, insertItem(1, "ok", 1))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A non-retryable error rolls back and is returned at once.
		attempts := 0
		err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
			attempts++
			mustExec(t, ctx, tx, insertItem(1, "undone", 1))
			_, err := tx.Exec(ctx, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(9, "acme"))
			return err
		})
		if !errors.Is(err, engine.ErrUniqueViolation) || attempts != 1 {
			t.Errorf("%s: RunInTx = %v after %d attempts; want a unique violation after 1", env.Name, err, attempts)
		}
		// A panic rolls back and goes on.
		func() {
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("%s: recovered %v; want the panic to propagate", env.Name, r)
				}
			}()
			e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
				mustExec(t, ctx, tx, insertItem(1, "panicked", 1))
				panic("boom")
			})
		}()
		for name, want := range map[string]int64{"ok": 1, "undone": 0, "panicked": 0} {
			if n := countItems(t, ctx, e, name); n != want {
				t.Errorf("%s: rows named %q = %d; want %d", env.Name, name, n, want)
			}
		}
	})

	t.Run("RetrySerialization", func(t *testing.T) {
		t.Parallel()
		if !env.Serializable {
			t.Skipf("%s: SERIALIZABLE is lock-based here; see RetryDeadlock", env.Name)
		}
		e, ctx := setup(t, env)
		// Both transactions read the table before either writes (write
		// skew): under SSI one of them cannot commit and is retried.
		var attempts [2]atomic.Int32
		read := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
		opts := engine.TxOptions{Isolation: engine.LevelSerializable}
		errs := runBoth(func(i int) error {
			return e.RunInTx(ctx, opts, func(ctx context.Context, tx *engine.Tx) error {
				first := attempts[i].Add(1) == 1
				n, err := engine.Scalar[int64](ctx, tx, expr.Select(expr.CountAll()).From(counters))
				if err != nil {
					return err
				}
				if first {
					close(read[i])
					<-read[1-i]
				}
				_, err = tx.Exec(ctx, expr.Insert(counters).Columns(counters.C("id"), counters.C("n")).Values(int64(100+i), n))
				return err
			})
		})
		checkRetried(t, env, errs, &attempts)
		n, err := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(counters))
		if err != nil || n != 4 {
			t.Errorf("%s: %d counters, %v; want 4", env.Name, n, err)
		}
	})

	t.Run("RetryDeadlock", func(t *testing.T) {
		t.Parallel()
		if !env.Deadlocks {
			t.Skipf("%s: no row-level deadlocks", env.Name)
		}
		e, ctx := setup(t, env)
		var attempts [2]atomic.Int32
		locked := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
		bump := func(id int64) *expr.UpdateStmt {
			return expr.Update(counters).Set(counters.C("n"), counters.C("n").Add(1)).Where(counters.C("id").Eq(id))
		}
		errs := runBoth(func(i int) error {
			return e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
				first := attempts[i].Add(1) == 1
				if _, err := tx.Exec(ctx, bump(int64(1+i))); err != nil {
					return err
				}
				if first {
					close(locked[i])
					<-locked[1-i]
				}
				_, err := tx.Exec(ctx, bump(int64(2-i)))
				return err
			})
		})
		checkRetried(t, env, errs, &attempts)
		got, err := engine.All(ctx, e, expr.Select(counters.C("n")).From(counters).OrderBy(counters.C("id").Asc()), engine.ScanValue[int64])
		if err != nil || len(got) != 2 || got[0] != 2 || got[1] != 2 {
			t.Errorf("%s: counters = %v, %v; want [2 2]", env.Name, got, err)
		}
	})
}

// runBoth runs f(0) and f(1) concurrently and returns their errors.
func runBoth(f func(i int) error) [2]error {
	var errs [2]error
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { errs[i] = f(i) })
	}
	wg.Wait()
	return errs
}

func checkRetried(t *testing.T, env Env, errs [2]error, attempts *[2]atomic.Int32) {
	t.Helper()
	for i, err := range errs {
		if err != nil {
			t.Errorf("%s: transaction %d: %v", env.Name, i, err)
		}
	}
	if a, b := attempts[0].Load(), attempts[1].Load(); a+b < 3 {
		t.Errorf("%s: %d and %d attempts; want a retry", env.Name, a, b)
	}
}

package enginetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// errorCase provokes one error class. run returns "" and the error, or the
// reason the class cannot be provoked on this database.
type errorCase struct {
	class error
	run   func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string)
}

// RunErrors provokes every error class on the database and checks that
// errors.Is finds the class and errors.As still reaches the driver error
// (the *engine.Error's Err).
func RunErrors(t *testing.T, env Env) {
	cases := []errorCase{
		{engine.ErrNoRows, func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
			_, err := engine.Scalar[int64](ctx, e, expr.Select(orgs.C("id")).From(orgs).Where(orgs.C("name").Eq("nobody")))
			return err, ""
		}},
		{engine.ErrUniqueViolation, func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
			_, err := e.Exec(ctx, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(3, "acme"))
			return err, ""
		}},
		{engine.ErrForeignKeyViolation, func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
			_, err := e.Exec(ctx, insertItem(99, "orphan", 1))
			return err, ""
		}},
		{engine.ErrNotNullViolation, func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
			_, err := e.Exec(ctx, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(4, nil))
			return err, ""
		}},
		{engine.ErrCheckViolation, func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
			_, err := e.Exec(ctx, insertItem(1, "negative", -1))
			return err, ""
		}},
		{engine.ErrSerializationFailure, provokeSerializationFailure},
		{engine.ErrDeadlock, provokeDeadlock},
		{engine.ErrConnectionLost, provokeConnectionLost},
		{engine.ErrStatementTimeout, func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
			_, err := e.Exec(engine.Timeout(ctx, 50*time.Millisecond), env.Sleep)
			return err, ""
		}},
		{engine.ErrCanceled, func(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := e.Exec(cctx, env.Sleep)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: canceled statement: %v does not match context.Canceled", env.Name, err)
			}
			return err, ""
		}},
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.class.Error(), "engine: "), func(t *testing.T) {
			t.Parallel()
			e, ctx := setup(t, env)
			err, na := c.run(t, ctx, env, e)
			if na != "" {
				t.Skipf("%s: not applicable: %s", env.Name, na)
			}
			if !errors.Is(err, c.class) {
				t.Fatalf("%s: got %v; want an error matching %q", env.Name, err, c.class)
			}
			if c.class == engine.ErrNoRows {
				return
			}
			var ee *engine.Error
			if !errors.As(err, &ee) || ee.Err == nil || ee.Class != c.class {
				t.Fatalf("%s: %v is not an *engine.Error of class %q wrapping the driver's error", env.Name, err, c.class)
			}
			// Exactly one class matches.
			for _, other := range cases {
				if other.class != c.class && errors.Is(err, other.class) {
					t.Errorf("%s: %v also matches %q", env.Name, err, other.class)
				}
			}
		})
	}
}

// provokeSerializationFailure makes two transactions conflict. On
// PostgreSQL both read the counters under SERIALIZABLE and both insert, so
// the second commit cannot be serialized; on SQLite a transaction reads a
// snapshot that another connection's write then makes stale.
func provokeSerializationFailure(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
	count := expr.Select(expr.CountAll()).From(counters)
	switch {
	case env.Serializable:
		opts := engine.TxOptions{Isolation: engine.LevelSerializable}
		tx1, err := e.Begin(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer tx1.Rollback(ctx)
		tx2, err := e.Begin(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer tx2.Rollback(ctx)
		for _, tx := range []*engine.Tx{tx1, tx2} {
			if _, err := engine.Scalar[int64](ctx, tx, count); err != nil {
				t.Fatal(err)
			}
		}
		mustExec(t, ctx, tx1, expr.Insert(counters).Columns(counters.C("id"), counters.C("n")).Values(11, 0))
		if _, err := tx2.Exec(ctx, expr.Insert(counters).Columns(counters.C("id"), counters.C("n")).Values(12, 0)); err != nil {
			return err, ""
		}
		if err := tx1.Commit(ctx); err != nil {
			t.Fatalf("first commit: %v", err)
		}
		return tx2.Commit(ctx), ""
	case env.SnapshotConflicts:
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := engine.Scalar[int64](ctx, tx, count); err != nil {
			t.Fatal(err)
		}
		mustExec(t, ctx, e, expr.Insert(counters).Columns(counters.C("id"), counters.C("n")).Values(11, 0))
		_, err = tx.Exec(ctx, expr.Insert(counters).Columns(counters.C("id"), counters.C("n")).Values(12, 0))
		return err, ""
	}
	return nil, "SERIALIZABLE is implemented with locks here; conflicts surface as deadlocks or lock timeouts"
}

// provokeDeadlock locks counter 1 in one transaction and counter 2 in
// another, then has each update the other's row.
func provokeDeadlock(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
	if !env.Deadlocks {
		return nil, "the database locks as a whole and answers SQLITE_BUSY, never a deadlock"
	}
	bump := func(id int64) *expr.UpdateStmt {
		return expr.Update(counters).Set(counters.C("n"), counters.C("n").Add(1)).Where(counters.C("id").Eq(id))
	}
	tx1, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx1.Rollback(ctx)
	tx2, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx2.Rollback(ctx)
	mustExec(t, ctx, tx1, bump(1))
	mustExec(t, ctx, tx2, bump(2))
	done := make(chan error, 1)
	go func() {
		_, err := tx1.Exec(ctx, bump(2)) // waits for tx2
		done <- err
	}()
	_, err2 := tx2.Exec(ctx, bump(1)) // closes the cycle
	if err2 != nil {
		tx2.Rollback(ctx) // let tx1 go on
		if err1 := <-done; err1 != nil {
			t.Errorf("%s: both transactions failed: %v; %v", env.Name, err1, err2)
		}
		return err2, ""
	}
	return <-done, ""
}

// provokeConnectionLost kills the session of a transaction from another
// connection, then checks that nothing the transaction wrote was committed.
func provokeConnectionLost(t *testing.T, ctx context.Context, env Env, e *engine.Engine) (error, string) {
	if env.Kill == nil {
		return nil, "an embedded database has no server session to kill"
	}
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := engine.Scalar[int64](ctx, tx, env.ConnID)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, ctx, tx, insertItem(1, "lost", 1))
	if err := env.Kill(ctx, id); err != nil {
		t.Fatalf("kill session %d: %v", id, err)
	}
	_, err = tx.Exec(ctx, insertItem(1, "lost", 2))
	if cerr := tx.Commit(ctx); cerr == nil {
		t.Errorf("%s: commit after the session was killed succeeded", env.Name)
	}
	if n := countItems(t, ctx, e, "lost"); n != 0 {
		t.Errorf("%s: %d rows of the killed transaction were committed", env.Name, n)
	}
	return err, ""
}

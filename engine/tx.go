package engine

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// Tx is a transaction, or — when started with Tx.Begin — a nested
// transaction implemented with a SAVEPOINT. End every Tx with Commit or
// Rollback; Rollback after Commit is a no-op returning ErrTxDone, so
// `defer tx.Rollback(ctx)` is safe. A Tx is not safe for concurrent use.
type Tx struct {
	e      *Engine
	stx    SourceTx
	opts   TxOptions
	parent *Tx
	sp     string // savepoint name; "" for the outermost transaction
	nextSP *int   // savepoint counter shared by the whole transaction
	done   bool
	// checkout is set on the outermost Tx when its end must report a
	// checkin; co is when the connection was checked out.
	checkout bool
	co       time.Time
	// hctx is the context the TxContextHooks returned at begin, or nil.
	hctx context.Context
}

// Begin starts a transaction with opts (the zero TxOptions: read-write at
// the database's default isolation level).
func (e *Engine) Begin(ctx context.Context, opts TxOptions) (*Tx, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, e.wrap(ctx, "begin", err)
	}
	var co time.Time
	checkout := len(e.checkoutHooks) > 0
	if checkout {
		co = e.checkout(ctx, true)
	}
	tx := &Tx{e: e, opts: opts, nextSP: new(int), checkout: checkout, co: co}
	e.beginTx(ctx, tx)
	start := time.Now()
	stx, err := e.src.Begin(ctx, opts)
	err = e.wrap(ctx, "begin", err)
	e.txEvent(ctx, TxBegin, tx, start, err)
	if err != nil {
		if checkout {
			e.checkin(ctx, true, co, err)
		}
		return nil, err
	}
	tx.stx = stx
	return tx, nil
}

// Begin starts a nested transaction: a SAVEPOINT that the nested Tx's
// Commit releases and its Rollback rolls back to, leaving the enclosing
// transaction open.
func (t *Tx) Begin(ctx context.Context) (*Tx, error) {
	if t.done {
		return nil, ErrTxDone
	}
	*t.nextSP++
	sub := &Tx{e: t.e, stx: t.stx, opts: t.opts, parent: t, sp: "sqlforge_sp_" + strconv.Itoa(*t.nextSP), nextSP: t.nextSP}
	t.e.beginTx(ctx, sub)
	start := time.Now()
	_, err := t.e.execText(ctx, sub, "SAVEPOINT "+sub.sp, nil, nil)
	t.e.txEvent(ctx, TxBegin, sub, start, err)
	if err != nil {
		return nil, err
	}
	return sub, nil
}

// Commit commits the transaction, or releases a nested transaction's
// savepoint.
func (t *Tx) Commit(ctx context.Context) error {
	return t.end(ctx, TxCommit, "commit", "RELEASE SAVEPOINT ", t.stx.Commit)
}

// Rollback aborts the transaction, or rolls a nested transaction back to
// its savepoint. After Commit or Rollback it returns ErrTxDone.
func (t *Tx) Rollback(ctx context.Context) error {
	return t.end(ctx, TxRollback, "rollback", "ROLLBACK TO SAVEPOINT ", t.stx.Rollback)
}

// end commits or rolls back: the outermost transaction with finish, a
// nested one with its savepoint statement (spSQL followed by its name).
func (t *Tx) end(ctx context.Context, kind TxOp, op, spSQL string, finish func(context.Context) error) error {
	if t.done {
		return ErrTxDone
	}
	t.done = true
	start := time.Now()
	var err error
	if t.sp != "" {
		_, err = t.e.execText(ctx, t, spSQL+t.sp, nil, nil)
	} else {
		err = t.e.wrap(ctx, op, finish(ctx))
	}
	t.e.txEvent(ctx, kind, t, start, err)
	if t.e.router != nil && t.sp == "" && !t.opts.ReadOnly {
		t.e.router.wrote(ctx) // even a failed COMMIT may have committed
	}
	if t.checkout {
		t.e.checkin(ctx, true, t.co, err)
	}
	return err
}

// Engine returns the engine the transaction belongs to.
func (t *Tx) Engine() *Engine { return t.e }

// Exec runs stmt in the transaction; see Engine.Exec.
func (t *Tx) Exec(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (Result, error) {
	if t.done {
		return Result{}, ErrTxDone
	}
	return t.e.exec(ctx, t, stmt, params)
}

// Query runs stmt in the transaction; see Engine.Query.
func (t *Tx) Query(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (*Rows, error) {
	return t.e.queryInto(ctx, t, stmt, params, new(Rows))
}

// QueryRow runs stmt in the transaction; see Engine.QueryRow.
func (t *Tx) QueryRow(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) *Row {
	r := new(Row)
	_, r.err = t.e.queryInto(ctx, t, stmt, params, &r.rows)
	return r
}

// RunInTx runs fn in a nested transaction (a savepoint): committed when fn
// returns nil, rolled back when it returns an error or panics. It does not
// retry; retries belong to the outermost transaction (Engine.RunInTx).
// fn's ctx is as Engine.RunInTx's.
func (t *Tx) RunInTx(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	sub, err := t.Begin(ctx)
	if err != nil {
		return err
	}
	return runOnce(ctx, sub, fn)
}

// RunInTx runs fn in a transaction with opts: committed when fn returns
// nil, rolled back when fn returns an error or panics (the panic goes on
// after the rollback). When fn or the commit fails with a retryable error
// (serialization failure, deadlock, lock timeout; see Retryable), or the
// connection broke before COMMIT was sent (ErrConnectionLost: the server
// rolled the transaction back), the whole transaction is run again,
// following the engine's RetryPolicy, so fn must be safe to call more
// than once. A connection lost during COMMIT is not retried: the
// transaction may have committed (CommitUnknown). Other errors are
// returned at once.
//
// fn's ctx is ctx, or — with TxContextHooks — the context they returned
// for the transaction, derived from ctx: a tracer's transaction span is
// then the parent of the spans fn starts.
func (e *Engine) RunInTx(ctx context.Context, opts TxOptions, fn func(ctx context.Context, tx *Tx) error) error {
	p := e.retry
	for attempt := 1; ; attempt++ {
		tx, err := e.Begin(ctx, opts)
		if err == nil {
			err = runOnce(ctx, tx, fn)
		}
		if err == nil || !retryInTx(err) || attempt >= p.MaxAttempts {
			return err
		}
		if werr := p.wait(ctx, attempt); werr != nil {
			return err
		}
	}
}

func runOnce(ctx context.Context, tx *Tx, fn func(ctx context.Context, tx *Tx) error) (err error) {
	panicked := true
	defer func() {
		if panicked {
			tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	err = fn(tx.fnContext(ctx), tx)
	panicked = false
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

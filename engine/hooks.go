package engine

import (
	"context"
	"time"
)

// Op is the kind of a statement in a QueryEvent.
type Op uint8

// Statement kinds.
const (
	OpExec  Op = iota + 1 // Exec: no rows returned
	OpQuery               // Query: rows returned
)

// String returns "exec" or "query".
func (o Op) String() string {
	if o == OpQuery {
		return "query"
	}
	return "exec"
}

// QueryEvent describes one statement to the hooks. It carries the SQL text
// and metadata, never parameter values unless the engine was built with
// WithParamValuesInHooks.
type QueryEvent struct {
	// Op is OpExec or OpQuery.
	Op Op
	// SQL is the statement's text with placeholders.
	SQL string
	// NumArgs is the number of bound parameters.
	NumArgs int
	// Args are a copy of the parameter values, only with
	// WithParamValuesInHooks; otherwise nil. A value of a sensitive
	// column (expr.Sensitive) is SensitiveValue even then. Setting its
	// elements (or SQL) does not change the statement that runs; the
	// bytes of a []byte value are shared and must not be modified.
	Args []any
	// Dialect is the dialect's name.
	Dialect string
	// InTx reports whether the statement ran in a transaction.
	InTx bool
	// TxContext is, for a statement run on a Tx, the context the
	// TxContextHooks returned when that Tx (or savepoint) began: a
	// tracer finds its transaction's span there. It is nil outside a
	// transaction and without TxContextHooks.
	TxContext context.Context
	// Start is when the statement started.
	Start time.Time
	// The fields below are set for AfterQuery.

	// Duration is how long the statement ran; for a query, until its rows
	// were closed.
	Duration time.Duration
	// RowsAffected is Exec's count of changed rows, or the number of rows
	// a query returned.
	RowsAffected int64
	// Err is the statement's error, if any: a *HookError, which holds
	// no text of the server (see Engine.ForHooks), unless the engine was
	// built with WithParamValuesInHooks; then it is the caller's error,
	// which holds no text of the values of sensitive columns either.
	Err error
}

// QueryHook observes statements. BeforeQuery returns the context the
// statement runs under, so that a tracer can carry a span to AfterQuery.
// For a query, AfterQuery runs when its rows are closed. A hook cannot
// change the statement: what runs is what was built, whatever the hook
// does to its event.
//
// The event is the same in BeforeQuery, AfterQuery and QueryError of one
// statement, and the engine reuses it once they have returned, so that
// a statement with hooks allocates no event: a hook that wants the
// event later copies it (the struct, and Args).
type QueryHook interface {
	BeforeQuery(ctx context.Context, ev *QueryEvent) context.Context
	AfterQuery(ctx context.Context, ev *QueryEvent)
}

// TxOp is the kind of a transaction event.
type TxOp uint8

// Transaction events.
const (
	TxBegin    TxOp = iota + 1 // BEGIN, or SAVEPOINT for a nested transaction
	TxCommit                   // COMMIT, or RELEASE SAVEPOINT
	TxRollback                 // ROLLBACK, or ROLLBACK TO SAVEPOINT
)

// String returns "begin", "commit" or "rollback".
func (o TxOp) String() string {
	switch o {
	case TxBegin:
		return "begin"
	case TxCommit:
		return "commit"
	}
	return "rollback"
}

// TxEvent describes a transaction's begin, commit or rollback.
type TxEvent struct {
	Op TxOp
	// Dialect is the dialect's name, as in QueryEvent.
	Dialect string
	// Savepoint names the savepoint of a nested transaction ("" at the top).
	Savepoint string
	// Options are the transaction's options.
	Options TxOptions
	// Duration is how long the operation took.
	Duration time.Duration
	// Err is the operation's error, if any, as QueryEvent.Err.
	Err error
	// TxContext is the context the TxContextHooks returned when the
	// transaction (or savepoint) began, nil without such hooks. In
	// BeginTx, before it has one, it is the enclosing transaction's, for
	// a savepoint (nil for the outermost transaction).
	TxContext context.Context
}

// TxHook observes transactions. TxEvent gets the context of the call
// (Begin, Commit, Rollback); the transaction's own is ev.TxContext.
type TxHook interface {
	TxEvent(ctx context.Context, ev *TxEvent)
}

// TxContextHook carries a context over a transaction's lifetime, so that
// a tracer can keep a span open from Begin to Commit or Rollback and make
// it the parent of the transaction's statements.
//
// BeginTx runs before BEGIN (or SAVEPOINT, for a nested transaction)
// with the context of the Begin call, and returns a context derived from
// it. The Tx keeps what the last TxContextHook returned and hands it on,
// as TxContext, to the events of its statements (QueryEvent) and of its
// begin, commit and rollback (TxEvent); RunInTx passes it to its
// function as that function's ctx. The engine never runs an operation
// under it: statements run under the context they are called with.
// Without TxContextHooks a Tx keeps no context.
type TxContextHook interface {
	BeginTx(ctx context.Context, ev *TxEvent) context.Context
}

// ConnectEvent describes a new physical connection made by a Source.
type ConnectEvent struct {
	// Dialect is the dialect's name.
	Dialect string
	// Duration is how long connecting took.
	Duration time.Duration
	// Err is the connection error, if any; it never contains credentials.
	Err error
}

// ConnectHook observes new physical connections, for Sources that report
// them (those of the dialect modules' Open functions do).
type ConnectHook interface {
	Connect(ctx context.Context, ev *ConnectEvent)
}

// CheckoutEvent describes the engine taking a connection of its Source
// (Checkout) or giving it back (Checkin). The engine reports the
// connection use it controls, whatever the Source: a statement outside a
// transaction holds a connection from the call to the Source until Exec
// returns or, for a query, until its rows are closed; a transaction holds
// one from Begin until Commit or Rollback. Statements inside a transaction
// use the transaction's connection and are not reported. Every Checkout is
// followed by exactly one Checkin, also when the statement or Begin fails
// (but not for a Tx that is never ended or Rows that are never closed:
// those keep their connection, which is what the hooks should show).
//
// The time between Checkout and the statement's start includes the wait
// for a free connection inside the Source; which physical connection is
// used, and whether it was new, is up to the Source (ConnectHook reports
// new ones).
type CheckoutEvent struct {
	// Dialect is the dialect's name.
	Dialect string
	// Tx is true when the connection is taken for a transaction, false
	// for a single statement.
	Tx bool
	// The fields below are set for Checkin.

	// Held is how long the connection was held, since Checkout.
	Held time.Duration
	// Err is the error of the statement, or of Begin, Commit or Rollback
	// for a transaction, if any, as QueryEvent.Err.
	Err error
}

// CheckoutHook observes the engine's use of its Source's connections;
// see CheckoutEvent. Checkout hooks run in order, Checkin hooks in reverse
// order, with the context of the statement or transaction.
type CheckoutHook interface {
	Checkout(ctx context.Context, ev *CheckoutEvent)
	Checkin(ctx context.Context, ev *CheckoutEvent)
}

// ErrorHook observes failed statements; ev.Err is set.
type ErrorHook interface {
	QueryError(ctx context.Context, ev *QueryEvent)
}

// Hook is a value implementing at least one of QueryHook, TxHook,
// TxContextHook, ConnectHook, CheckoutHook and ErrorHook. The engine
// detects which once, in New.
type Hook any

// WithHooks adds hooks to the engine. Before-hooks run in order, after-hooks
// in reverse order. A hook implementing none of the hook interfaces makes
// New fail.
func WithHooks(hooks ...Hook) Option {
	return optionFunc(func(e *Engine) error {
		for _, h := range hooks {
			n := 0
			if q, ok := h.(QueryHook); ok {
				e.queryHooks = append(e.queryHooks, q)
				n++
			}
			if t, ok := h.(TxHook); ok {
				e.txHooks = append(e.txHooks, t)
				n++
			}
			if t, ok := h.(TxContextHook); ok {
				e.txCtxHooks = append(e.txCtxHooks, t)
				n++
			}
			if c, ok := h.(ConnectHook); ok {
				e.connectHooks = append(e.connectHooks, c)
				n++
			}
			if c, ok := h.(CheckoutHook); ok {
				e.checkoutHooks = append(e.checkoutHooks, c)
				n++
			}
			if x, ok := h.(ErrorHook); ok {
				e.errorHooks = append(e.errorHooks, x)
				n++
			}
			if n == 0 {
				return errNotHook
			}
		}
		return nil
	})
}

var errNotHook = errorString("engine: WithHooks: value implements none of QueryHook, TxHook, TxContextHook, ConnectHook, CheckoutHook, ErrorHook")

type errorString string

func (s errorString) Error() string { return string(s) }

// newEvent makes the event of a statement run with args, of which those
// at the positions sens are values of sensitive columns, in tx (nil:
// outside a transaction). The event comes from the engine's pool, and
// report gives it back.
func (e *Engine) newEvent(op Op, text string, args []any, sens []int, tx *Tx) *QueryEvent {
	ev := e.events.Get().(*QueryEvent)
	*ev = QueryEvent{Op: op, SQL: text, NumArgs: len(args), Dialect: e.c.Dialect().Name(), InTx: tx != nil, Start: time.Now()}
	if tx != nil {
		ev.TxContext = tx.hctx
	}
	if e.params {
		ev.Args = hookArgs(args, sens)
	}
	return ev
}

func (e *Engine) before(ctx context.Context, ev *QueryEvent) context.Context {
	for _, h := range e.queryHooks {
		ctx = h.BeforeQuery(ctx, ev)
	}
	return ctx
}

func (e *Engine) after(ctx context.Context, ev *QueryEvent, err error) {
	ev.Duration = time.Since(ev.Start)
	e.report(ctx, ev, err)
}

// report passes a finished statement's event, its Duration set, to the
// after-hooks and, when it failed, to the error hooks, then gives the
// event back to the pool: the caller must not use it after.
func (e *Engine) report(ctx context.Context, ev *QueryEvent, err error) {
	ev.Err = e.ForHooks(err)
	for i := len(e.queryHooks) - 1; i >= 0; i-- {
		e.queryHooks[i].AfterQuery(ctx, ev)
	}
	if err != nil {
		for _, h := range e.errorHooks {
			h.QueryError(ctx, ev)
		}
	}
	*ev = QueryEvent{}
	e.events.Put(ev)
}

// txEvent reports a begin, commit or rollback of tx (for a failed Begin,
// the Tx that was not returned) to the TxHooks.
func (e *Engine) txEvent(ctx context.Context, op TxOp, tx *Tx, start time.Time, err error) {
	if len(e.txHooks) == 0 {
		return
	}
	ev := &TxEvent{Op: op, Dialect: e.c.Dialect().Name(), Savepoint: tx.sp, Options: tx.opts, Duration: time.Since(start), Err: e.ForHooks(err), TxContext: tx.hctx}
	for _, h := range e.txHooks {
		h.TxEvent(ctx, ev)
	}
}

// beginTx runs the TxContextHooks for tx, about to begin, and keeps the
// context they return in tx.hctx.
func (e *Engine) beginTx(ctx context.Context, tx *Tx) {
	if len(e.txCtxHooks) == 0 {
		return
	}
	ev := &TxEvent{Op: TxBegin, Dialect: e.c.Dialect().Name(), Savepoint: tx.sp, Options: tx.opts}
	if tx.parent != nil {
		ev.TxContext = tx.parent.hctx
	}
	for _, h := range e.txCtxHooks {
		ctx = h.BeginTx(ctx, ev)
	}
	tx.hctx = ctx
}

// fnContext is the context RunInTx passes its function: the one the
// TxContextHooks returned for tx, else ctx.
func (tx *Tx) fnContext(ctx context.Context) context.Context {
	if tx.hctx != nil {
		return tx.hctx
	}
	return ctx
}

// NotifyConnect passes a new physical connection's event to the engine's
// ConnectHooks. Sources call it; applications need not.
func (e *Engine) NotifyConnect(ctx context.Context, ev *ConnectEvent) {
	ev.Dialect = e.c.Dialect().Name()
	for _, h := range e.connectHooks {
		h.Connect(ctx, ev)
	}
}

// checkout reports that a connection is taken, for a transaction when tx
// is true, and returns the time it was.
func (e *Engine) checkout(ctx context.Context, tx bool) time.Time {
	ev := &CheckoutEvent{Dialect: e.c.Dialect().Name(), Tx: tx}
	for _, h := range e.checkoutHooks {
		h.Checkout(ctx, ev)
	}
	return time.Now()
}

// checkin reports that the connection taken at start is given back.
func (e *Engine) checkin(ctx context.Context, tx bool, start time.Time, err error) {
	ev := &CheckoutEvent{Dialect: e.c.Dialect().Name(), Tx: tx, Held: time.Since(start), Err: e.ForHooks(err)}
	for i := len(e.checkoutHooks) - 1; i >= 0; i-- {
		e.checkoutHooks[i].Checkin(ctx, ev)
	}
}

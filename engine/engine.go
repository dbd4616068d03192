package engine

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// Engine executes statements for one database: it compiles them with its
// dialect's compiler, runs them on its Source and reports them to its
// hooks. An Engine is safe for concurrent use; create one per database and
// share it. Close closes the Source.
type Engine struct {
	src        Source
	pinger     Pinger // src as a Pinger, or nil
	c          *compile.Compiler
	classifier Classifier
	describer  Describer // classifier as a Describer, or nil
	timeout    time.Duration
	retry      RetryPolicy
	maxRows    int
	params     bool // hooks see parameter values
	// comment returns the comment appended to the text sent; see
	// WithStatementComment. nil: none.
	comment func(context.Context) string

	queryHooks   []QueryHook
	txHooks      []TxHook
	txCtxHooks   []TxContextHook
	connectHooks []ConnectHook
	errorHooks   []ErrorHook
	// checkoutHooks observe connection use; see CheckoutEvent.
	checkoutHooks []CheckoutHook

	// router sends reads to replicas (WithReplicas); nil without them.
	router *router

	closed atomic.Bool
	args   sync.Pool // *argBuf
	events sync.Pool // *QueryEvent, for the hooks; see newEvent
}

type argBuf struct {
	a []any
	// dest holds Rows.Scan's destinations while the source scans them, so
	// that the caller's variadic slice does not escape to the heap.
	dest []any
	// Pad to 64 bytes, a size class of one cache line: buffers in use on
	// different cores then never share a line.
	_ [16]byte
}

// Option configures an Engine.
type Option interface {
	OpenOption // Open passes it to New
	apply(*Engine) error
}

type optionFunc func(*Engine) error

func (f optionFunc) apply(e *Engine) error { return f(e) }

// WithClassifier sets the classifier that maps the driver's errors to the
// engine's error classes. The dialect modules' Open functions set it.
func WithClassifier(c Classifier) Option {
	return optionFunc(func(e *Engine) error { e.classifier = c; return nil })
}

// WithStatementTimeout ends every statement that runs longer than d with
// an error of class ErrStatementTimeout (0, the default, means no limit).
// Timeout overrides it for one call.
func WithStatementTimeout(d time.Duration) Option {
	return optionFunc(func(e *Engine) error { e.timeout = d; return nil })
}

// WithCompiler makes the engine use c, for instance to share a compiler's
// cache or to set its limits. c's dialect should be the engine's.
func WithCompiler(c *compile.Compiler) Option {
	return optionFunc(func(e *Engine) error { e.c = c; return nil })
}

// WithRetry sets the policy RunInTx follows for retryable errors.
func WithRetry(p RetryPolicy) Option {
	return optionFunc(func(e *Engine) error { e.retry = p; return nil })
}

// WithMaxRows caps the number of rows All materializes (0, the default,
// means no cap); a larger result fails with ErrRowLimit.
func WithMaxRows(n int) Option {
	return optionFunc(func(e *Engine) error { e.maxRows = n; return nil })
}

// WithParamValuesInHooks is the explicit opt-in that lets hooks (and so
// logs and traces) see statements' parameter values in QueryEvent.Args,
// and errors with the server's message, which may quote them. Without it
// they see only the SQL text, the number of parameters and, for an
// error, a *HookError. Values of sensitive columns (expr.Sensitive) stay
// hidden even with it: SensitiveValue stands in their place, and no
// error holds their text.
// Parameter values can hold passwords and personal data: enable it only
// where the logs are as protected as the database.
func WithParamValuesInHooks() Option {
	return optionFunc(func(e *Engine) error { e.params = true; return nil })
}

// ErrRowLimit: All found more rows than WithMaxRows allows. It is
// expr.ErrRowLimit, the value mapper.ErrRowLimit (MaxRows) is too, so a
// test for either name matches a row cap exceeded in either layer.
var ErrRowLimit = expr.ErrRowLimit

// New returns an Engine that runs statements of dialect d on src.
func New(src Source, d compile.Dialect, opts ...Option) (*Engine, error) {
	if src == nil || d == nil {
		return nil, errors.New("engine: New needs a Source and a Dialect")
	}
	e := &Engine{src: src, retry: DefaultRetryPolicy}
	e.pinger, _ = src.(Pinger)
	for _, o := range opts {
		if err := o.apply(e); err != nil {
			return nil, err
		}
	}
	if e.c == nil {
		e.c = compile.New(d)
	}
	if e.classifier == nil {
		e.classifier, _ = src.(Classifier)
	}
	e.describer, _ = e.classifier.(Describer)
	if e.router != nil {
		if err := e.router.start(); err != nil {
			return nil, err
		}
	}
	e.args.New = func() any { return &argBuf{a: make([]any, 0, 16)} }
	e.events.New = func() any { return new(QueryEvent) }
	return e, nil
}

// Dialect returns the engine's dialect.
func (e *Engine) Dialect() compile.Dialect { return e.c.Dialect() }

// Compiler returns the engine's compiler.
func (e *Engine) Compiler() *compile.Compiler { return e.c }

// Source returns the engine's connection source.
func (e *Engine) Source() Source { return e.src }

// Ping checks that the database can be reached, when the Source can tell.
func (e *Engine) Ping(ctx context.Context) error {
	if e.closed.Load() {
		return ErrClosed
	}
	if e.pinger == nil {
		return nil
	}
	return e.wrap(ctx, "ping", e.pinger.Ping(ctx))
}

// Close closes the engine's Source. Statements after Close fail with
// ErrClosed.
func (e *Engine) Close() error {
	if e.closed.Swap(true) {
		return nil
	}
	err := e.src.Close()
	if e.router != nil {
		err = errors.Join(err, e.router.close())
	}
	return err
}

// Querier runs statements and returns rows: an *Engine or a *Tx. The
// generic helpers (One, All, Iter, ...) accept either.
type Querier interface {
	Query(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (*Rows, error)
}

// Executor runs statements: an *Engine or a *Tx.
type Executor interface {
	Querier
	Exec(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (Result, error)
	QueryRow(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) *Row
}

var (
	_ Executor = (*Engine)(nil)
	_ Executor = (*Tx)(nil)
)

// Exec compiles stmt and runs it, returning the rows affected. Named
// parameters (expr.Param, ":name" in expr.Text) take their values from
// params.
func (e *Engine) Exec(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (Result, error) {
	if e.router != nil {
		if m := e.router.wrote(ctx); m != nil {
			// The write has landed once exec returns, or may have when
			// it panics (in a hook after it ran): a read meanwhile did
			// not cover it either way.
			defer m.mark()
		}
	}
	return e.exec(ctx, nil, stmt, params)
}

// Query compiles stmt and runs it, returning its rows (for a SELECT or a
// statement with RETURNING). The caller must close the rows.
func (e *Engine) Query(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (*Rows, error) {
	// Query and QueryRow are kept small enough to be inlined: where the
	// caller's *Rows does not escape, it lives on the caller's stack and
	// a query allocates no more than the driver call it makes.
	return e.queryInto(ctx, nil, stmt, params, new(Rows))
}

// QueryRow runs a query expected to return at most one row; errors are
// deferred to Row.Scan.
func (e *Engine) QueryRow(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) *Row {
	r := new(Row)
	_, r.err = e.queryInto(ctx, nil, stmt, params, &r.rows)
	return r
}

// timeoutKey is the context key of Timeout.
type timeoutKey struct{}

// Timeout returns a context whose statements run with statement timeout d
// instead of the engine's (0: no limit).
func Timeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, timeoutKey{}, d)
}

// stmtTimeout is the statement timeout for statements run under ctx: the
// call's (Timeout) or else the engine's; 0 means no limit.
func (e *Engine) stmtTimeout(ctx context.Context) time.Duration {
	if v, ok := ctx.Value(timeoutKey{}).(time.Duration); ok {
		return v
	}
	return e.timeout
}

// stmtContext applies the statement timeout.
func (e *Engine) stmtContext(ctx context.Context) (context.Context, context.CancelFunc) {
	d := e.stmtTimeout(ctx)
	if d <= 0 {
		return ctx, nil
	}
	return context.WithTimeoutCause(ctx, d, errStatementTimeout)
}

// compile compiles stmt into a pooled buffer, which the caller must give
// back with putArgs. sens are the positions in the buffer's arguments of
// the values of sensitive columns (shared with the compiler's cache:
// read-only).
func (e *Engine) compile(stmt expr.Statement, params []sql.NamedArg) (string, *argBuf, []int, error) {
	buf := e.args.Get().(*argBuf)
	text, args, sens, err := e.c.CompileSensitive(stmt, buf.a[:0], params...)
	buf.a = args
	if err != nil {
		e.putArgs(buf)
		return "", nil, nil, err
	}
	return text, buf, sens, nil
}

func (e *Engine) putArgs(b *argBuf) {
	clear(b.a)
	b.a = b.a[:0]
	clear(b.dest)
	b.dest = b.dest[:0]
	if cap(b.dest) > 256 {
		b.dest = nil // do not keep a very wide row's buffer in the pool
	}
	e.args.Put(b)
}

// exec compiles and runs stmt in tx (nil: on the engine's source).
func (e *Engine) exec(ctx context.Context, tx *Tx, stmt expr.Statement, params []sql.NamedArg) (Result, error) {
	if e.closed.Load() {
		return Result{}, ErrClosed
	}
	text, buf, sens, err := e.compile(stmt, params)
	if err != nil {
		return Result{}, err
	}
	defer e.putArgs(buf)
	return e.execText(ctx, tx, text, buf.a, sens)
}

// execText runs text in tx (nil: on the engine's source) with hooks and
// the statement timeout; sens are the positions in args of the values of
// sensitive columns.
func (e *Engine) execText(ctx context.Context, tx *Tx, text string, args []any, sens []int) (Result, error) {
	var q SourceQuerier = e.src
	inTx := tx != nil
	if inTx {
		q = tx.stx
	}
	var ev *QueryEvent
	if len(e.queryHooks) > 0 || len(e.errorHooks) > 0 {
		ev = e.newEvent(OpExec, text, args, sens, tx)
		ctx = e.before(ctx, ev)
	}
	var co time.Time
	checkout := !inTx && len(e.checkoutHooks) > 0
	if checkout {
		co = e.checkout(ctx, false)
	}
	sctx, cancel := e.stmtContext(ctx)
	res, err := q.Exec(sctx, e.withComment(ctx, text), args)
	err = e.wrapStmt(sctx, "exec", err, args, sens)
	if cancel != nil {
		cancel()
	}
	if checkout {
		e.checkin(ctx, false, co, err)
	}
	if ev != nil {
		ev.RowsAffected = res.RowsAffected
		e.after(ctx, ev, err)
	}
	return res, err
}

// queryInto runs a query in tx (nil: on the engine's source) and sets up
// *dst for its rows. It returns dst, or nil and the error.
func (e *Engine) queryInto(ctx context.Context, tx *Tx, stmt expr.Statement, params []sql.NamedArg, dst *Rows) (*Rows, error) {
	var q SourceQuerier = e.src
	var mark *WriteMark // marked again when the rows of a write close
	inTx := tx != nil
	if !inTx && e.router != nil {
		q, mark = e.router.route(ctx, stmt)
		if mark != nil {
			// Until the rows take the mark over, a return or a panic
			// (in a hook, maybe after the write ran) marks the end here.
			defer func() {
				if mark != nil {
					mark.mark()
				}
			}()
		}
	}
	if inTx {
		if tx.done {
			return nil, ErrTxDone
		}
		q = tx.stx
	}
	if e.closed.Load() {
		return nil, ErrClosed
	}
	text, buf, sens, err := e.compile(stmt, params)
	if err != nil {
		return nil, err
	}
	var ev *QueryEvent
	if len(e.queryHooks) > 0 || len(e.errorHooks) > 0 {
		ev = e.newEvent(OpQuery, text, buf.a, sens, tx)
		ctx = e.before(ctx, ev)
	}
	var co time.Time
	checkout := !inTx && len(e.checkoutHooks) > 0
	if checkout {
		co = e.checkout(ctx, false)
	}
	sctx, cancel := e.stmtContext(ctx)
	rs, err := q.Query(sctx, e.withComment(ctx, text), buf.a)
	if err != nil {
		err = e.wrapStmt(sctx, "query", err, buf.a, sens)
		if cancel != nil {
			cancel()
		}
		e.putArgs(buf)
		if checkout {
			e.checkin(ctx, false, co, err)
		}
		if ev != nil {
			e.after(ctx, ev, err)
		}
		return nil, err
	}
	*dst = Rows{e: e, rs: rs, ctx: sctx, hookCtx: ctx, cancel: cancel, buf: buf, sens: sens, ev: ev, checkout: checkout, co: co, mark: mark}
	mark = nil // the rows mark the end when they close
	return dst, nil
}

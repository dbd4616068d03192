package otelhook

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"time"
)

// conn is a wrapped driver connection. database/sql (and sqlforge's
// pool) call a connection's methods one at a time, so its fields need no
// lock.
//
// It has every optional interface of a connection that database/sql's
// behaviour without it can be reproduced for, and reproduces that
// behaviour when the driver's connection lacks it: ExecContext and
// QueryContext answer driver.ErrSkip, so that database/sql prepares the
// statement; PrepareContext and BeginTx call Prepare and Begin after the
// checks database/sql would make; Ping, ResetSession and IsValid report
// success; CheckNamedValue answers driver.ErrSkip, so that database/sql
// converts the argument as it would have.
type conn struct {
	inner driver.Conn
	w     *wrapper

	// The driver connection's optional interfaces, found once.
	execer    driver.ExecerContext
	queryer   driver.QueryerContext
	execer0   driver.Execer  //nolint:staticcheck // still honoured by database/sql
	queryer0  driver.Queryer //nolint:staticcheck // still honoured by database/sql
	preparer  driver.ConnPrepareContext
	beginner  driver.ConnBeginTx
	pinger    driver.Pinger
	resetter  driver.SessionResetter
	validator driver.Validator
	checker   driver.NamedValueChecker

	// tx is the open transaction's span, or nil.
	tx *connTx
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
)

func newConn(ic driver.Conn, w *wrapper) *conn {
	c := &conn{inner: ic, w: w}
	c.execer, _ = ic.(driver.ExecerContext)
	c.queryer, _ = ic.(driver.QueryerContext)
	c.execer0, _ = ic.(driver.Execer)   //nolint:staticcheck
	c.queryer0, _ = ic.(driver.Queryer) //nolint:staticcheck
	c.preparer, _ = ic.(driver.ConnPrepareContext)
	c.beginner, _ = ic.(driver.ConnBeginTx)
	c.pinger, _ = ic.(driver.Pinger)
	c.resetter, _ = ic.(driver.SessionResetter)
	c.validator, _ = ic.(driver.Validator)
	c.checker, _ = ic.(driver.NamedValueChecker)
	return c
}

// Unwrap returns the driver's connection, for sql.Conn.Raw callers that
// need the driver's own methods.
func (c *conn) Unwrap() driver.Conn { return c.inner }

// ExecContext runs the statement on the driver's connection and records
// it. A driver without ExecerContext (or the older Execer) gets
// driver.ErrSkip, as database/sql would give it, and records nothing.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.execer == nil && c.execer0 == nil {
		return nil, driver.ErrSkip
	}
	if !c.w.observing(ctx) {
		return c.exec(ctx, query, args)
	}
	start := time.Now()
	res, err := c.exec(ctx, query, args)
	if !errors.Is(err, driver.ErrSkip) {
		c.finish(ctx, query, start, -1, err)
	}
	return res, err
}

func (c *conn) exec(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.execer != nil {
		return c.execer.ExecContext(ctx, query, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.execer0.Exec(query, vals)
}

// QueryContext runs the query on the driver's connection; it is recorded
// when its rows are closed. Without QueryerContext (or Queryer) it is
// driver.ErrSkip, as ExecContext.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.queryer == nil && c.queryer0 == nil {
		return nil, driver.ErrSkip
	}
	if !c.w.observing(ctx) {
		return c.query(ctx, query, args)
	}
	start := time.Now()
	rs, err := c.query(ctx, query, args)
	if err != nil {
		if !errors.Is(err, driver.ErrSkip) {
			c.finish(ctx, query, start, -1, err)
		}
		return nil, err
	}
	return newRows(rs, c, ctx, query, start), nil
}

func (c *conn) query(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.queryer != nil {
		return c.queryer.QueryContext(ctx, query, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.queryer0.Query(query, vals)
}

// errNamedParams is database/sql's answer to named arguments for a
// driver that cannot take them.
var errNamedParams = errors.New("sql: driver does not support the use of Named Parameters")

// values turns named values into the plain values of the drivers'
// older interfaces, which cannot take names.
func values(args []driver.NamedValue) ([]driver.Value, error) {
	vals := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errNamedParams
		}
		vals[i] = a.Value
	}
	return vals, nil
}

// Prepare prepares a statement; see PrepareContext.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares a statement whose executions are recorded. A
// failed prepare is recorded as the statement's failure, since the
// statement the caller asked for fails with it.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var start time.Time
	observing := c.w.observing(ctx)
	if observing {
		start = time.Now()
	}
	s, err := c.prepare(ctx, query)
	if err != nil {
		if observing {
			c.finish(ctx, query, start, -1, err)
		}
		return nil, err
	}
	return newStmt(s, c, query), nil
}

func (c *conn) prepare(ctx context.Context, query string) (driver.Stmt, error) {
	if c.preparer != nil {
		return c.preparer.PrepareContext(ctx, query)
	}
	s, err := c.inner.Prepare(query)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the driver's connection.
func (c *conn) Close() error { return c.inner.Close() }

// Begin begins a transaction; see BeginTx.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// Errors database/sql gives for options a driver without ConnBeginTx
// cannot honour.
var (
	errIsolation = errors.New("sql: driver does not support non-default isolation level")
	errReadOnly  = errors.New("sql: driver does not support read-only transactions")
)

// BeginTx begins a transaction and its span, the parent of the spans of
// the statements run in it.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if !c.w.observing(ctx) {
		return c.begin(ctx, opts)
	}
	start := time.Now()
	tx, err := c.begin(ctx, opts)
	c.beginSpan(ctx, opts, start, err)
	if err != nil {
		return nil, err
	}
	return &wrappedTx{inner: tx, c: c}, nil
}

func (c *conn) begin(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.beginner != nil {
		return c.beginner.BeginTx(ctx, opts)
	}
	if opts.Isolation != driver.IsolationLevel(sql.LevelDefault) {
		return nil, errIsolation
	}
	if opts.ReadOnly {
		return nil, errReadOnly
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.inner.Begin() //nolint:staticcheck // the driver has nothing else
}

// Ping pings the driver's connection; without driver.Pinger it succeeds,
// as database/sql's PingContext does.
func (c *conn) Ping(ctx context.Context) error {
	if c.pinger == nil {
		return nil
	}
	return c.pinger.Ping(ctx)
}

// ResetSession resets the driver's session where it can.
func (c *conn) ResetSession(ctx context.Context) error {
	if c.resetter == nil {
		return nil
	}
	return c.resetter.ResetSession(ctx)
}

// IsValid reports the driver's answer; without driver.Validator a
// connection is valid.
func (c *conn) IsValid() bool {
	if c.validator == nil {
		return true
	}
	return c.validator.IsValid()
}

// CheckNamedValue asks the driver's connection; without
// driver.NamedValueChecker it answers driver.ErrSkip, after which
// database/sql converts the value as it does for such a driver.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if c.checker == nil {
		return driver.ErrSkip
	}
	return c.checker.CheckNamedValue(nv)
}

// wrappedTx ends its connection's transaction span.
type wrappedTx struct {
	inner driver.Tx
	c     *conn
}

func (t *wrappedTx) Commit() error {
	err := t.inner.Commit()
	t.c.endTx("commit", err)
	return err
}

func (t *wrappedTx) Rollback() error {
	err := t.inner.Rollback()
	t.c.endTx("rollback", err)
	return err
}

package sqlpool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"
)

// Conn is one connection reserved from the pool, with the methods of
// *sql.Conn, for statements that must run in the same session. Close gives
// it back; every call after that returns sql.ErrConnDone. A call that finds
// the connection broken closes the Conn.
type Conn struct {
	db   *DB
	mu   sync.RWMutex // read-locked by each call (and a Tx begun here), locked by Close
	s    *session     // guarded by mu
	done atomic.Bool
}

// grab lends the connection to one call, which must end with putBack.
func (c *Conn) grab(ctx context.Context) (*session, error) {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	c.mu.RLock()
	if c.done.Load() {
		c.mu.RUnlock()
		return nil, sql.ErrConnDone
	}
	return c.s, nil
}

func (c *Conn) putBack(_ *session, err error) {
	c.mu.RUnlock()
	if errors.Is(err, driver.ErrBadConn) {
		c.close(err)
	}
}

// txContext is nil: statements of a Conn belong to no transaction.
func (c *Conn) txContext() context.Context { return nil }

// PingContext checks that the connection is alive.
func (c *Conn) PingContext(ctx context.Context) error {
	s, err := c.grab(ctx)
	if err != nil {
		return err
	}
	return pingOn(ctx, s, c)
}

// ExecContext runs a statement that returns no rows.
func (c *Conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := c.grab(ctx)
	if err != nil {
		return nil, err
	}
	return execOn(ctx, s, c, query, args)
}

// QueryContext runs a query that returns rows.
func (c *Conn) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	s, err := c.grab(ctx)
	if err != nil {
		return nil, err
	}
	return queryOn(ctx, nil, s, c, query, args)
}

// QueryRowContext runs a query expected to return at most one row.
func (c *Conn) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	return rowOf(c.QueryContext(ctx, query, args...))
}

// PrepareContext prepares a statement on this connection.
func (c *Conn) PrepareContext(ctx context.Context, query string) (*Stmt, error) {
	s, err := c.grab(ctx)
	if err != nil {
		return nil, err
	}
	p, err := prepareOn(ctx, s, c, query, false)
	if err != nil {
		return nil, err
	}
	return &Stmt{db: c.db, query: query, owner: c, bound: p}, nil
}

// BeginTx starts a transaction on this connection; see DB.BeginTx. The
// Conn cannot be closed until the transaction ends.
func (c *Conn) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	s, err := c.grab(ctx)
	if err != nil {
		return nil, err
	}
	return beginOn(ctx, c.db, s, c, opts)
}

// Raw runs f with the driver's connection, which f must not keep. If f
// returns driver.ErrBadConn or panics, the connection is closed (and the
// panic goes on).
func (c *Conn) Raw(f func(driverConn any) error) (err error) {
	s, err := c.grab(nil)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
		if p := recover(); p != nil {
			c.putBack(s, driver.ErrBadConn)
			panic(p)
		}
		c.putBack(s, err)
	}()
	return f(s.conn)
}

// Close gives the connection back to the pool. Calls after the first
// return sql.ErrConnDone.
func (c *Conn) Close() error { return c.close(nil) }

func (c *Conn) close(err error) error {
	if !c.done.CompareAndSwap(false, true) {
		return sql.ErrConnDone
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.release(err)
	c.s = nil
	return err
}

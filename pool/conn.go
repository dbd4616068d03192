package pool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"
)

// Conn is a single connection reserved from the pool, with the API of
// *sql.Conn. Use it when statements must run on the same session. Close
// gives the connection back; after it every call returns sql.ErrConnDone.
type Conn struct {
	db      *DB
	closemu sync.RWMutex // held shared by operations, exclusively by Close
	dc      *driverConn  // guarded by closemu; nil once closed
	done    atomic.Bool
}

func (c *Conn) grabConn(ctx context.Context) (*driverConn, func(error), error) {
	if ctx != nil {
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		default:
		}
	}
	c.closemu.RLock()
	if c.done.Load() {
		c.closemu.RUnlock()
		return nil, nil, sql.ErrConnDone
	}
	return c.dc, c.closemuRUnlockCondReleaseConn, nil
}

func (c *Conn) txCtx() context.Context { return nil }

// closemuRUnlockCondReleaseConn ends an operation; a broken connection
// closes the Conn.
func (c *Conn) closemuRUnlockCondReleaseConn(err error) {
	c.closemu.RUnlock()
	if errors.Is(err, driver.ErrBadConn) {
		c.close(err)
	}
}

// PingContext verifies the connection is still alive.
func (c *Conn) PingContext(ctx context.Context) error {
	dc, release, err := c.grabConn(ctx)
	if err != nil {
		return err
	}
	return c.db.pingDC(ctx, dc, release)
}

// ExecContext executes a query without returning any rows.
func (c *Conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	dc, release, err := c.grabConn(ctx)
	if err != nil {
		return nil, err
	}
	return c.db.execDC(ctx, dc, release, query, args)
}

// QueryContext executes a query that returns rows.
func (c *Conn) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	dc, release, err := c.grabConn(ctx)
	if err != nil {
		return nil, err
	}
	return c.db.queryDC(ctx, nil, dc, release, query, args)
}

// QueryRowContext executes a query expected to return at most one row.
func (c *Conn) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	rows, err := c.QueryContext(ctx, query, args...)
	return &Row{rows: rows, err: err}
}

// PrepareContext creates a prepared statement bound to this connection.
func (c *Conn) PrepareContext(ctx context.Context, query string) (*Stmt, error) {
	dc, release, err := c.grabConn(ctx)
	if err != nil {
		return nil, err
	}
	return c.db.prepareDC(ctx, dc, release, c, query)
}

// Raw runs f with the driver connection. The connection must not be used
// outside f. If f panics or returns driver.ErrBadConn, the connection is
// closed.
func (c *Conn) Raw(f func(driverConn any) error) (err error) {
	dc, release, err := c.grabConn(nil)
	if err != nil {
		return err
	}
	fPanic := true
	dc.Lock()
	defer func() {
		dc.Unlock()
		if fPanic {
			err = driver.ErrBadConn
		}
		release(err)
	}()
	err = f(dc.ci)
	fPanic = false
	return err
}

// BeginTx starts a transaction on this connection; see DB.BeginTx.
func (c *Conn) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	dc, release, err := c.grabConn(ctx)
	if err != nil {
		return nil, err
	}
	return c.db.beginDC(ctx, dc, release, opts)
}

// Close gives the connection back to the pool. Calls after the first return
// sql.ErrConnDone.
func (c *Conn) Close() error { return c.close(nil) }

func (c *Conn) close(err error) error {
	if !c.done.CompareAndSwap(false, true) {
		return sql.ErrConnDone
	}
	c.closemu.Lock()
	defer c.closemu.Unlock()
	c.dc.releaseConn(err)
	c.dc = nil
	c.db = nil
	return err
}

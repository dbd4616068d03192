// Package fakedriver is an in-process database/sql driver that does no I/O.
// It exists so that benchmarks measure a connection pool and nothing else,
// and so that tests can break connections on purpose.
//
// A query "rows N" returns N rows of eight columns (see Wide); every other
// query returns one row with one int64 column holding 1. Every exec reports
// one row affected. A Connector counts the connections it opened and
// closed and can be told to fail the next operations with driver.ErrBadConn.
// Expiring is a context whose deadline passes when the test says so.
package fakedriver

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"sync"
	"sync/atomic"
)

// Connector opens fake connections. The zero value is ready to use.
type Connector struct {
	opened, closed atomic.Int64
	prepared       atomic.Int64 // statements prepared
	stmtsClosed    atomic.Int64 // statements closed (once each)
	badOps         atomic.Int64 // operations still to fail with ErrBadConn
	failConnect    atomic.Bool

	// Each connection counts its own session resets, so that connections
	// used on different cores do not share a counter (which would make
	// the fake driver, not the pool under test, the bottleneck).
	mu    sync.Mutex
	conns []*conn
}

var _ driver.Connector = (*Connector)(nil)

// Connect returns a new connection.
func (c *Connector) Connect(context.Context) (driver.Conn, error) {
	if c.failConnect.Load() {
		return nil, errors.New("fakedriver: connect refused")
	}
	c.opened.Add(1)
	cn := &conn{c: c}
	c.mu.Lock()
	c.conns = append(c.conns, cn)
	c.mu.Unlock()
	return cn, nil
}

// Driver returns a driver whose Open ignores its name and uses c.
func (c *Connector) Driver() driver.Driver { return drv{c} }

// Opened reports how many connections were opened.
func (c *Connector) Opened() int64 { return c.opened.Load() }

// Closed reports how many connections were closed.
func (c *Connector) Closed() int64 { return c.closed.Load() }

// Statements reports how many statements were prepared and how many of
// them were closed.
func (c *Connector) Statements() (prepared, closed int64) {
	return c.prepared.Load(), c.stmtsClosed.Load()
}

// Resets reports how many times a session was reset.
func (c *Connector) Resets() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, cn := range c.conns {
		n += cn.resets.Load()
	}
	return n
}

// FailNext makes the next n operations (exec, query, prepare, begin, ping)
// fail with driver.ErrBadConn, whatever connection runs them.
func (c *Connector) FailNext(n int64) { c.badOps.Store(n) }

// RefuseConnect makes Connect fail while on is true.
func (c *Connector) RefuseConnect(on bool) { c.failConnect.Store(on) }

func (c *Connector) bad() bool {
	for {
		n := c.badOps.Load()
		if n <= 0 {
			return false
		}
		if c.badOps.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

type drv struct{ c *Connector }

func (d drv) Open(string) (driver.Conn, error) { return d.c.Connect(context.Background()) }

type conn struct {
	c      *Connector
	resets atomic.Int64
	broken bool
	closed bool
	_      [32]byte // a cache line of its own (64 bytes)
}

var (
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

func (cn *conn) check() error {
	if cn.closed {
		return errors.New("fakedriver: connection is closed")
	}
	if cn.broken || cn.c.bad() {
		cn.broken = true
		return driver.ErrBadConn
	}
	return nil
}

func (cn *conn) Prepare(query string) (driver.Stmt, error) {
	return cn.PrepareContext(context.Background(), query)
}

func (cn *conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	if err := cn.check(); err != nil {
		return nil, err
	}
	cn.c.prepared.Add(1)
	return &stmt{cn: cn}, nil
}

func (cn *conn) Close() error {
	if cn.closed {
		return errors.New("fakedriver: double close")
	}
	cn.closed = true
	cn.c.closed.Add(1)
	return nil
}

func (cn *conn) Begin() (driver.Tx, error) {
	return cn.BeginTx(context.Background(), driver.TxOptions{})
}

func (cn *conn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	if err := cn.check(); err != nil {
		return nil, err
	}
	return tx{}, nil
}

func (cn *conn) ExecContext(ctx context.Context, _ string, _ []driver.NamedValue) (driver.Result, error) {
	if err := cn.check(); err != nil {
		return nil, err
	}
	if d := ctx.Done(); d != nil {
		select {
		case <-d:
			return nil, ctx.Err()
		default:
		}
	}
	return driver.RowsAffected(1), nil
}

func (cn *conn) QueryContext(ctx context.Context, query string, _ []driver.NamedValue) (driver.Rows, error) {
	if err := cn.check(); err != nil {
		return nil, err
	}
	if d := ctx.Done(); d != nil {
		select {
		case <-d:
			return nil, ctx.Err()
		default:
		}
	}
	return newRows(query), nil
}

func (cn *conn) Ping(context.Context) error { return cn.check() }

func (cn *conn) ResetSession(context.Context) error {
	cn.resets.Add(1)
	if cn.broken {
		return driver.ErrBadConn
	}
	return nil
}

func (cn *conn) IsValid() bool { return !cn.broken && !cn.closed }

type stmt struct {
	cn     *conn
	closed bool
}

func (s *stmt) Close() error {
	if s.closed {
		return errors.New("fakedriver: statement closed twice")
	}
	s.closed = true
	s.cn.c.stmtsClosed.Add(1)
	return nil
}
func (s *stmt) NumInput() int { return -1 }
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	if err := s.cn.check(); err != nil {
		return nil, err
	}
	return driver.RowsAffected(1), nil
}
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	if err := s.cn.check(); err != nil {
		return nil, err
	}
	return &rows{}, nil
}

type tx struct{}

func (tx) Commit() error   { return nil }
func (tx) Rollback() error { return nil }

type rows struct{ done bool }

func (r *rows) Columns() []string { return []string{"one"} }
func (r *rows) Close() error      { return nil }
func (r *rows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	r.done = true
	dest[0] = int64(1)
	return nil
}

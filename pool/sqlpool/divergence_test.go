package sqlpool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// These tests run the same calls on a *sql.DB and on a *sqlpool.DB over
// the same kind of driver and fail where the two behave differently. Each
// covers a difference that database/sql's own test suite found in an
// earlier version of this package.

// panicConnector is the fake driver, except that a statement "PANIC"
// panics inside the driver's Exec or Query.
type panicConnector struct{ fakedriver.Connector }

func (c *panicConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return panicConn{cn.(fullConn)}, nil
}

type fullConn interface {
	driver.Conn
	driver.ExecerContext
	driver.QueryerContext
}

type panicConn struct{ fullConn }

func (c panicConn) ExecContext(ctx context.Context, q string, nv []driver.NamedValue) (driver.Result, error) {
	if q == "PANIC" {
		panic("driver panic in Exec")
	}
	return c.fullConn.ExecContext(ctx, q, nv)
}

func (c panicConn) QueryContext(ctx context.Context, q string, nv []driver.NamedValue) (driver.Rows, error) {
	if q == "PANIC" {
		panic("driver panic in Query")
	}
	return c.fullConn.QueryContext(ctx, q, nv)
}

// outcome runs f in a goroutine and describes how it ended: its error, the
// value it panicked with, or "hung" when it did not return within 30 s (a
// deadlock: nothing in these calls waits for anything else).
func outcome(f func() error) string {
	done := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Sprint("panic: ", p)
			}
		}()
		done <- fmt.Sprint("error: ", f())
	}()
	select {
	case s := <-done:
		return s
	case <-time.After(30 * time.Second):
		return "hung"
	}
}

// statsOf is the part of the figures both packages report alike.
func statsOf(st sql.DBStats) string {
	return fmt.Sprintf("open %d, in use %d, idle %d", st.OpenConnections, st.InUse, st.Idle)
}

func poolStats(db *sqlpool.DB) sql.DBStats {
	st := db.Stats()
	return sql.DBStats{OpenConnections: st.OpenConnections, InUse: st.InUse, Idle: st.Idle}
}

// A driver that panics in Exec: the panic reaches the caller, and the
// connection goes back to the pool, which stays usable even with a single
// connection. The previous version held the connection's lock across the
// driver call without a deferred unlock, so its deferred release locked
// it again and the caller hung.
func TestDriverPanicReachesCaller(t *testing.T) {
	ctx := context.Background()
	sdb := sql.OpenDB(&panicConnector{})
	pdb := sqlpool.OpenDB(&panicConnector{})
	defer sdb.Close()
	defer pdb.Close()
	sdb.SetMaxOpenConns(1)
	pdb.SetMaxOpenConns(1)
	steps := []struct {
		name string
		s, p func() error
	}{
		{"exec panics", func() error { _, err := sdb.ExecContext(ctx, "PANIC"); return err },
			func() error { _, err := pdb.ExecContext(ctx, "PANIC"); return err }},
		{"exec after", func() error { _, err := sdb.ExecContext(ctx, "x"); return err },
			func() error { _, err := pdb.ExecContext(ctx, "x"); return err }},
		{"stats", func() error { return errors.New(statsOf(sdb.Stats())) },
			func() error { return errors.New(statsOf(poolStats(pdb))) }},
		{"tx exec panics", func() error { return panicInTx(ctx, sdb.BeginTx) },
			func() error { return panicInTx(ctx, pdb.BeginTx) }},
		{"query after", func() error { var n int; return sdb.QueryRowContext(ctx, "x").Scan(&n) },
			func() error { var n int; return pdb.QueryRowContext(ctx, "x").Scan(&n) }},
	}
	for _, st := range steps {
		want, got := outcome(st.s), outcome(st.p)
		if got != want {
			t.Fatalf("%s: %s; database/sql: %s", st.name, got, want)
		}
	}
	// Query: the panic reaches the caller too. database/sql then keeps
	// the connection for good; sqlpool gives it back.
	if got := outcome(func() error { _, err := pdb.QueryContext(ctx, "PANIC"); return err }); got != "panic: driver panic in Query" {
		t.Fatalf("query panic: %s", got)
	}
	if got := outcome(func() error { _, err := pdb.ExecContext(ctx, "x"); return err }); got != "error: <nil>" {
		t.Fatalf("exec after a query panic: %s", got)
	}
}

// panicInTx begins a transaction, runs a panicking statement in it, and
// then rolls it back, which must not hang.
func panicInTx[Tx interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	Rollback() error
}](ctx context.Context, begin func(context.Context, *sql.TxOptions) (Tx, error)) error {
	tx, err := begin(ctx, nil)
	if err != nil {
		return err
	}
	p := outcome(func() error { _, err := tx.ExecContext(ctx, "PANIC"); return err })
	return fmt.Errorf("%s; rollback: %v", p, tx.Rollback())
}

// Lowering SetMaxOpenConns while every connection is in use closes the
// excess connections as they are given back; the previous version kept
// all three open and idle for good.
func TestLowerMaxOpenWhileBusy(t *testing.T) {
	ctx := context.Background()
	sdb := sql.OpenDB(&fakedriver.Connector{})
	pdb := sqlpool.OpenDB(&fakedriver.Connector{})
	defer sdb.Close()
	defer pdb.Close()
	sdb.SetMaxOpenConns(3)
	pdb.SetMaxOpenConns(3)
	var sc []*sql.Conn
	var pc []*sqlpool.Conn
	for range 3 {
		s, err := sdb.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p, err := pdb.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sc, pc = append(sc, s), append(pc, p)
	}
	sdb.SetMaxOpenConns(2)
	pdb.SetMaxOpenConns(2)
	for i := range sc {
		sc[i].Close()
		pc[i].Close()
		if want, got := statsOf(sdb.Stats()), statsOf(poolStats(pdb)); got != want {
			t.Fatalf("after giving back %d of 3: %s; database/sql: %s", i+1, got, want)
		}
	}
	if got := statsOf(poolStats(pdb)); got != "open 2, in use 0, idle 2" {
		t.Fatalf("at the end: %s; want open 2, in use 0, idle 2", got)
	}
}

// closerConnector counts the calls of its Close, which fails after the
// first.
type closerConnector struct {
	fakedriver.Connector
	closes atomic.Int32
}

func (c *closerConnector) Close() error {
	if c.closes.Add(1) > 1 {
		return errors.New("connector closed twice")
	}
	return nil
}

var _ io.Closer = (*closerConnector)(nil)

// A second DB.Close does nothing and returns nil. The previous version
// closed an io.Closer connector again and returned its error.
func TestCloseTwice(t *testing.T) {
	sc, pc := &closerConnector{}, &closerConnector{}
	sdb, pdb := sql.OpenDB(sc), sqlpool.OpenDB(pc)
	for i := 1; i <= 2; i++ {
		serr, perr := sdb.Close(), pdb.Close()
		if fmt.Sprint(perr) != fmt.Sprint(serr) {
			t.Fatalf("Close #%d: %v; database/sql: %v", i, perr, serr)
		}
	}
	if s, p := sc.closes.Load(), pc.closes.Load(); p != s {
		t.Fatalf("connector closed %d times; database/sql closes it %d times", p, s)
	}
	if err := pdb.PingContext(context.Background()); err == nil || err.Error() != "sql: database is closed" {
		t.Fatalf("Ping after Close: %v", err)
	}
}

// failCloseConnector's connections fail to close.
type failCloseConnector struct{ fakedriver.Connector }

func (c *failCloseConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	return failCloseConn{cn.(fullConn)}, err
}

type failCloseConn struct{ fullConn }

func (c failCloseConn) Close() error {
	c.fullConn.Close()
	return errors.New("close failed")
}

// DB.Close reports an error closing an idle connection, as database/sql
// does.
func TestCloseReportsConnCloseError(t *testing.T) {
	ctx := context.Background()
	sdb, pdb := sql.OpenDB(&failCloseConnector{}), sqlpool.OpenDB(&failCloseConnector{})
	if err := sdb.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	if err := pdb.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	if serr, perr := sdb.Close(), pdb.Close(); fmt.Sprint(perr) != fmt.Sprint(serr) {
		t.Fatalf("Close: %v; database/sql: %v", perr, serr)
	}
}

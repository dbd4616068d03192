package sqlpool

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

var errRowsClosed = errors.New("sql: Rows are closed")

// Rows is the result of a query, with the methods of *sql.Rows. Its cursor
// starts before the first row: call Next, then Scan. Rows holds its
// connection until it is closed: by Close, by Next returning false, or
// when the query's context (or its transaction) ends. Call Close when done
// early; it is safe to call more than once.
type Rows struct {
	s      *session
	owner  holder      // takes the connection back on close; nil for a nested cursor
	ri     driver.Rows // guarded by s.mu
	stmt   *prepared   // a statement prepared for this query alone, or nil
	parent *Stmt       // the DB statement these rows read from, or nil

	stopCtx, stopTx func() bool           // unregister the context watchers; may be nil
	ctxErr          atomic.Pointer[error] // the error of the context that ended the rows

	// mu is read-locked by Next, Scan and the other readers and locked by
	// close, so that a context watcher cannot close the driver's rows in
	// the middle of a call. A Scan into sql.RawBytes, which may point into
	// the driver's memory, keeps it read-locked until the next call.
	mu      sync.RWMutex
	closed  bool  // guarded by mu
	err     error // guarded by mu: why iteration stopped; io.EOF at the end
	rawHeld bool  // a Scan into RawBytes holds mu
	atEnd   bool  // Next returned false because iteration stopped
	row     []driver.Value
	names   []string // column names, once a Scan error needed them
	plan    []column // scan.go
	raw     []byte   // the memory behind RawBytes destinations
	nested  []*Rows  // cursors read from this result, closed with it
	rowBuf  [8]driver.Value
	planBuf [8]column
}

// holder lends a connection to an operation and takes it back: the DB
// returns it to the pool, a Conn or a Tx keeps it for their next call.
type holder interface {
	putBack(s *session, err error)
}

func newRows(s *session, owner holder, ri driver.Rows) *Rows {
	return &Rows{s: s, owner: owner, ri: ri}
}

// watch closes the rows when ctx, or the transaction's txCtx, ends.
func (rs *Rows) watch(ctx, txCtx context.Context) {
	// A watcher may fire at once; close, which it calls, takes rs.mu and
	// so finds the stop functions set.
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if ctx.Done() != nil {
		rs.stopCtx = context.AfterFunc(ctx, func() { rs.interrupt(ctx, ctx) })
	}
	if txCtx != nil && txCtx.Done() != nil {
		rs.stopTx = context.AfterFunc(txCtx, func() { rs.interrupt(ctx, txCtx) })
	}
}

// interrupt records why the rows stop and closes them. As in database/sql,
// the rows keep the query context's error, and Err reports the error of the
// context that ended first.
func (rs *Rows) interrupt(query, ended context.Context) {
	err := ended.Err()
	rs.ctxErr.CompareAndSwap(nil, &err)
	rs.close(query.Err())
}

// Next prepares the next row for Scan. It returns false when the rows run
// out or fail; Err tells which. At the end of a result set that is followed
// by another, the rows stay open for NextResultSet.
func (rs *Rows) Next() bool {
	rs.releaseRaw()
	if rs.ctxErr.Load() != nil {
		return false
	}
	rs.mu.RLock()
	ok, stop := rs.advance()
	rs.mu.RUnlock()
	if stop {
		rs.Close()
		rs.atEnd = true
	}
	return ok
}

// advance reads the next row; stop says the rows are to be closed.
func (rs *Rows) advance() (ok, stop bool) {
	if rs.closed {
		return false, false
	}
	rs.s.mu.Lock()
	defer rs.s.mu.Unlock()
	if rs.row == nil {
		n := len(rs.ri.Columns())
		if n <= len(rs.rowBuf) {
			rs.row = rs.rowBuf[:n:n]
		} else {
			rs.row = make([]driver.Value, n)
		}
	}
	rs.err = rs.ri.Next(rs.row)
	switch {
	case rs.err == nil:
		return true, false
	case rs.err != io.EOF:
		return false, true
	}
	more, ok := rs.ri.(driver.RowsNextResultSet)
	return false, !ok || !more.HasNextResultSet()
}

// NextResultSet moves to the next result set, reporting whether there is
// one; call Next before scanning its first row.
func (rs *Rows) NextResultSet() bool {
	rs.releaseRaw()
	ok, stop := rs.nextSet()
	if stop {
		rs.Close()
	}
	return ok
}

func (rs *Rows) nextSet() (ok, stop bool) {
	rs.mu.RLock()
	defer rs.mu.RUnlock()
	if rs.closed {
		return false, false
	}
	rs.row, rs.names, rs.plan = nil, nil, nil
	more, can := rs.ri.(driver.RowsNextResultSet)
	if !can {
		return false, true
	}
	rs.s.mu.Lock()
	rs.err = more.NextResultSet()
	rs.s.mu.Unlock()
	return rs.err == nil, rs.err != nil
}

// Err returns the error that stopped iteration, or nil when the rows were
// read to the end.
func (rs *Rows) Err() error {
	if !rs.atEnd {
		if p := rs.ctxErr.Load(); p != nil {
			return *p
		}
	}
	rs.mu.RLock()
	defer rs.mu.RUnlock()
	return rs.failure(nil)
}

// failure is the error that stopped iteration, if any, else err.
func (rs *Rows) failure(err error) error {
	if rs.err != nil && rs.err != io.EOF {
		return rs.err
	}
	return err
}

// Columns returns the column names.
func (rs *Rows) Columns() ([]string, error) {
	rs.mu.RLock()
	defer rs.mu.RUnlock()
	if rs.closed {
		return nil, rs.failure(errRowsClosed)
	}
	return rs.columnNames(), nil
}

func (rs *Rows) columnNames() []string {
	rs.s.mu.Lock()
	defer rs.s.mu.Unlock()
	return rs.ri.Columns()
}

// ColumnTypes describes the columns: type, length, nullability, as far as
// the driver says.
func (rs *Rows) ColumnTypes() ([]*ColumnType, error) {
	rs.mu.RLock()
	defer rs.mu.RUnlock()
	if rs.closed {
		return nil, rs.failure(errRowsClosed)
	}
	rs.s.mu.Lock()
	defer rs.s.mu.Unlock()
	return describeColumns(rs.ri), nil
}

// Scan copies the current row's columns into dest, converting as
// database/sql does (see the package documentation). Bytes scanned into a
// sql.RawBytes stay valid until the next call to Next, Scan or Close.
func (rs *Rows) Scan(dest ...any) error {
	if rs.rawHeld {
		return errors.New("sql: Scan called without calling Next (closemuScanHold)")
	}
	rs.mu.RLock()
	rs.raw = rs.raw[:0]
	hold, err := rs.scan(dest)
	if err == nil && hold {
		rs.rawHeld = true
	} else {
		rs.mu.RUnlock()
	}
	return err
}

// scan runs each column's step; hold reports a RawBytes destination.
func (rs *Rows) scan(dest []any) (hold bool, err error) {
	if rs.err != nil && rs.err != io.EOF {
		return false, rs.err
	}
	if rs.closed {
		return false, rs.failure(errRowsClosed)
	}
	if rs.row == nil {
		return false, errors.New("sql: Scan called without calling Next")
	}
	if len(dest) != len(rs.row) {
		return false, fmt.Errorf("sql: expected %d destination arguments in Scan, not %d", len(rs.row), len(dest))
	}
	if rs.plan == nil {
		if n := len(rs.row); n <= len(rs.planBuf) {
			rs.plan = rs.planBuf[:n:n]
		} else {
			rs.plan = make([]column, n)
		}
	}
	for i, v := range rs.row {
		c, d := &rs.plan[i], dest[i]
		err := c.apply(d, v, rs)
		if err == errMiss {
			c.choose(d, v)
			err = c.apply(d, v, rs)
		}
		if err != nil {
			return false, fmt.Errorf("sql: Scan error on column index %d, name %q: %w", i, rs.columnName(i), err)
		}
		if _, raw := d.(*sql.RawBytes); raw {
			hold = true
		}
	}
	return hold, nil
}

func (rs *Rows) columnName(i int) string {
	if rs.names == nil {
		rs.names = rs.columnNames()
	}
	return rs.names[i]
}

// keepRaw makes b, which extends rs.raw, the new buffer and returns the
// part added.
func (rs *Rows) keepRaw(b []byte) sql.RawBytes {
	start := len(rs.raw)
	rs.raw = b
	return rs.raw[start:]
}

// adopt makes d the rows of a cursor value read from rs; they use rs's
// connection and are closed with rs.
func (rs *Rows) adopt(d *Rows, cur driver.Rows) {
	*d = Rows{s: rs.s, ri: cur}
	rs.nested = append(rs.nested, d)
}

func (rs *Rows) releaseRaw() {
	if rs.rawHeld {
		rs.rawHeld = false
		rs.mu.RUnlock()
	}
}

// Close closes the rows and gives the connection back. It does not change
// what Err reports.
func (rs *Rows) Close() error {
	rs.releaseRaw()
	return rs.close(nil)
}

// close closes the rows once; cause, when iteration has not stopped yet,
// becomes the reason it did.
func (rs *Rows) close(cause error) error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if done := rs.closed; done {
		return nil
	}
	rs.closed, rs.err = true, cmp.Or(rs.err, cause)
	err := rs.closeDriver()
	if rs.stopCtx != nil {
		rs.stopCtx()
	}
	if rs.stopTx != nil {
		rs.stopTx()
	}
	for _, n := range rs.nested {
		n.close(rs.err)
	}
	if rs.stmt != nil {
		rs.stmt.close()
	}
	if rs.owner != nil {
		rs.owner.putBack(rs.s, err)
	}
	if rs.parent != nil {
		rs.parent.unuse()
	}
	rs.err = rs.failure(err)
	return err
}

func (rs *Rows) closeDriver() error {
	rs.s.mu.Lock()
	defer rs.s.mu.Unlock()
	return rs.ri.Close()
}

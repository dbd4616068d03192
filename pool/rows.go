package pool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

var (
	errRowsClosed = errors.New("sql: Rows are closed")
	errNoRows     = errors.New("sql: no Rows available")
)

// Rows is the result of a query, with the API of *sql.Rows. Its cursor
// starts before the first row; use Next to advance. Rows holds its
// connection until it is closed, which happens when Next returns false, on
// Close, or when the query's context is done.
type Rows struct {
	dc          *driverConn
	releaseConn func(error)
	rowsi       driver.Rows
	cancel      func()      // stops the context watcher; may be nil
	closeStmt   *driverStmt // closed with the rows; may be nil

	contextDone atomic.Pointer[error] // the context's error once it is done

	closemu         sync.RWMutex // held exclusively while closing
	lasterr         error        // guarded by closemu; non-nil only once closed or at EOF
	closed          bool         // guarded by closemu
	closemuScanHold bool         // a Scan into RawBytes holds closemu until the next call
	hitEOF          bool         // Next returned false at the end of the results
	lastcols        []driver.Value
	raw             []byte // buffer behind RawBytes destinations
}

func (rs *Rows) lasterrOrErrLocked(err error) error {
	if rs.lasterr != nil && rs.lasterr != io.EOF {
		return rs.lasterr
	}
	return err
}

// initContextClose closes the rows when ctx (or the transaction's context)
// is done.
func (rs *Rows) initContextClose(ctx, txctx context.Context) {
	if ctx.Done() == nil && (txctx == nil || txctx.Done() == nil) {
		return
	}
	closectx, cancel := context.WithCancel(ctx)
	rs.cancel = cancel
	go rs.awaitDone(ctx, txctx, closectx)
}

func (rs *Rows) awaitDone(ctx, txctx, closectx context.Context) {
	var txctxDone <-chan struct{}
	if txctx != nil {
		txctxDone = txctx.Done()
	}
	select {
	case <-ctx.Done():
		err := ctx.Err()
		rs.contextDone.Store(&err)
	case <-txctxDone:
		err := txctx.Err()
		rs.contextDone.Store(&err)
	case <-closectx.Done():
	}
	rs.close(ctx.Err())
}

// Next prepares the next row for Scan. It returns false at the end of the
// rows or on an error; Err tells which. Every Scan must be preceded by Next.
func (rs *Rows) Next() bool {
	rs.closemuRUnlockIfHeldByScan()
	if rs.contextDone.Load() != nil {
		return false
	}
	rs.closemu.RLock()
	doClose, ok := rs.nextLocked()
	rs.closemu.RUnlock()
	if doClose {
		rs.Close()
	}
	if doClose && !ok {
		rs.hitEOF = true
	}
	return ok
}

func (rs *Rows) nextLocked() (doClose, ok bool) {
	if rs.closed {
		return false, false
	}
	rs.dc.Lock()
	defer rs.dc.Unlock()
	if rs.lastcols == nil {
		rs.lastcols = make([]driver.Value, len(rs.rowsi.Columns()))
	}
	rs.lasterr = rs.rowsi.Next(rs.lastcols)
	if rs.lasterr != nil {
		if rs.lasterr != io.EOF {
			return true, false
		}
		nrs, ok := rs.rowsi.(driver.RowsNextResultSet)
		if !ok || !nrs.HasNextResultSet() {
			return true, false
		}
		return false, false
	}
	return false, true
}

// NextResultSet prepares the next result set; it reports whether there is
// one. Call Next before scanning its first row.
func (rs *Rows) NextResultSet() bool {
	rs.closemuRUnlockIfHeldByScan()
	var doClose bool
	defer func() {
		if doClose {
			rs.Close()
		}
	}()
	rs.closemu.RLock()
	defer rs.closemu.RUnlock()
	if rs.closed {
		return false
	}
	rs.lastcols = nil
	nrs, ok := rs.rowsi.(driver.RowsNextResultSet)
	if !ok {
		doClose = true
		return false
	}
	rs.dc.Lock()
	defer rs.dc.Unlock()
	rs.lasterr = nrs.NextResultSet()
	if rs.lasterr != nil {
		doClose = true
		return false
	}
	return true
}

// Err returns the error, if any, met during iteration. It is nil after the
// rows were read to the end.
func (rs *Rows) Err() error {
	if !rs.hitEOF {
		if errp := rs.contextDone.Load(); errp != nil {
			return *errp
		}
	}
	rs.closemu.RLock()
	defer rs.closemu.RUnlock()
	return rs.lasterrOrErrLocked(nil)
}

// Columns returns the column names.
func (rs *Rows) Columns() ([]string, error) {
	rs.closemu.RLock()
	defer rs.closemu.RUnlock()
	if rs.closed {
		return nil, rs.lasterrOrErrLocked(errRowsClosed)
	}
	if rs.rowsi == nil {
		return nil, rs.lasterrOrErrLocked(errNoRows)
	}
	rs.dc.Lock()
	defer rs.dc.Unlock()
	return rs.rowsi.Columns(), nil
}

// ColumnTypes returns column information: type, length and nullability,
// as far as the driver reports them.
func (rs *Rows) ColumnTypes() ([]*ColumnType, error) {
	rs.closemu.RLock()
	defer rs.closemu.RUnlock()
	if rs.closed {
		return nil, rs.lasterrOrErrLocked(errRowsClosed)
	}
	if rs.rowsi == nil {
		return nil, rs.lasterrOrErrLocked(errNoRows)
	}
	rs.dc.Lock()
	defer rs.dc.Unlock()
	return columnTypes(rs.rowsi), nil
}

// Scan copies the columns of the current row into dest, converting as
// database/sql does (see the package documentation). Bytes scanned into
// sql.RawBytes stay valid until the next call to Next, Scan or Close.
func (rs *Rows) Scan(dest ...any) error {
	if rs.closemuScanHold {
		return fmt.Errorf("sql: Scan called without calling Next (closemuScanHold)")
	}
	rs.closemu.RLock()
	rs.raw = rs.raw[:0]
	err := rs.scanLocked(dest...)
	if err == nil && hasRawBytes(dest) {
		rs.closemuScanHold = true
	} else {
		rs.closemu.RUnlock()
	}
	return err
}

func (rs *Rows) scanLocked(dest ...any) error {
	if rs.lasterr != nil && rs.lasterr != io.EOF {
		return rs.lasterr
	}
	if rs.closed {
		return rs.lasterrOrErrLocked(errRowsClosed)
	}
	if rs.lastcols == nil {
		return errors.New("sql: Scan called without calling Next")
	}
	if len(dest) != len(rs.lastcols) {
		return fmt.Errorf("sql: expected %d destination arguments in Scan, not %d", len(rs.lastcols), len(dest))
	}
	for i, sv := range rs.lastcols {
		if err := convertAssign(dest[i], sv, rs); err != nil {
			return fmt.Errorf(`sql: Scan error on column index %d, name %q: %w`, i, rs.rowsi.Columns()[i], err)
		}
	}
	return nil
}

func (rs *Rows) closemuRUnlockIfHeldByScan() {
	if rs.closemuScanHold {
		rs.closemuScanHold = false
		rs.closemu.RUnlock()
	}
}

func hasRawBytes(args []any) bool {
	for _, a := range args {
		if _, ok := a.(*sql.RawBytes); ok {
			return true
		}
	}
	return false
}

func (rs *Rows) rawBuf() []byte {
	if rs == nil {
		return nil
	}
	return rs.raw
}

func (rs *Rows) setRaw(b []byte) sql.RawBytes {
	if rs == nil {
		return sql.RawBytes(b)
	}
	off := len(rs.raw)
	rs.raw = b
	return sql.RawBytes(rs.raw[off:])
}

// Close closes the rows and gives the connection back. It is idempotent and
// does not change the result of Err.
func (rs *Rows) Close() error {
	rs.closemuRUnlockIfHeldByScan()
	return rs.close(nil)
}

func (rs *Rows) close(err error) error {
	rs.closemu.Lock()
	defer rs.closemu.Unlock()
	if rs.closed {
		return nil
	}
	rs.closed = true
	if rs.lasterr == nil {
		rs.lasterr = err
	}
	rs.dc.Lock()
	err = rs.rowsi.Close()
	rs.dc.Unlock()
	if rs.cancel != nil {
		rs.cancel()
	}
	if rs.closeStmt != nil {
		rs.closeStmt.Close()
	}
	rs.releaseConn(err)
	rs.lasterr = rs.lasterrOrErrLocked(err)
	return err
}

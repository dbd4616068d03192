package pool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"
)

// driverConn is one driver connection in the pool. Its mutex serialises
// every call into the driver, as drivers are not safe for concurrent use.
// The optional driver interfaces are detected once, when it is opened.
type driverConn struct {
	db  *DB
	res *Resource[*driverConn] // set when opened; never changes

	sync.Mutex                          // guards ci, needReset, openStmt
	ci         driver.Conn              // the driver connection
	needReset  bool                     // ResetSession is due before the next use
	openStmt   map[*driverStmt]struct{} // statements prepared through DB.Prepare
	closed     atomic.Bool

	execerCtx  driver.ExecerContext
	execer     driver.Execer
	queryerCtx driver.QueryerContext
	queryer    driver.Queryer
	resetter   driver.SessionResetter
	validator  driver.Validator
	pinger     driver.Pinger
}

func newDriverConn(db *DB, ci driver.Conn) *driverConn {
	dc := &driverConn{db: db, ci: ci}
	dc.execerCtx, _ = ci.(driver.ExecerContext)
	if dc.execerCtx == nil {
		dc.execer, _ = ci.(driver.Execer)
	}
	dc.queryerCtx, _ = ci.(driver.QueryerContext)
	if dc.queryerCtx == nil {
		dc.queryer, _ = ci.(driver.Queryer)
	}
	dc.resetter, _ = ci.(driver.SessionResetter)
	dc.validator, _ = ci.(driver.Validator)
	dc.pinger, _ = ci.(driver.Pinger)
	return dc
}

// releaseConn returns dc to the pool; a driver.ErrBadConn (or a connection
// that reports itself invalid) closes it instead.
func (dc *driverConn) releaseConn(err error) {
	if !errors.Is(err, driver.ErrBadConn) {
		dc.Lock()
		dc.needReset = dc.resetter != nil
		valid := dc.validator == nil || dc.validator.IsValid()
		dc.Unlock()
		if !valid {
			err = driver.ErrBadConn
		}
	}
	if errors.Is(err, driver.ErrBadConn) {
		dc.res.Destroy()
		return
	}
	dc.res.Release()
}

// close closes dc's statements and the driver connection; the pool calls it.
func (dc *driverConn) close() {
	dc.Lock()
	for ds := range dc.openStmt {
		ds.closeLocked()
	}
	dc.openStmt = nil
	dc.ci.Close()
	dc.closed.Store(true)
	dc.Unlock()
}

// prepareLocked prepares query on dc; dc must be locked. Statements of a
// DB-level Stmt (cg == nil) are closed with the connection.
func (dc *driverConn) prepareLocked(ctx context.Context, cg stmtConnGrabber, query string) (*driverStmt, error) {
	si, err := ctxDriverPrepare(ctx, dc.ci, query)
	if err != nil {
		return nil, err
	}
	ds := &driverStmt{Locker: dc, si: si}
	if cg == nil {
		if dc.openStmt == nil {
			dc.openStmt = make(map[*driverStmt]struct{})
		}
		dc.openStmt[ds] = struct{}{}
	}
	return ds, nil
}

func (dc *driverConn) removeOpenStmt(ds *driverStmt) {
	dc.Lock()
	delete(dc.openStmt, ds)
	dc.Unlock()
}

// driverStmt is a prepared driver statement and the lock of its connection.
type driverStmt struct {
	sync.Locker // the driverConn
	si          driver.Stmt
	closed      bool
	closeErr    error
}

// Close closes the driver statement once; later calls return the first error.
func (ds *driverStmt) Close() error {
	ds.Lock()
	defer ds.Unlock()
	return ds.closeLocked()
}

func (ds *driverStmt) closeLocked() error {
	if ds.closed {
		return ds.closeErr
	}
	ds.closed = true
	ds.closeErr = ds.si.Close()
	return ds.closeErr
}

// driverResult locks the connection around calls into the driver's Result.
type driverResult struct {
	sync.Locker
	resi driver.Result
}

func (dr driverResult) LastInsertId() (int64, error) {
	dr.Lock()
	defer dr.Unlock()
	return dr.resi.LastInsertId()
}

func (dr driverResult) RowsAffected() (int64, error) {
	dr.Lock()
	defer dr.Unlock()
	return dr.resi.RowsAffected()
}

func ctxDriverPrepare(ctx context.Context, ci driver.Conn, query string) (driver.Stmt, error) {
	if c, ok := ci.(driver.ConnPrepareContext); ok {
		return c.PrepareContext(ctx, query)
	}
	si, err := ci.Prepare(query)
	if err == nil {
		select {
		default:
		case <-ctx.Done():
			si.Close()
			return nil, ctx.Err()
		}
	}
	return si, err
}

func ctxDriverExec(ctx context.Context, ec driver.ExecerContext, e driver.Execer, query string, nv []driver.NamedValue) (driver.Result, error) {
	if ec != nil {
		return ec.ExecContext(ctx, query, nv)
	}
	dargs, err := namedValueToValue(nv)
	if err != nil {
		return nil, err
	}
	select {
	default:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return e.Exec(query, dargs)
}

func ctxDriverQuery(ctx context.Context, qc driver.QueryerContext, q driver.Queryer, query string, nv []driver.NamedValue) (driver.Rows, error) {
	if qc != nil {
		return qc.QueryContext(ctx, query, nv)
	}
	dargs, err := namedValueToValue(nv)
	if err != nil {
		return nil, err
	}
	select {
	default:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return q.Query(query, dargs)
}

func ctxDriverStmtExec(ctx context.Context, si driver.Stmt, nv []driver.NamedValue) (driver.Result, error) {
	if s, ok := si.(driver.StmtExecContext); ok {
		return s.ExecContext(ctx, nv)
	}
	dargs, err := namedValueToValue(nv)
	if err != nil {
		return nil, err
	}
	select {
	default:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return si.Exec(dargs)
}

func ctxDriverStmtQuery(ctx context.Context, si driver.Stmt, nv []driver.NamedValue) (driver.Rows, error) {
	if s, ok := si.(driver.StmtQueryContext); ok {
		return s.QueryContext(ctx, nv)
	}
	dargs, err := namedValueToValue(nv)
	if err != nil {
		return nil, err
	}
	select {
	default:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return si.Query(dargs)
}

func ctxDriverBegin(ctx context.Context, opts *sql.TxOptions, ci driver.Conn) (driver.Tx, error) {
	if c, ok := ci.(driver.ConnBeginTx); ok {
		dopts := driver.TxOptions{}
		if opts != nil {
			dopts.Isolation = driver.IsolationLevel(opts.Isolation)
			dopts.ReadOnly = opts.ReadOnly
		}
		return c.BeginTx(ctx, dopts)
	}
	if opts != nil {
		if opts.Isolation != sql.LevelDefault {
			return nil, errors.New("sql: driver does not support non-default isolation level")
		}
		if opts.ReadOnly {
			return nil, errors.New("sql: driver does not support read-only transactions")
		}
	}
	if ctx.Done() == nil {
		return ci.Begin() //nolint:staticcheck // the fallback database/sql uses too
	}
	txi, err := ci.Begin() //nolint:staticcheck
	if err == nil {
		select {
		default:
		case <-ctx.Done():
			txi.Rollback()
			return nil, ctx.Err()
		}
	}
	return txi, err
}

// resultFromStatement runs ds with args and wraps the result.
func resultFromStatement(ctx context.Context, ci driver.Conn, ds *driverStmt, args ...any) (sql.Result, error) {
	ds.Lock()
	defer ds.Unlock()
	dargs, err := driverArgs(ci, ds, args)
	if err != nil {
		return nil, err
	}
	resi, err := ctxDriverStmtExec(ctx, ds.si, dargs)
	if err != nil {
		return nil, err
	}
	return driverResult{ds.Locker, resi}, nil
}

func rowsiFromStatement(ctx context.Context, ci driver.Conn, ds *driverStmt, args ...any) (driver.Rows, error) {
	ds.Lock()
	defer ds.Unlock()
	dargs, err := driverArgs(ci, ds, args)
	if err != nil {
		return nil, err
	}
	return ctxDriverStmtQuery(ctx, ds.si, dargs)
}

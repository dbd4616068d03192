package pool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
)

// This file holds the DB methods that run statements, each retried on a
// new connection after driver.ErrBadConn as database/sql does.

func isBadConn(err error) bool { return errors.Is(err, driver.ErrBadConn) }

// PingContext verifies a connection to the database is still alive,
// establishing one if necessary.
func (db *DB) PingContext(ctx context.Context) error {
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		var dc *driverConn
		dc, err = db.conn(ctx, strategyFor(i))
		if err == nil {
			err = db.pingDC(ctx, dc, dc.releaseConn)
		}
		if !isBadConn(err) {
			break
		}
	}
	return err
}

func strategyFor(attempt int) connStrategy {
	if attempt < maxBadConnRetries {
		return cachedOrNewConn
	}
	return alwaysNewConn
}

// Ping is PingContext with context.Background.
func (db *DB) Ping() error { return db.PingContext(context.Background()) }

func (db *DB) pingDC(ctx context.Context, dc *driverConn, release func(error)) error {
	var err error
	if dc.pinger != nil {
		dc.Lock()
		err = dc.pinger.Ping(ctx)
		dc.Unlock()
	}
	release(err)
	return err
}

// ExecContext executes a query without returning any rows.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		var dc *driverConn
		dc, err = db.conn(ctx, strategyFor(i))
		if err == nil {
			res, err = db.execDC(ctx, dc, nil, query, args)
		}
		if !isBadConn(err) {
			break
		}
	}
	return res, err
}

// Exec is ExecContext with context.Background.
func (db *DB) Exec(query string, args ...any) (sql.Result, error) {
	return db.ExecContext(context.Background(), query, args...)
}

// execDC runs query on dc and releases it, through release or, when release
// is nil, back to the pool.
func (db *DB) execDC(ctx context.Context, dc *driverConn, release func(error), query string, args []any) (res sql.Result, err error) {
	defer func() {
		if release == nil {
			dc.releaseConn(err)
		} else {
			release(err)
		}
	}()
	if dc.execerCtx != nil || dc.execer != nil {
		dc.Lock()
		var nv []driver.NamedValue
		nv, err = driverArgs(dc.ci, nil, args)
		var resi driver.Result
		if err == nil {
			resi, err = ctxDriverExec(ctx, dc.execerCtx, dc.execer, query, nv)
		}
		dc.Unlock()
		if err != driver.ErrSkip {
			if err != nil {
				return nil, err
			}
			return driverResult{dc, resi}, nil
		}
	}
	dc.Lock()
	si, err := ctxDriverPrepare(ctx, dc.ci, query)
	dc.Unlock()
	if err != nil {
		return nil, err
	}
	ds := &driverStmt{Locker: dc, si: si}
	defer ds.Close()
	return resultFromStatement(ctx, dc.ci, ds, args...)
}

// QueryContext executes a query that returns rows. The caller must Close
// the rows (or read them to the end) to give the connection back.
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	var rows *Rows
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		var dc *driverConn
		dc, err = db.conn(ctx, strategyFor(i))
		if err == nil {
			rows, err = db.queryDC(ctx, nil, dc, dc.releaseConn, query, args)
		}
		if !isBadConn(err) {
			break
		}
	}
	return rows, err
}

// Query is QueryContext with context.Background.
func (db *DB) Query(query string, args ...any) (*Rows, error) {
	return db.QueryContext(context.Background(), query, args...)
}

func (db *DB) queryDC(ctx, txctx context.Context, dc *driverConn, release func(error), query string, args []any) (*Rows, error) {
	if dc.queryerCtx != nil || dc.queryer != nil {
		dc.Lock()
		nv, err := driverArgs(dc.ci, nil, args)
		var rowsi driver.Rows
		if err == nil {
			rowsi, err = ctxDriverQuery(ctx, dc.queryerCtx, dc.queryer, query, nv)
		}
		dc.Unlock()
		if err != driver.ErrSkip {
			if err != nil {
				release(err)
				return nil, err
			}
			rows := &Rows{dc: dc, releaseConn: release, rowsi: rowsi}
			rows.initContextClose(ctx, txctx)
			return rows, nil
		}
	}
	dc.Lock()
	si, err := ctxDriverPrepare(ctx, dc.ci, query)
	dc.Unlock()
	if err != nil {
		release(err)
		return nil, err
	}
	ds := &driverStmt{Locker: dc, si: si}
	rowsi, err := rowsiFromStatement(ctx, dc.ci, ds, args...)
	if err != nil {
		ds.Close()
		release(err)
		return nil, err
	}
	rows := &Rows{dc: dc, releaseConn: release, rowsi: rowsi, closeStmt: ds}
	rows.initContextClose(ctx, txctx)
	return rows, nil
}

// QueryRowContext executes a query expected to return at most one row.
// Errors are deferred until Row.Scan; with no row, Scan returns
// sql.ErrNoRows.
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	rows, err := db.QueryContext(ctx, query, args...)
	return &Row{rows: rows, err: err}
}

// QueryRow is QueryRowContext with context.Background.
func (db *DB) QueryRow(query string, args ...any) *Row {
	return db.QueryRowContext(context.Background(), query, args...)
}

// PrepareContext creates a prepared statement for later queries or
// executions; it may run on any connection and is re-prepared as needed.
// The caller must Close the statement.
func (db *DB) PrepareContext(ctx context.Context, query string) (*Stmt, error) {
	var stmt *Stmt
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		var dc *driverConn
		dc, err = db.conn(ctx, strategyFor(i))
		if err == nil {
			stmt, err = db.prepareDC(ctx, dc, dc.releaseConn, nil, query)
		}
		if !isBadConn(err) {
			break
		}
	}
	return stmt, err
}

// Prepare is PrepareContext with context.Background.
func (db *DB) Prepare(query string) (*Stmt, error) {
	return db.PrepareContext(context.Background(), query)
}

func (db *DB) prepareDC(ctx context.Context, dc *driverConn, release func(error), cg stmtConnGrabber, query string) (*Stmt, error) {
	dc.Lock()
	ds, err := dc.prepareLocked(ctx, cg, query)
	dc.Unlock()
	defer func() { release(err) }()
	if err != nil {
		return nil, err
	}
	stmt := &Stmt{db: db, query: query, cg: cg, cgds: ds}
	if cg == nil {
		stmt.css = []connStmt{{dc, ds}}
	}
	return stmt, nil
}

// BeginTx starts a transaction. If ctx is canceled before Commit or
// Rollback, the transaction is rolled back. The driver rejects isolation
// levels or read-only modes it does not support.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	var tx *Tx
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		var dc *driverConn
		dc, err = db.conn(ctx, strategyFor(i))
		if err == nil {
			tx, err = db.beginDC(ctx, dc, dc.releaseConn, opts)
		}
		if !isBadConn(err) {
			break
		}
	}
	return tx, err
}

// Begin is BeginTx with context.Background and default options.
func (db *DB) Begin() (*Tx, error) { return db.BeginTx(context.Background(), nil) }

func (db *DB) beginDC(ctx context.Context, dc *driverConn, release func(error), opts *sql.TxOptions) (*Tx, error) {
	dc.Lock()
	keep := dc.resetter != nil && dc.validator != nil
	txi, err := ctxDriverBegin(ctx, opts, dc.ci)
	dc.Unlock()
	if err != nil {
		release(err)
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	tx := &Tx{db: db, dc: dc, releaseConn: release, txi: txi, cancel: cancel, keepConnOnRollback: keep, ctx: ctx}
	go tx.awaitDone()
	return tx, nil
}

// Conn returns a single connection, reserved until Conn.Close. Queries on
// one Conn run on the same session.
func (db *DB) Conn(ctx context.Context) (*Conn, error) {
	var dc *driverConn
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		dc, err = db.conn(ctx, strategyFor(i))
		if !isBadConn(err) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return &Conn{db: db, dc: dc}, nil
}

package pool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"
)

// stmtConnGrabber is what a Tx or a Conn gives a Stmt bound to it.
type stmtConnGrabber interface {
	grabConn(ctx context.Context) (*driverConn, func(error), error)
	txCtx() context.Context
}

var (
	_ stmtConnGrabber = (*Tx)(nil)
	_ stmtConnGrabber = (*Conn)(nil)
)

// Tx is a transaction, with the API of *sql.Tx. It holds its connection
// until Commit or Rollback; after either, every call returns sql.ErrTxDone.
// If the context given to BeginTx is done first, the transaction is rolled
// back.
type Tx struct {
	db *DB

	closemu sync.RWMutex // held shared by operations, exclusively by Commit/Rollback

	dc          *driverConn // guarded by closemu; nil once done
	releaseConn func(error)
	txi         driver.Tx

	done               atomic.Bool
	keepConnOnRollback bool // the driver can reset the session after a canceled tx
	cancel             func()
	ctx                context.Context

	stmts struct {
		sync.Mutex
		v []*Stmt
	}
}

func (tx *Tx) awaitDone() {
	<-tx.ctx.Done()
	tx.rollback(!tx.keepConnOnRollback)
}

func (tx *Tx) isDone() bool { return tx.done.Load() }

func (tx *Tx) close(err error) {
	tx.releaseConn(err)
	tx.dc = nil
	tx.txi = nil
}

func (tx *Tx) grabConn(ctx context.Context) (*driverConn, func(error), error) {
	select {
	default:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	tx.closemu.RLock()
	if tx.isDone() {
		tx.closemu.RUnlock()
		return nil, nil, sql.ErrTxDone
	}
	return tx.dc, tx.closemuRUnlockRelease, nil
}

func (tx *Tx) txCtx() context.Context { return tx.ctx }

func (tx *Tx) closemuRUnlockRelease(error) { tx.closemu.RUnlock() }

func (tx *Tx) closePrepared() {
	tx.stmts.Lock()
	defer tx.stmts.Unlock()
	for _, s := range tx.stmts.v {
		s.Close()
	}
}

// Commit commits the transaction.
func (tx *Tx) Commit() error {
	select {
	default:
	case <-tx.ctx.Done():
		if tx.done.Load() {
			return sql.ErrTxDone
		}
		return tx.ctx.Err()
	}
	if !tx.done.CompareAndSwap(false, true) {
		return sql.ErrTxDone
	}
	tx.cancel()
	tx.closemu.Lock()
	tx.closemu.Unlock()
	tx.dc.Lock()
	err := tx.txi.Commit()
	tx.dc.Unlock()
	if !errors.Is(err, driver.ErrBadConn) {
		tx.closePrepared()
	}
	tx.close(err)
	return err
}

func (tx *Tx) rollback(discardConn bool) error {
	if !tx.done.CompareAndSwap(false, true) {
		return sql.ErrTxDone
	}
	tx.cancel()
	tx.closemu.Lock()
	tx.closemu.Unlock()
	tx.dc.Lock()
	err := tx.txi.Rollback()
	tx.dc.Unlock()
	if !errors.Is(err, driver.ErrBadConn) {
		tx.closePrepared()
	}
	if discardConn {
		err = driver.ErrBadConn
	}
	tx.close(err)
	return err
}

// Rollback aborts the transaction.
func (tx *Tx) Rollback() error { return tx.rollback(false) }

// PrepareContext creates a statement for use within the transaction; it is
// closed when the transaction ends.
func (tx *Tx) PrepareContext(ctx context.Context, query string) (*Stmt, error) {
	dc, release, err := tx.grabConn(ctx)
	if err != nil {
		return nil, err
	}
	stmt, err := tx.db.prepareDC(ctx, dc, release, tx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts.Lock()
	tx.stmts.v = append(tx.stmts.v, stmt)
	tx.stmts.Unlock()
	return stmt, nil
}

// Prepare is PrepareContext with context.Background.
func (tx *Tx) Prepare(query string) (*Stmt, error) {
	return tx.PrepareContext(context.Background(), query)
}

// StmtContext returns a transaction-specific statement from an existing
// one (prepared on the DB or on another transaction).
func (tx *Tx) StmtContext(ctx context.Context, stmt *Stmt) *Stmt {
	dc, release, err := tx.grabConn(ctx)
	if err != nil {
		return &Stmt{stickyErr: err}
	}
	defer release(nil)
	if tx.db != stmt.db {
		return &Stmt{stickyErr: errors.New("sql: Tx.Stmt: statement from different database used")}
	}
	var si driver.Stmt
	var parent *Stmt
	stmt.mu.Lock()
	if stmt.closed || stmt.cg != nil {
		stmt.mu.Unlock()
		dc.Lock()
		si, err = ctxDriverPrepare(ctx, dc.ci, stmt.query)
		dc.Unlock()
		if err != nil {
			return &Stmt{stickyErr: err}
		}
	} else {
		stmt.removeClosedStmtLocked()
		for _, v := range stmt.css {
			if v.dc == dc {
				si = v.ds.si
				break
			}
		}
		stmt.mu.Unlock()
		if si == nil {
			dc.Lock()
			ds, err := stmt.prepareOnConnLocked(ctx, dc)
			dc.Unlock()
			if err != nil {
				return &Stmt{stickyErr: err}
			}
			si = ds.si
		}
		parent = stmt
	}
	txs := &Stmt{
		db:         tx.db,
		cg:         tx,
		cgds:       &driverStmt{Locker: dc, si: si},
		parentStmt: parent,
		query:      stmt.query,
	}
	if parent != nil {
		parent.addDep()
	}
	tx.stmts.Lock()
	tx.stmts.v = append(tx.stmts.v, txs)
	tx.stmts.Unlock()
	return txs
}

// Stmt is StmtContext with context.Background.
func (tx *Tx) Stmt(stmt *Stmt) *Stmt { return tx.StmtContext(context.Background(), stmt) }

// ExecContext executes a query that returns no rows.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	dc, release, err := tx.grabConn(ctx)
	if err != nil {
		return nil, err
	}
	return tx.db.execDC(ctx, dc, release, query, args)
}

// Exec is ExecContext with context.Background.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(context.Background(), query, args...)
}

// QueryContext executes a query that returns rows.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	dc, release, err := tx.grabConn(ctx)
	if err != nil {
		return nil, err
	}
	return tx.db.queryDC(ctx, tx.ctx, dc, release, query, args)
}

// Query is QueryContext with context.Background.
func (tx *Tx) Query(query string, args ...any) (*Rows, error) {
	return tx.QueryContext(context.Background(), query, args...)
}

// QueryRowContext executes a query expected to return at most one row.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	rows, err := tx.QueryContext(ctx, query, args...)
	return &Row{rows: rows, err: err}
}

// QueryRow is QueryRowContext with context.Background.
func (tx *Tx) QueryRow(query string, args ...any) *Row {
	return tx.QueryRowContext(context.Background(), query, args...)
}

package sqlpool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"
)

// Tx is a transaction, with the methods of *sql.Tx. It holds its
// connection until Commit or Rollback; after either, every call returns
// sql.ErrTxDone. When the context given to BeginTx ends first, the
// transaction is rolled back.
type Tx struct {
	db    *DB
	s     *session
	owner holder // the DB or the Conn the transaction began on
	txi   driver.Tx

	// ctx ends with the transaction, which closes the Rows read in it.
	ctx       context.Context
	cancel    context.CancelFunc
	stopWatch func() bool // stops the rollback on the caller's context

	// keepOnCancel: a driver that can both reset and validate sessions
	// keeps its connection after a rollback forced by the context.
	keepOnCancel bool
	done         atomic.Bool
	mu           sync.RWMutex // read-locked by each call and open Rows, locked to end

	stmtMu sync.Mutex
	stmts  []*Stmt // guarded by stmtMu: closed when the transaction ends
}

func newTx(ctx context.Context, db *DB, s *session, owner holder, txi driver.Tx) *Tx {
	tx := &Tx{db: db, s: s, owner: owner, txi: txi,
		keepOnCancel: s.resetter != nil && s.validator != nil}
	tx.ctx, tx.cancel = context.WithCancel(ctx)
	tx.stopWatch = context.AfterFunc(ctx, tx.expire)
	return tx
}

// grab lends the connection to one call, which must end with putBack.
func (tx *Tx) grab(ctx context.Context) (*session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tx.mu.RLock()
	if tx.done.Load() {
		tx.mu.RUnlock()
		return nil, sql.ErrTxDone
	}
	return tx.s, nil
}

func (tx *Tx) putBack(*session, error) { tx.mu.RUnlock() }

func (tx *Tx) txContext() context.Context { return tx.ctx }

// Commit commits the transaction.
func (tx *Tx) Commit() error {
	if err := tx.ctx.Err(); err != nil {
		if tx.done.Load() {
			return sql.ErrTxDone
		}
		return err
	}
	tx.stopWatch()
	return tx.end(true, false)
}

// Rollback aborts the transaction.
func (tx *Tx) Rollback() error {
	tx.stopWatch()
	return tx.end(false, false)
}

// expire rolls back a transaction whose context ended first.
func (tx *Tx) expire() { tx.end(false, !tx.keepOnCancel) }

// end commits or rolls back, once. It first ends tx.ctx, which closes the
// transaction's Rows, then waits for calls in flight. discard closes the
// connection instead of returning it.
func (tx *Tx) end(commit, discard bool) error {
	if !tx.done.CompareAndSwap(false, true) {
		return sql.ErrTxDone
	}
	tx.cancel()
	tx.mu.Lock() // wait for the calls in flight; new ones see done
	tx.mu.Unlock()
	err := tx.s.endTx(tx.txi, commit)
	if !errors.Is(err, driver.ErrBadConn) {
		tx.closeStmts()
	}
	if discard {
		err = driver.ErrBadConn
	}
	tx.owner.putBack(tx.s, err)
	return err
}

func (tx *Tx) closeStmts() {
	tx.stmtMu.Lock()
	defer tx.stmtMu.Unlock()
	for _, st := range tx.stmts {
		st.Close()
	}
	tx.stmts = nil
}

func (tx *Tx) track(st *Stmt) {
	tx.stmtMu.Lock()
	tx.stmts = append(tx.stmts, st)
	tx.stmtMu.Unlock()
}

// ExecContext runs a statement that returns no rows.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := tx.grab(ctx)
	if err != nil {
		return nil, err
	}
	return execOn(ctx, s, tx, query, args)
}

// Exec is ExecContext with context.Background.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(context.Background(), query, args...)
}

// QueryContext runs a query that returns rows.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	s, err := tx.grab(ctx)
	if err != nil {
		return nil, err
	}
	return queryOn(ctx, tx.ctx, s, tx, query, args)
}

// Query is QueryContext with context.Background.
func (tx *Tx) Query(query string, args ...any) (*Rows, error) {
	return tx.QueryContext(context.Background(), query, args...)
}

// QueryRowContext runs a query expected to return at most one row.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	return rowOf(tx.QueryContext(ctx, query, args...))
}

// QueryRow is QueryRowContext with context.Background.
func (tx *Tx) QueryRow(query string, args ...any) *Row {
	return tx.QueryRowContext(context.Background(), query, args...)
}

// PrepareContext prepares a statement for use in the transaction; it is
// closed when the transaction ends.
func (tx *Tx) PrepareContext(ctx context.Context, query string) (_ *Stmt, err error) {
	s, err := tx.grab(ctx)
	if err != nil {
		return nil, err
	}
	// The statement is tracked before the connection is given back, so
	// that a Commit or Rollback, which waits for it, closes it.
	defer func() { tx.putBack(s, err) }()
	p, err := s.prepare(ctx, query, false)
	if err != nil {
		return nil, err
	}
	st := &Stmt{db: tx.db, query: query, owner: tx, bound: p}
	tx.track(st)
	return st, nil
}

// Prepare is PrepareContext with context.Background.
func (tx *Tx) Prepare(query string) (*Stmt, error) {
	return tx.PrepareContext(context.Background(), query)
}

// StmtContext returns a statement that runs stmt in this transaction. A
// DB statement already prepared on the transaction's connection lends it
// its driver statement; otherwise the query is prepared here. Errors wait
// for the statement's first use.
func (tx *Tx) StmtContext(ctx context.Context, stmt *Stmt) *Stmt {
	s, err := tx.grab(ctx)
	if err != nil {
		return &Stmt{err: err}
	}
	defer tx.putBack(s, nil)
	if stmt.db != tx.db {
		return &Stmt{err: errors.New("sql: Tx.Stmt: statement from different database used")}
	}
	st := &Stmt{db: tx.db, query: stmt.query, owner: tx}
	st.bound, err = stmt.lend(ctx, s)
	if st.bound != nil {
		st.parent = stmt
	} else if err == nil {
		st.bound, err = s.prepare(ctx, stmt.query, false)
	}
	if err != nil {
		return &Stmt{err: err}
	}
	tx.track(st)
	return st
}

// Stmt is StmtContext with context.Background.
func (tx *Tx) Stmt(stmt *Stmt) *Stmt { return tx.StmtContext(context.Background(), stmt) }

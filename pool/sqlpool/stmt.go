package sqlpool

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

var errStmtClosed = errors.New("sql: statement is closed")

// Stmt is a prepared statement, with the methods of *sql.Stmt. One from
// DB.Prepare runs on any connection: it is prepared on each connection
// that runs it, as needed, and closed with it. One from a Tx or a Conn
// runs there only. The caller must Close it; a Tx closes its own when it
// ends.
type Stmt struct {
	db    *DB
	query string
	err   error // returned by every method: a Tx.Stmt that failed

	owner  grabber   // the Tx or Conn; nil for a DB statement
	bound  *prepared // the driver statement on owner's connection
	parent *Stmt     // the DB statement that lent bound, if any

	gate sync.RWMutex // read-locked by calls, locked by Close

	mu      sync.Mutex // guards the fields below
	closed  bool
	perConn []*prepared // a DB statement's driver statements
	users   int         // open Rows and Tx statements using perConn
}

// grabber is what a bound statement runs on: a Tx or a Conn.
type grabber interface {
	holder
	grab(ctx context.Context) (*session, error)
	txContext() context.Context
}

var (
	_ grabber = (*Tx)(nil)
	_ grabber = (*Conn)(nil)
)

// connect finds a connection and the statement prepared on it.
func (st *Stmt) connect(ctx context.Context, fresh bool) (*session, *prepared, holder, error) {
	if st.err != nil {
		return nil, nil, nil, st.err
	}
	st.mu.Lock()
	closed := st.closed
	st.mu.Unlock()
	if closed {
		return nil, nil, nil, errStmtClosed
	}
	if st.owner != nil {
		s, err := st.owner.grab(ctx)
		return s, st.bound, st.owner, err
	}
	s, err := st.db.take(ctx, fresh)
	if err != nil {
		return nil, nil, nil, err
	}
	if p := st.on(s); p != nil {
		return s, p, st.db, nil
	}
	p, err := s.prepare(ctx, st.query, true)
	if err != nil {
		s.release(err)
		return nil, nil, nil, err
	}
	st.mu.Lock()
	st.perConn = append(st.perConn, p)
	st.mu.Unlock()
	return s, p, st.db, nil
}

// on returns the driver statement prepared on s, if any, and forgets
// those of closed connections.
func (st *Stmt) on(s *session) *prepared {
	st.mu.Lock()
	defer st.mu.Unlock()
	live := st.perConn[:0]
	var found *prepared
	for _, p := range st.perConn {
		if p.s.gone.Load() {
			continue
		}
		live = append(live, p)
		if p.s == s {
			found = p
		}
	}
	clear(st.perConn[len(live):])
	st.perConn = live
	return found
}

// lend gives a transaction on s this DB statement's driver statement on s,
// preparing it there if needed. It returns nil and no error when st
// cannot lend: it is closed, or bound itself.
func (st *Stmt) lend(ctx context.Context, s *session) (*prepared, error) {
	st.mu.Lock()
	ok := !st.closed && st.owner == nil
	st.mu.Unlock()
	if !ok {
		return nil, nil
	}
	p := st.on(s)
	if p == nil {
		var err error
		if p, err = s.prepare(ctx, st.query, true); err != nil {
			return nil, err
		}
	}
	st.mu.Lock()
	if !containsPrepared(st.perConn, p) {
		st.perConn = append(st.perConn, p)
	}
	st.users++
	st.mu.Unlock()
	return p, nil
}

func containsPrepared(list []*prepared, p *prepared) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

// use and unuse count the Rows and Tx statements that need perConn; the
// last one out of a closed statement closes the driver statements.
func (st *Stmt) use() {
	st.mu.Lock()
	st.users++
	st.mu.Unlock()
}

func (st *Stmt) unuse() {
	st.mu.Lock()
	st.users--
	last := st.closed && st.users == 0
	st.mu.Unlock()
	if last {
		st.closeAll()
	}
}

func (st *Stmt) closeAll() {
	st.mu.Lock()
	list := st.perConn
	st.perConn = nil
	st.mu.Unlock()
	for _, p := range list {
		p.forget()
	}
}

// ExecContext runs the statement with args.
func (st *Stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	st.gate.RLock()
	defer st.gate.RUnlock()
	return withRetries(func(fresh bool) (sql.Result, error) {
		s, p, h, err := st.connect(ctx, fresh)
		if err != nil {
			return nil, err
		}
		return execPrepared(ctx, s, p, h, args)
	})
}

func execPrepared(ctx context.Context, s *session, p *prepared, h holder, args []any) (_ sql.Result, err error) {
	defer func() { h.putBack(s, err) }()
	r, err := p.exec(ctx, args)
	if err != nil {
		return nil, err
	}
	return result{s, r}, nil
}

// Exec is ExecContext with context.Background.
func (st *Stmt) Exec(args ...any) (sql.Result, error) {
	return st.ExecContext(context.Background(), args...)
}

// QueryContext runs the statement with args and returns its rows.
func (st *Stmt) QueryContext(ctx context.Context, args ...any) (*Rows, error) {
	st.gate.RLock()
	defer st.gate.RUnlock()
	return withRetries(func(fresh bool) (*Rows, error) {
		s, p, h, err := st.connect(ctx, fresh)
		if err != nil {
			return nil, err
		}
		return st.queryPrepared(ctx, s, p, h, args)
	})
}

func (st *Stmt) queryPrepared(ctx context.Context, s *session, p *prepared, h holder, args []any) (_ *Rows, err error) {
	handed := false
	defer func() {
		if !handed {
			h.putBack(s, err)
		}
	}()
	ri, err := p.query(ctx, args)
	if err != nil {
		return nil, err
	}
	rs := newRows(s, h, ri)
	var txCtx context.Context
	if st.owner != nil {
		txCtx = st.owner.txContext()
	} else {
		st.use()
		rs.parent = st
	}
	rs.watch(ctx, txCtx)
	handed = true
	return rs, nil
}

// Query is QueryContext with context.Background.
func (st *Stmt) Query(args ...any) (*Rows, error) {
	return st.QueryContext(context.Background(), args...)
}

// QueryRowContext runs the statement expecting at most one row.
func (st *Stmt) QueryRowContext(ctx context.Context, args ...any) *Row {
	return rowOf(st.QueryContext(ctx, args...))
}

// QueryRow is QueryRowContext with context.Background.
func (st *Stmt) QueryRow(args ...any) *Row {
	return st.QueryRowContext(context.Background(), args...)
}

// Close closes the statement. A DB statement's driver statements still
// read by open Rows or used by transactions close when those finish.
func (st *Stmt) Close() error {
	if st.err != nil {
		return st.err
	}
	st.gate.Lock() // wait for the calls in flight
	defer st.gate.Unlock()
	first, idle := st.markClosed()
	switch {
	case !first:
		return nil
	case st.owner == nil:
		if idle {
			st.closeAll()
		}
		return nil
	case st.parent != nil:
		st.parent.unuse()
		return nil
	}
	return st.bound.close()
}

// markClosed closes st for new calls. It reports whether this was the
// first time, and whether no Rows or Tx statements use st any more.
func (st *Stmt) markClosed() (first, idle bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	first, st.closed = !st.closed, true
	return first, st.users == 0
}

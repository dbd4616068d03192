package pool

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

var errStmtClosed = errors.New("sql: statement is closed")

// Stmt is a prepared statement, with the API of *sql.Stmt. A Stmt from
// DB.Prepare runs on any connection and is prepared again, transparently, on
// each connection that needs it; one from a Tx or Conn is bound to it. The
// caller must Close it.
type Stmt struct {
	db        *DB
	query     string
	stickyErr error // returned by every method, if set

	closemu sync.RWMutex // held shared by operations, exclusively by Close

	cg         stmtConnGrabber // the Tx or Conn; nil for DB statements
	cgds       *driverStmt     // the statement on cg's connection
	parentStmt *Stmt           // the DB statement a Tx statement came from

	mu     sync.Mutex // guards the fields below
	closed bool
	css    []connStmt // per-connection statements of a DB statement
	deps   int        // open Rows and Tx statements that need css
}

type connStmt struct {
	dc *driverConn
	ds *driverStmt
}

func (s *Stmt) addDep() {
	s.mu.Lock()
	s.deps++
	s.mu.Unlock()
}

// removeDep drops a dependent; the last one out of a closed statement
// closes the driver statements.
func (s *Stmt) removeDep() {
	s.mu.Lock()
	s.deps--
	final := s.closed && s.deps == 0
	s.mu.Unlock()
	if final {
		s.finalClose()
	}
}

func (s *Stmt) finalClose() {
	s.mu.Lock()
	css := s.css
	s.css = nil
	s.mu.Unlock()
	for _, v := range css {
		v.dc.removeOpenStmt(v.ds)
		v.ds.Close()
	}
}

// removeClosedStmtLocked forgets statements of closed connections.
// s.mu must be held.
func (s *Stmt) removeClosedStmtLocked() {
	for i := 0; i < len(s.css); i++ {
		if s.css[i].dc.closed.Load() {
			s.css[i] = s.css[len(s.css)-1]
			s.css[len(s.css)-1] = connStmt{}
			s.css = s.css[:len(s.css)-1]
			i--
		}
	}
}

// connStmt returns a connection and the statement prepared on it.
func (s *Stmt) connStmt(ctx context.Context, strategy connStrategy) (*driverConn, func(error), *driverStmt, error) {
	if s.stickyErr != nil {
		return nil, nil, nil, s.stickyErr
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, nil, nil, errStmtClosed
	}
	if s.cg != nil {
		s.mu.Unlock()
		dc, release, err := s.cg.grabConn(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		return dc, release, s.cgds, nil
	}
	s.removeClosedStmtLocked()
	s.mu.Unlock()

	dc, err := s.db.conn(ctx, strategy)
	if err != nil {
		return nil, nil, nil, err
	}
	s.mu.Lock()
	for _, v := range s.css {
		if v.dc == dc {
			s.mu.Unlock()
			return dc, dc.releaseConn, v.ds, nil
		}
	}
	s.mu.Unlock()
	dc.Lock()
	ds, err := s.prepareOnConnLocked(ctx, dc)
	dc.Unlock()
	if err != nil {
		dc.releaseConn(err)
		return nil, nil, nil, err
	}
	return dc, dc.releaseConn, ds, nil
}

// prepareOnConnLocked prepares s on dc; dc must be locked.
func (s *Stmt) prepareOnConnLocked(ctx context.Context, dc *driverConn) (*driverStmt, error) {
	ds, err := dc.prepareLocked(ctx, s.cg, s.query)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.css = append(s.css, connStmt{dc, ds})
	s.mu.Unlock()
	return ds, nil
}

// ExecContext executes the statement with args.
func (s *Stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	s.closemu.RLock()
	defer s.closemu.RUnlock()
	var res sql.Result
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		dc, release, ds, cerr := s.connStmt(ctx, strategyFor(i))
		err = cerr
		if err == nil {
			res, err = resultFromStatement(ctx, dc.ci, ds, args...)
			release(err)
		}
		if !isBadConn(err) {
			break
		}
	}
	return res, err
}

// Exec is ExecContext with context.Background.
func (s *Stmt) Exec(args ...any) (sql.Result, error) {
	return s.ExecContext(context.Background(), args...)
}

// QueryContext executes the statement with args and returns the rows.
func (s *Stmt) QueryContext(ctx context.Context, args ...any) (*Rows, error) {
	s.closemu.RLock()
	defer s.closemu.RUnlock()
	var rows *Rows
	var err error
	for i := 0; i <= maxBadConnRetries; i++ {
		dc, release, ds, cerr := s.connStmt(ctx, strategyFor(i))
		err = cerr
		if err == nil {
			rowsi, qerr := rowsiFromStatement(ctx, dc.ci, ds, args...)
			err = qerr
			if err == nil {
				s.addDep()
				rows = &Rows{dc: dc, rowsi: rowsi}
				rows.releaseConn = func(err error) {
					release(err)
					s.removeDep()
				}
				var txctx context.Context
				if s.cg != nil {
					txctx = s.cg.txCtx()
				}
				rows.initContextClose(ctx, txctx)
			} else {
				release(err)
			}
		}
		if !isBadConn(err) {
			break
		}
	}
	return rows, err
}

// Query is QueryContext with context.Background.
func (s *Stmt) Query(args ...any) (*Rows, error) {
	return s.QueryContext(context.Background(), args...)
}

// QueryRowContext executes the statement expecting at most one row.
func (s *Stmt) QueryRowContext(ctx context.Context, args ...any) *Row {
	rows, err := s.QueryContext(ctx, args...)
	if err != nil {
		return &Row{err: err}
	}
	return &Row{rows: rows}
}

// QueryRow is QueryRowContext with context.Background.
func (s *Stmt) QueryRow(args ...any) *Row {
	return s.QueryRowContext(context.Background(), args...)
}

// Close closes the statement. Driver statements still used by open Rows or
// by transaction statements are closed when those finish.
func (s *Stmt) Close() error {
	s.closemu.Lock()
	defer s.closemu.Unlock()
	if s.stickyErr != nil {
		return s.stickyErr
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	txds := s.cgds
	s.cgds = nil
	final := s.cg == nil && s.deps == 0
	s.mu.Unlock()

	switch {
	case s.cg == nil:
		if final {
			s.finalClose()
		}
		return nil
	case s.parentStmt != nil:
		s.parentStmt.removeDep()
		return nil
	}
	return txds.Close()
}

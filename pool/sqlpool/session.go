package sqlpool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/sqlforge/sqlforge/pool/internal/sharded"
)

// session is one driver connection in the pool. Drivers are not safe for
// concurrent use, and a connection's Rows can be closed by a context
// watcher while its owner reads them, so every call into the driver — the
// connection, its statements, rows, results and transactions — holds mu.
// Each such call unlocks with defer: a driver that panics lets the panic
// reach the caller and leaves the connection usable, as database/sql does.
type session struct {
	db  *DB
	res *sharded.Resource[*session] // written by whoever takes it from the pool

	mu    sync.Mutex
	conn  driver.Conn
	used  bool                   // guarded by mu: given back since the last ResetSession
	stmts map[*prepared]struct{} // guarded by mu: DB statements prepared here
	gone  atomic.Bool            // the driver connection is closed

	// The driver's optional interfaces, looked up once, when the
	// connection is opened, rather than by a type assertion per call.
	execerCtx   driver.ExecerContext
	execer      driver.Execer
	queryerCtx  driver.QueryerContext
	queryer     driver.Queryer
	preparerCtx driver.ConnPrepareContext
	beginnerTx  driver.ConnBeginTx
	checker     driver.NamedValueChecker
	resetter    driver.SessionResetter
	validator   driver.Validator
	pinger      driver.Pinger
}

func newSession(db *DB, c driver.Conn) *session {
	s := &session{db: db, conn: c}
	s.execerCtx, _ = c.(driver.ExecerContext)
	s.execer, _ = c.(driver.Execer)
	s.queryerCtx, _ = c.(driver.QueryerContext)
	s.queryer, _ = c.(driver.Queryer)
	s.preparerCtx, _ = c.(driver.ConnPrepareContext)
	s.beginnerTx, _ = c.(driver.ConnBeginTx)
	s.checker, _ = c.(driver.NamedValueChecker)
	s.resetter, _ = c.(driver.SessionResetter)
	s.validator, _ = c.(driver.Validator)
	s.pinger, _ = c.(driver.Pinger)
	return s
}

// resetIfUsed runs ResetSession on a connection that was used before.
// database/sql closes the connection only when the reset reports
// driver.ErrBadConn and ignores other errors; so do we.
func (s *session) resetIfUsed(ctx context.Context) error {
	if s.resetter == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.used {
		return nil
	}
	s.used = false
	if err := s.resetter.ResetSession(ctx); errors.Is(err, driver.ErrBadConn) {
		return err
	}
	return nil
}

// release gives the connection back to the pool after an operation that
// ended with err. A broken connection — driver.ErrBadConn, or one the
// driver's Validator rejects — is closed instead.
func (s *session) release(err error) {
	if !errors.Is(err, driver.ErrBadConn) && s.reusable() {
		s.res.Release()
		return
	}
	s.res.Destroy()
}

func (s *session) reusable() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.used = true
	return s.validator == nil || s.validator.IsValid()
}

// close closes the driver connection and the DB statements prepared on it;
// the pool calls it once, when it drops the connection.
func (s *session) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p := range s.stmts {
		p.closeLocked()
	}
	s.stmts = nil
	s.gone.Store(true)
	s.db.noteCloseErr(s.conn.Close())
}

// execDirect runs query without preparing it. It returns driver.ErrSkip
// when the driver cannot, or would rather not.
func (s *session) execDirect(ctx context.Context, query string, args []any) (driver.Result, error) {
	if s.execerCtx == nil && s.execer == nil {
		return nil, driver.ErrSkip
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	nv, err := bind(args, binder{named: s.checker, want: -1})
	if err != nil {
		return nil, err
	}
	if s.execerCtx != nil {
		return s.execerCtx.ExecContext(ctx, query, nv)
	}
	return plainCall(ctx, nv, func(v []driver.Value) (driver.Result, error) { return s.execer.Exec(query, v) })
}

// queryDirect is execDirect for queries that return rows.
func (s *session) queryDirect(ctx context.Context, query string, args []any) (driver.Rows, error) {
	if s.queryerCtx == nil && s.queryer == nil {
		return nil, driver.ErrSkip
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	nv, err := bind(args, binder{named: s.checker, want: -1})
	if err != nil {
		return nil, err
	}
	if s.queryerCtx != nil {
		return s.queryerCtx.QueryContext(ctx, query, nv)
	}
	return plainCall(ctx, nv, func(v []driver.Value) (driver.Rows, error) { return s.queryer.Query(query, v) })
}

// prepare prepares query on the connection. A DB statement (track true)
// is remembered, so that it is closed with the connection.
func (s *session) prepare(ctx context.Context, query string, track bool) (*prepared, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st driver.Stmt
	var err error
	if s.preparerCtx != nil {
		st, err = s.preparerCtx.PrepareContext(ctx, query)
	} else if st, err = s.conn.Prepare(query); err == nil && ctx.Err() != nil {
		st.Close()
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	p := newPrepared(s, st)
	if track {
		if s.stmts == nil {
			s.stmts = make(map[*prepared]struct{})
		}
		s.stmts[p] = struct{}{}
	}
	return p, nil
}

// begin starts a transaction, refusing options a driver without
// ConnBeginTx cannot honour.
func (s *session) begin(ctx context.Context, opts *sql.TxOptions) (driver.Tx, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.beginnerTx != nil {
		var o driver.TxOptions
		if opts != nil {
			o = driver.TxOptions{Isolation: driver.IsolationLevel(opts.Isolation), ReadOnly: opts.ReadOnly}
		}
		return s.beginnerTx.BeginTx(ctx, o)
	}
	if opts != nil && opts.Isolation != sql.LevelDefault {
		return nil, errors.New("sql: driver does not support non-default isolation level")
	}
	if opts != nil && opts.ReadOnly {
		return nil, errors.New("sql: driver does not support read-only transactions")
	}
	tx, err := s.conn.Begin() //nolint:staticcheck // the fallback for drivers without BeginTx
	if err == nil && ctx.Err() != nil {
		tx.Rollback()
		return nil, ctx.Err()
	}
	return tx, err
}

// ping asks a driver.Pinger; a driver without one is taken to be alive.
func (s *session) ping(ctx context.Context) error {
	if s.pinger == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pinger.Ping(ctx)
}

// endTx commits or rolls back txi.
func (s *session) endTx(txi driver.Tx, commit bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if commit {
		return txi.Commit()
	}
	return txi.Rollback()
}

// result is a driver.Result whose methods hold the connection's lock.
type result struct {
	s *session
	r driver.Result
}

func (r result) LastInsertId() (int64, error) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.r.LastInsertId()
}

func (r result) RowsAffected() (int64, error) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.r.RowsAffected()
}

// plainCall runs a driver method of the kind that takes neither a context
// nor names, as database/sql does: it refuses named arguments and does not
// call the driver once ctx is done.
func plainCall[R any](ctx context.Context, nv []driver.NamedValue, call func([]driver.Value) (R, error)) (R, error) {
	var none R
	vals := make([]driver.Value, len(nv))
	for i := range nv {
		if nv[i].Name != "" {
			return none, errors.New("sql: driver does not support the use of Named Parameters")
		}
		vals[i] = nv[i].Value
	}
	if err := ctx.Err(); err != nil {
		return none, err
	}
	return call(vals)
}

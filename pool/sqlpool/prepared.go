package sqlpool

import (
	"context"
	"database/sql/driver"
)

// prepared is a driver statement on one session. Its optional interfaces
// are looked up once, when it is prepared.
type prepared struct {
	s        *session
	st       driver.Stmt
	checker  driver.NamedValueChecker // the statement's, else the connection's
	columns  driver.ColumnConverter
	execCtx  driver.StmtExecContext
	queryCtx driver.StmtQueryContext
	closed   bool  // guarded by s.mu
	closeErr error // guarded by s.mu: what the first Close returned
}

func newPrepared(s *session, st driver.Stmt) *prepared {
	p := &prepared{s: s, st: st, checker: s.checker}
	if c, ok := st.(driver.NamedValueChecker); ok {
		p.checker = c
	}
	p.columns, _ = st.(driver.ColumnConverter)
	p.execCtx, _ = st.(driver.StmtExecContext)
	p.queryCtx, _ = st.(driver.StmtQueryContext)
	return p
}

// close closes the driver statement once; later calls return the first
// call's error.
func (p *prepared) close() error {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.closeLocked()
}

func (p *prepared) closeLocked() error {
	if !p.closed {
		p.closed = true
		p.closeErr = p.st.Close()
	}
	return p.closeErr
}

// forget closes a DB statement's driver statement and stops tracking it.
func (p *prepared) forget() {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	delete(p.s.stmts, p)
	p.closeLocked()
}

// args converts a call's arguments for this statement; s.mu must be held.
func (p *prepared) args(args []any) ([]driver.NamedValue, error) {
	return bind(args, binder{named: p.checker, columns: p.columns, want: p.st.NumInput()})
}

func (p *prepared) exec(ctx context.Context, args []any) (driver.Result, error) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	nv, err := p.args(args)
	if err != nil {
		return nil, err
	}
	if p.execCtx != nil {
		return p.execCtx.ExecContext(ctx, nv)
	}
	return plainCall(ctx, nv, p.st.Exec) //nolint:staticcheck // the fallback for drivers without StmtExecContext
}

func (p *prepared) query(ctx context.Context, args []any) (driver.Rows, error) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	nv, err := p.args(args)
	if err != nil {
		return nil, err
	}
	if p.queryCtx != nil {
		return p.queryCtx.QueryContext(ctx, nv)
	}
	return plainCall(ctx, nv, p.st.Query) //nolint:staticcheck // the fallback for drivers without StmtQueryContext
}

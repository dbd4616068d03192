package sqlpool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
)

// The DB methods that run statements. Each borrows a connection for the
// call and, like database/sql, tries again when the connection turns out
// broken: drivers return driver.ErrBadConn only when the server cannot
// have seen the statement, so a retry never runs it twice.

// pooledTries is how many pooled connections a call tries before a last
// try on a new one (database/sql's maxBadConnRetries).
const pooledTries = 2

// withRetries calls try with fresh=false while it fails with
// driver.ErrBadConn, at most pooledTries times, then once with fresh=true.
func withRetries[R any](try func(fresh bool) (R, error)) (R, error) {
	for n := 0; ; n++ {
		fresh := n == pooledTries
		r, err := try(fresh)
		if fresh || !errors.Is(err, driver.ErrBadConn) {
			return r, err
		}
	}
}

// PingContext checks that the database answers, connecting if needed.
func (db *DB) PingContext(ctx context.Context) error {
	_, err := withRetries(func(fresh bool) (struct{}, error) {
		s, err := db.take(ctx, fresh)
		if err != nil {
			return struct{}{}, err
		}
		return struct{}{}, pingOn(ctx, s, db)
	})
	return err
}

// Ping is PingContext with context.Background.
func (db *DB) Ping() error { return db.PingContext(context.Background()) }

// ExecContext runs a statement that returns no rows.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return withRetries(func(fresh bool) (sql.Result, error) {
		s, err := db.take(ctx, fresh)
		if err != nil {
			return nil, err
		}
		return execOn(ctx, s, db, query, args)
	})
}

// Exec is ExecContext with context.Background.
func (db *DB) Exec(query string, args ...any) (sql.Result, error) {
	return db.ExecContext(context.Background(), query, args...)
}

// QueryContext runs a query that returns rows. The rows hold a connection
// until they are closed or read to the end.
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	return withRetries(func(fresh bool) (*Rows, error) {
		s, err := db.take(ctx, fresh)
		if err != nil {
			return nil, err
		}
		return queryOn(ctx, nil, s, db, query, args)
	})
}

// Query is QueryContext with context.Background.
func (db *DB) Query(query string, args ...any) (*Rows, error) {
	return db.QueryContext(context.Background(), query, args...)
}

// QueryRowContext runs a query expected to return at most one row; errors
// wait for Row.Scan, which returns sql.ErrNoRows when there is no row.
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	return rowOf(db.QueryContext(ctx, query, args...))
}

// QueryRow is QueryRowContext with context.Background.
func (db *DB) QueryRow(query string, args ...any) *Row {
	return db.QueryRowContext(context.Background(), query, args...)
}

// PrepareContext prepares a statement for repeated use. It runs on any
// connection and is prepared again, on demand, on each connection that
// runs it. The caller must Close it.
func (db *DB) PrepareContext(ctx context.Context, query string) (*Stmt, error) {
	return withRetries(func(fresh bool) (*Stmt, error) {
		s, err := db.take(ctx, fresh)
		if err != nil {
			return nil, err
		}
		p, err := prepareOn(ctx, s, db, query, true)
		if err != nil {
			return nil, err
		}
		return &Stmt{db: db, query: query, perConn: []*prepared{p}}, nil
	})
}

// Prepare is PrepareContext with context.Background.
func (db *DB) Prepare(query string) (*Stmt, error) {
	return db.PrepareContext(context.Background(), query)
}

// BeginTx starts a transaction. It is rolled back if ctx ends before
// Commit or Rollback. A driver that cannot honour opts says so.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	return withRetries(func(fresh bool) (*Tx, error) {
		s, err := db.take(ctx, fresh)
		if err != nil {
			return nil, err
		}
		return beginOn(ctx, db, s, db, opts)
	})
}

// Begin is BeginTx with context.Background and default options.
func (db *DB) Begin() (*Tx, error) { return db.BeginTx(context.Background(), nil) }

// Conn reserves a single connection until Conn.Close, for statements that
// must share a session.
func (db *DB) Conn(ctx context.Context) (*Conn, error) {
	return withRetries(func(fresh bool) (*Conn, error) {
		s, err := db.take(ctx, fresh)
		if err != nil {
			return nil, err
		}
		return &Conn{db: db, s: s}, nil
	})
}

// The operations below run on a connection borrowed from a holder (the
// DB, a Conn or a Tx) and give it back however they end, a driver panic
// included: the panic goes on to the caller and the pool stays usable.

func pingOn(ctx context.Context, s *session, h holder) (err error) {
	defer func() { h.putBack(s, err) }()
	return s.ping(ctx)
}

func execOn(ctx context.Context, s *session, h holder, query string, args []any) (_ sql.Result, err error) {
	defer func() { h.putBack(s, err) }()
	r, err := s.execDirect(ctx, query, args)
	if err == driver.ErrSkip {
		r, err = execOnce(ctx, s, query, args)
	}
	if err != nil {
		return nil, err
	}
	return result{s, r}, nil
}

// execOnce prepares query for one execution, for drivers that run
// statements only prepared.
func execOnce(ctx context.Context, s *session, query string, args []any) (driver.Result, error) {
	p, err := s.prepare(ctx, query, false)
	if err != nil {
		return nil, err
	}
	defer p.close()
	return p.exec(ctx, args)
}

// queryOn runs query; the rows returned own s until they are closed.
// txCtx is the context of the transaction the query runs in, if any.
func queryOn(ctx, txCtx context.Context, s *session, h holder, query string, args []any) (_ *Rows, err error) {
	handed := false
	defer func() {
		if !handed {
			h.putBack(s, err)
		}
	}()
	ri, err := s.queryDirect(ctx, query, args)
	var once *prepared
	if err == driver.ErrSkip {
		if once, err = s.prepare(ctx, query, false); err != nil {
			return nil, err
		}
		if ri, err = once.query(ctx, args); err != nil {
			once.close()
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	rs := newRows(s, h, ri)
	rs.stmt = once
	rs.watch(ctx, txCtx)
	handed = true
	return rs, nil
}

// prepareOn prepares query on s; track says it belongs to a DB statement.
func prepareOn(ctx context.Context, s *session, h holder, query string, track bool) (_ *prepared, err error) {
	defer func() { h.putBack(s, err) }()
	return s.prepare(ctx, query, track)
}

// beginOn starts a transaction on s, which then belongs to the Tx until it
// ends.
func beginOn(ctx context.Context, db *DB, s *session, h holder, opts *sql.TxOptions) (_ *Tx, err error) {
	handed := false
	defer func() {
		if !handed {
			h.putBack(s, err)
		}
	}()
	txi, err := s.begin(ctx, opts)
	if err != nil {
		return nil, err
	}
	tx := newTx(ctx, db, s, h, txi)
	handed = true
	return tx, nil
}

package engine

import (
	"context"
	"database/sql"
	"fmt"
)

// SQLDB adapts a *sql.DB to a Source. Closing the Source closes db.
func SQLDB(db *sql.DB) Source { return sqlDB{db} }

type sqlDB struct{ db *sql.DB }

var (
	_ Source = sqlDB{}
	_ Pinger = sqlDB{}
)

// sqlExecer is what *sql.DB and *sql.Tx share.
type sqlExecer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func sqlExec(ctx context.Context, q sqlExecer, text string, args []any) (Result, error) {
	r, err := q.ExecContext(ctx, text, args...)
	return sqlResult(r, err)
}

// sqlResult converts a database/sql result.
func sqlResult(r sql.Result, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	out := Result{RowsAffected: -1}
	if n, err := r.RowsAffected(); err == nil {
		out.RowsAffected = n
	}
	if id, err := r.LastInsertId(); err == nil {
		out.LastInsertID, out.HasLastInsertID = id, true
	}
	return out, nil
}

func sqlQuery(ctx context.Context, q sqlExecer, text string, args []any) (SourceRows, error) {
	rows, err := q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (s sqlDB) Exec(ctx context.Context, text string, args []any) (Result, error) {
	return sqlExec(ctx, s.db, text, args)
}

func (s sqlDB) Query(ctx context.Context, text string, args []any) (SourceRows, error) {
	return sqlQuery(ctx, s.db, text, args)
}

func (s sqlDB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func (s sqlDB) Close() error { return s.db.Close() }

func (s sqlDB) Begin(ctx context.Context, opts TxOptions) (SourceTx, error) {
	o, err := sqlTxOptions(opts)
	if err != nil {
		return nil, err
	}
	// The transaction must outlive ctx's statement-level deadlines, and
	// database/sql rolls a transaction back when its context ends; so it
	// gets a context without cancellation, and Commit/Rollback end it.
	tx, err := s.db.BeginTx(context.WithoutCancel(ctx), o)
	if err != nil {
		return nil, err
	}
	return sqlTx{tx}, nil
}

// sqlTxOptions converts opts to database/sql's.
func sqlTxOptions(opts TxOptions) (*sql.TxOptions, error) {
	o := &sql.TxOptions{ReadOnly: opts.ReadOnly}
	switch opts.Isolation {
	case LevelDefault:
	case LevelReadUncommitted:
		o.Isolation = sql.LevelReadUncommitted
	case LevelReadCommitted:
		o.Isolation = sql.LevelReadCommitted
	case LevelRepeatableRead:
		o.Isolation = sql.LevelRepeatableRead
	case LevelSerializable:
		o.Isolation = sql.LevelSerializable
	default:
		return nil, fmt.Errorf("engine: unknown isolation level %d", opts.Isolation)
	}
	return o, nil
}

type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) Exec(ctx context.Context, text string, args []any) (Result, error) {
	return sqlExec(ctx, t.tx, text, args)
}

func (t sqlTx) Query(ctx context.Context, text string, args []any) (SourceRows, error) {
	return sqlQuery(ctx, t.tx, text, args)
}

func (t sqlTx) Commit(context.Context) error   { return t.tx.Commit() }
func (t sqlTx) Rollback(context.Context) error { return t.tx.Rollback() }

package engine

import (
	"context"
	"database/sql"
)

// DBLike is what SQLDBLike needs from a database/sql look-alike: the
// methods of *sql.DB, with the look-alike's own transaction and rows types.
// This project's *pool.DB has them (with *pool.Tx and *pool.Rows), and so
// does *sql.DB itself.
type DBLike[Tx TxLike[Rows], Rows SourceRows] interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (Rows, error)
	BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)
	PingContext(ctx context.Context) error
	Close() error
}

// TxLike is what SQLDBLike needs from a look-alike's transactions: the
// methods of *sql.Tx.
type TxLike[Rows SourceRows] interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (Rows, error)
	Commit() error
	Rollback() error
}

// SQLDBLike adapts any database/sql look-alike to a Source; the type
// arguments are inferred:
//
//	db, err := pool.Open("sqlite3", "app.db")
//	e, err := engine.New(engine.SQLDBLike(db), sqlitedialect.New(),
//		engine.WithClassifier(sqlitedialect.Classifier{}))
//
// The engine declares the interfaces and the look-alike knows nothing of
// the engine, so neither module imports the other: this is how the
// project's pool (which depends on the standard library only) serves as a
// Source. Closing the Source closes db. SQLDB is this adapter for a
// *sql.DB.
func SQLDBLike[DB DBLike[Tx, Rows], Tx TxLike[Rows], Rows SourceRows](db DB) Source {
	return likeDB[DB, Tx, Rows]{db}
}

type likeDB[DB DBLike[Tx, Rows], Tx TxLike[Rows], Rows SourceRows] struct{ db DB }

func (s likeDB[DB, Tx, Rows]) Exec(ctx context.Context, text string, args []any) (Result, error) {
	r, err := s.db.ExecContext(ctx, text, args...)
	return sqlResult(r, err)
}

func (s likeDB[DB, Tx, Rows]) Query(ctx context.Context, text string, args []any) (SourceRows, error) {
	rows, err := s.db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (s likeDB[DB, Tx, Rows]) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func (s likeDB[DB, Tx, Rows]) Close() error { return s.db.Close() }

func (s likeDB[DB, Tx, Rows]) Begin(ctx context.Context, opts TxOptions) (SourceTx, error) {
	o, err := sqlTxOptions(opts)
	if err != nil {
		return nil, err
	}
	if ctx.Done() == nil { // ctx never ends
		tx, err := s.db.BeginTx(ctx, o)
		if err != nil {
			return nil, err
		}
		return likeTx[Tx, Rows]{tx: tx}, nil
	}
	// database/sql rolls a transaction back when the context given to
	// BeginTx ends, and the transaction must outlive ctx's statement-level
	// deadlines: it gets a context of its own, which Commit and Rollback
	// release. ctx bounds only the wait for a connection and the BEGIN:
	// the transaction's context ends with it until BeginTx has returned.
	txCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, cancel)
	tx, err := s.db.BeginTx(txCtx, o)
	if !stop() {
		// ctx ended before BeginTx returned.
		if err == nil {
			tx.Rollback()
		}
		cancel()
		return nil, ctx.Err()
	}
	if err != nil {
		cancel()
		return nil, err
	}
	return likeTx[Tx, Rows]{tx: tx, cancel: cancel}, nil
}

type likeTx[Tx TxLike[Rows], Rows SourceRows] struct {
	tx     Tx
	cancel context.CancelFunc // releases the transaction's context; nil for none
}

func (t likeTx[Tx, Rows]) Exec(ctx context.Context, text string, args []any) (Result, error) {
	r, err := t.tx.ExecContext(ctx, text, args...)
	return sqlResult(r, err)
}

func (t likeTx[Tx, Rows]) Query(ctx context.Context, text string, args []any) (SourceRows, error) {
	rows, err := t.tx.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (t likeTx[Tx, Rows]) Commit(context.Context) error { return t.end(t.tx.Commit()) }

func (t likeTx[Tx, Rows]) Rollback(context.Context) error { return t.end(t.tx.Rollback()) }

// end releases the transaction's context once it has ended.
func (t likeTx[Tx, Rows]) end(err error) error {
	if t.cancel != nil {
		t.cancel()
	}
	return err
}

package pgdialect

import (
	"context"
	"errors"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/engine"
)

// lazyTx is a transaction of the pool source whose BEGIN travels with
// its first statement: both go to the server as one pipelined batch, so
// a transaction costs one round trip less (a one-statement transaction,
// two instead of three). PostgreSQL takes a transaction's snapshot at its
// first statement, not at BEGIN, so isolation is the same as with an
// eager BEGIN. A transaction that sends nothing sends neither BEGIN nor
// COMMIT.
type lazyTx struct {
	conn  *pgxpool.Conn
	begin string // the BEGIN statement with the transaction's options
	open  bool   // BEGIN has been sent
	once  sync.Once
}

var _ engine.SourceBatcher = (*lazyTx)(nil)

// beginText is the BEGIN statement for o.
func beginText(o pgx.TxOptions) string {
	text := "BEGIN"
	if o.IsoLevel != "" {
		text += " ISOLATION LEVEL " + string(o.IsoLevel)
	}
	if o.AccessMode != "" {
		text += " " + string(o.AccessMode)
	}
	return text
}

func (t *lazyTx) Exec(ctx context.Context, text string, args []any) (engine.Result, error) {
	if t.open {
		return pgxExec(ctx, t.conn, text, args)
	}
	res, err := t.ExecBatch(ctx, []string{text}, [][]any{args})
	if err != nil {
		return engine.Result{}, err
	}
	return res[0], nil
}

// ExecBatch sends the statements as one pgx.Batch, behind the BEGIN when
// it has not gone yet: one round trip for all of them (see pgxTx).
func (t *lazyTx) ExecBatch(ctx context.Context, texts []string, args [][]any) ([]engine.Result, error) {
	b := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(texts)+1)}
	lead := !t.open
	if lead {
		b.Queue(t.begin)
	}
	for i, text := range texts {
		b.Queue(text, args[i]...)
	}
	br := t.conn.SendBatch(ctx, b)
	if lead {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
		t.open = true
	}
	return batchResults(br, len(texts))
}

func (t *lazyTx) Query(ctx context.Context, text string, args []any) (engine.SourceRows, error) {
	if t.open {
		return pgxQuery(ctx, t.conn, text, args, nil)
	}
	b := &pgx.Batch{}
	b.Queue(t.begin)
	b.Queue(text, args...)
	br := t.conn.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		return nil, err
	}
	t.open = true
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	r := rowsPool.Get().(*pgxRows)
	r.rows, r.done = rows, func() { br.Close() }
	return r, nil
}

func (t *lazyTx) Commit(ctx context.Context) error {
	defer t.release()
	if !t.open {
		return nil
	}
	tag, err := t.conn.Exec(ctx, "COMMIT")
	if err != nil {
		return err
	}
	// COMMIT of a transaction a failed statement aborted rolls back and
	// says so only in its command tag.
	if tag.String() == "ROLLBACK" {
		return pgx.ErrTxCommitRollback
	}
	return nil
}

func (t *lazyTx) Rollback(ctx context.Context) error {
	defer t.release()
	if !t.open {
		return nil
	}
	_, err := t.conn.Exec(ctx, "ROLLBACK")
	if errors.Is(err, pgx.ErrTxClosed) {
		return nil
	}
	return err
}

// release returns the connection to the pool; pgxpool closes one that is
// still in a transaction (a COMMIT or ROLLBACK that did not get through).
func (t *lazyTx) release() { t.once.Do(t.conn.Release) }

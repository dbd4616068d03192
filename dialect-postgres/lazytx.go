package pgdialect

import (
	"context"
	"errors"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/engine"
)

// lazyTx is a transaction of the pool source whose BEGIN travels with
// its first statement: both go to the server as one pipelined batch, so
// a transaction costs one round trip less (a one-statement transaction,
// two instead of three). PostgreSQL takes a transaction's snapshot at its
// first statement, not at BEGIN, so isolation is the same as with an
// eager BEGIN. A transaction that sends nothing sends neither BEGIN nor
// COMMIT. A first statement without arguments — which pgx sends over the
// simple protocol, where a script of several statements is allowed —
// gets a BEGIN of its own.
type lazyTx struct {
	conn  *pgxpool.Conn
	begin string // the BEGIN statement with the transaction's options
	open  bool   // BEGIN has been sent
	// aborted: the first statement failed before the batch ran (pgx
	// prepares a batch's new statements first, and a statement that does
	// not parse drops the batch, BEGIN with it). The transaction then
	// behaves as PostgreSQL's would after a failed statement: the next
	// statements fail and COMMIT reports the rollback.
	aborted bool
	ended   bool
	once    sync.Once
}

// errAborted is what a statement gets in a transaction whose first
// statement failed: PostgreSQL's own error for it, with its SQLSTATE.
var errAborted = &pgconn.PgError{Severity: "ERROR", Code: "25P02",
	Message: "current transaction is aborted, commands ignored until end of transaction block"}

// usable returns the error a statement gets when the transaction cannot
// run one.
func (t *lazyTx) usable() error {
	switch {
	case t.ended:
		return pgx.ErrTxClosed
	case t.aborted:
		return errAborted
	}
	return nil
}

// beginNow sends BEGIN on its own: for a first statement without
// arguments, which pgx sends over the simple protocol (a script of
// several statements, DDL) and a batch would prepare.
func (t *lazyTx) beginNow(ctx context.Context) error {
	if _, err := t.conn.Exec(ctx, t.begin); err != nil {
		return err
	}
	t.open = true
	return nil
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
	if err := t.usable(); err != nil {
		return engine.Result{}, err
	}
	if !t.open && len(args) == 0 {
		if err := t.beginNow(ctx); err != nil {
			return engine.Result{}, err
		}
	}
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
	if err := t.usable(); err != nil {
		return nil, err
	}
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
			t.aborted = true // BEGIN did not run: see aborted
			return nil, err
		}
		t.open = true
	}
	return batchResults(br, len(texts))
}

func (t *lazyTx) Query(ctx context.Context, text string, args []any) (engine.SourceRows, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	if !t.open && len(args) == 0 {
		if err := t.beginNow(ctx); err != nil {
			return nil, err
		}
	}
	if t.open {
		return pgxQuery(ctx, t.conn, text, args, nil)
	}
	b := &pgx.Batch{}
	b.Queue(t.begin)
	b.Queue(text, args...)
	br := t.conn.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		t.aborted = true // BEGIN did not run: see aborted
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
	if t.ended {
		return pgx.ErrTxClosed
	}
	defer t.release()
	if t.aborted {
		return pgx.ErrTxCommitRollback
	}
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
	if t.ended {
		return pgx.ErrTxClosed
	}
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
func (t *lazyTx) release() {
	t.ended = true
	t.once.Do(t.conn.Release)
}

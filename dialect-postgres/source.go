package pgdialect

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/engine"
)

// Pool returns an engine.Source that runs statements natively on a pgx
// pool, without database/sql. Closing the Source closes p. The Source
// classifies errors itself, so engine.New needs no WithClassifier. A
// transaction's BEGIN goes to the server with its first statement, in one
// round trip (see lazyTx), and engine.Tx.ExecMany pipelines.
//
// Pool does not look for a connection pooler, as Open does: p runs with
// the query exec mode it was made with. Behind a pooler in transaction
// mode (PgBouncer's pool_mode=transaction) make p with a safe mode —
// default_query_exec_mode=cache_describe (or exec) in its DSN, or
// ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeCacheDescribe in
// its pgxpool.Config — since pgx's default, cache_statement, and
// describe_exec break there (see BehindPooler). The same holds for a
// pgx connection under database/sql (engine.SQLDB over pgx's stdlib).
func Pool(p *pgxpool.Pool) engine.Source { return &poolSource{p: p} }

// Conn returns an engine.Source over one pgx connection. A pgx.Conn runs
// one statement at a time, so the Source does too: a statement, an open
// result or a transaction holds the connection until it is done, and other
// callers wait. Closing the Source closes c.
func Conn(c *pgx.Conn) engine.Source { return &connSource{c: c} }

// pgxQuerier is what pgx pools, connections and transactions share.
type pgxQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func pgxExec(ctx context.Context, q pgxQuerier, text string, args []any) (engine.Result, error) {
	tag, err := q.Exec(ctx, text, args...)
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Result{RowsAffected: tag.RowsAffected()}, nil
}

func pgxQuery(ctx context.Context, q pgxQuerier, text string, args []any, done func()) (engine.SourceRows, error) {
	rows, err := q.Query(ctx, text, args...)
	if err != nil {
		if done != nil {
			done()
		}
		return nil, err
	}
	r := rowsPool.Get().(*pgxRows)
	r.rows, r.done = rows, done
	return r, nil
}

// rowsPool recycles the adapters: the engine uses a SourceRows no more
// after closing it.
var rowsPool = sync.Pool{New: func() any { return new(pgxRows) }}

func txOptions(o engine.TxOptions) (pgx.TxOptions, error) {
	var t pgx.TxOptions
	switch o.Isolation {
	case engine.LevelDefault:
	case engine.LevelReadUncommitted:
		t.IsoLevel = pgx.ReadUncommitted
	case engine.LevelReadCommitted:
		t.IsoLevel = pgx.ReadCommitted
	case engine.LevelRepeatableRead:
		t.IsoLevel = pgx.RepeatableRead
	case engine.LevelSerializable:
		t.IsoLevel = pgx.Serializable
	default:
		return t, fmt.Errorf("pgdialect: unknown isolation level %d", o.Isolation)
	}
	if o.ReadOnly {
		t.AccessMode = pgx.ReadOnly
	}
	return t, nil
}

type poolSource struct {
	Classifier
	Replication
	p *pgxpool.Pool
	// redact removes Open's secrets from the text of a failed new
	// connection's error, or is nil.
	redact func(error) error
	// opened: Open made the source, and pooler says what it found out
	// about a connection pooler.
	opened bool
	pooler PoolerInfo
}

// connErr returns err with pgx's connect errors, which hold the
// configuration and its password, replaced (see cleanConnectError) and,
// for a pool of Open, redacted.
func (s *poolSource) connErr(err error) error {
	err, ok := cleanConnectError(err)
	if ok && s.redact != nil {
		err = s.redact(err)
	}
	return err
}

var (
	_ engine.Source      = (*poolSource)(nil)
	_ engine.Pinger      = (*poolSource)(nil)
	_ engine.Classifier  = (*poolSource)(nil)
	_ engine.Replication = (*poolSource)(nil)
)

func (s *poolSource) Exec(ctx context.Context, text string, args []any) (engine.Result, error) {
	r, err := pgxExec(ctx, s.p, text, args)
	if err != nil {
		return r, s.connErr(err)
	}
	return r, nil
}

func (s *poolSource) Query(ctx context.Context, text string, args []any) (engine.SourceRows, error) {
	rows, err := pgxQuery(ctx, s.p, text, args, nil)
	if err != nil {
		return nil, s.connErr(err)
	}
	return rows, nil
}

func (s *poolSource) Begin(ctx context.Context, opts engine.TxOptions) (engine.SourceTx, error) {
	o, err := txOptions(opts)
	if err != nil {
		return nil, err
	}
	c, err := s.p.Acquire(ctx)
	if err != nil {
		return nil, s.connErr(err)
	}
	return &lazyTx{conn: c, begin: beginText(o)}, nil
}

func (s *poolSource) Ping(ctx context.Context) error { return s.connErr(s.p.Ping(ctx)) }

func (s *poolSource) Close() error { s.p.Close(); return nil }

type connSource struct {
	Classifier
	Replication
	mu sync.Mutex // held while a statement, result or transaction uses c
	c  *pgx.Conn
}

var (
	_ engine.Source      = (*connSource)(nil)
	_ engine.Pinger      = (*connSource)(nil)
	_ engine.Classifier  = (*connSource)(nil)
	_ engine.Replication = (*connSource)(nil)
)

func (s *connSource) Exec(ctx context.Context, text string, args []any) (engine.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return pgxExec(ctx, s.c, text, args)
}

func (s *connSource) Query(ctx context.Context, text string, args []any) (engine.SourceRows, error) {
	s.mu.Lock()
	return pgxQuery(ctx, s.c, text, args, s.mu.Unlock)
}

func (s *connSource) Begin(ctx context.Context, opts engine.TxOptions) (engine.SourceTx, error) {
	o, err := txOptions(opts)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	tx, err := s.c.BeginTx(ctx, o)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	return &pgxTx{tx: tx, done: s.mu.Unlock}, nil
}

func (s *connSource) Ping(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.c.Ping(ctx)
}

func (s *connSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.c.Close(context.Background())
}

type pgxTx struct {
	tx   pgx.Tx
	done func() // releases the connection, or nil
	once sync.Once
}

func (t *pgxTx) Exec(ctx context.Context, text string, args []any) (engine.Result, error) {
	return pgxExec(ctx, t.tx, text, args)
}

var _ engine.SourceBatcher = (*pgxTx)(nil)

// ExecBatch sends the statements as one pgx.Batch, a pipeline: one round
// trip for all of them, plus one before it when some statement text is
// new to the connection (pgx prepares all new texts together). In the
// transaction, the server skips the statements after a failed one.
func (t *pgxTx) ExecBatch(ctx context.Context, texts []string, args [][]any) ([]engine.Result, error) {
	b := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(texts))}
	for i, text := range texts {
		b.Queue(text, args[i]...)
	}
	return batchResults(t.tx.SendBatch(ctx, b), len(texts))
}

// batchResults reads the results of n statements from br and closes it,
// stopping at the first failed statement.
func batchResults(br pgx.BatchResults, n int) ([]engine.Result, error) {
	results := make([]engine.Result, 0, n)
	for range n {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return results, err
		}
		results = append(results, engine.Result{RowsAffected: tag.RowsAffected()})
	}
	return results, br.Close()
}

func (t *pgxTx) Query(ctx context.Context, text string, args []any) (engine.SourceRows, error) {
	return pgxQuery(ctx, t.tx, text, args, nil)
}

func (t *pgxTx) Commit(ctx context.Context) error {
	defer t.release()
	return t.tx.Commit(ctx)
}

func (t *pgxTx) Rollback(ctx context.Context) error {
	defer t.release()
	err := t.tx.Rollback(ctx)
	if errors.Is(err, pgx.ErrTxClosed) {
		return nil
	}
	return err
}

func (t *pgxTx) release() {
	if t.done != nil {
		t.once.Do(t.done)
	}
}

// pgxRows adapts pgx.Rows to engine.SourceRows.
type pgxRows struct {
	rows pgx.Rows
	done func()
	// nulls marks the current row's NULL columns, noted before each Scan;
	// kept across rows and recycled with r.
	nulls []bool
}

func (r *pgxRows) Columns() ([]string, error) {
	fds := r.rows.FieldDescriptions()
	names := make([]string, len(fds))
	for i, fd := range fds {
		names[i] = fd.Name
	}
	return names, nil
}

func (r *pgxRows) Next() bool { return r.rows.Next() }

// Scan scans the current row. A failed Scan ends pgx's rows, and draining
// them overwrites the row's raw values, so the NULL columns are noted
// first: a failure at a NULL column is an *engine.NullScanError, which the
// mapper reports as the field that cannot hold NULL.
func (r *pgxRows) Scan(dest ...any) error {
	r.nulls = r.nulls[:0]
	for _, v := range r.rows.RawValues() {
		r.nulls = append(r.nulls, v == nil)
	}
	err := r.rows.Scan(dest...)
	if err != nil {
		return nullScanError(err, r.nulls)
	}
	return nil
}

// nullScanError returns err as an *engine.NullScanError when it failed at
// a column of nulls marked NULL, else err unchanged.
func nullScanError(err error, nulls []bool) error {
	var ae pgx.ScanArgError
	if errors.As(err, &ae) && ae.ColumnIndex < len(nulls) && nulls[ae.ColumnIndex] {
		return &engine.NullScanError{Index: ae.ColumnIndex, Column: ae.FieldName, Err: err}
	}
	return err
}
func (r *pgxRows) Err() error { return r.rows.Err() }

// Close closes the rows, releases a Conn source's connection and recycles
// r, which must not be used afterwards.
func (r *pgxRows) Close() error {
	r.rows.Close()
	err := r.rows.Err()
	if r.done != nil {
		r.done()
	}
	*r = pgxRows{nulls: r.nulls[:0]}
	rowsPool.Put(r)
	return err
}

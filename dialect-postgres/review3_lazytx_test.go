package pgdialect_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// review3Pool opens an engine on a native pgx pool in a schema of the
// test's own, with table t (id int primary key).
func review3Pool(t *testing.T) (*engine.Engine, context.Context) {
	t.Helper()
	admin := pgAdmin(t)
	cfg, err := pgxpool.ParseConfig("")
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig = pgSchema(t, admin)
	cfg.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(pgdialect.Pool(pool), pgdialect.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE t (id int PRIMARY KEY)")); err != nil {
		t.Fatal(err)
	}
	return e, ctx
}

func review3Count(t *testing.T, ctx context.Context, e *engine.Engine) int64 {
	t.Helper()
	n, err := engine.One(ctx, e, expr.Text("SELECT count(*) FROM t"), engine.ScanValue[int64])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A statement the server refuses at Parse (undefined table) is the
// transaction's first: with a real BEGIN it aborts the transaction, so the
// next statement fails and COMMIT reports the rollback. lazyTx's batch is
// prepared before it is sent, so the BEGIN never went: the next statement
// opens a fresh transaction and COMMIT commits it.
func TestReview3ParseErrorFirstStatementDoesNotAbort(t *testing.T) {
	e, ctx := review3Pool(t)
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, expr.Text("INSERT INTO no_such_table VALUES (1)")); err == nil {
		t.Fatal("insert into a missing table succeeded")
	}
	_, err2 := tx.Exec(ctx, expr.Text("INSERT INTO t VALUES (1)"))
	err3 := tx.Commit(ctx)
	if n := review3Count(t, ctx, e); n != 0 || err2 == nil || err3 == nil {
		t.Fatalf("after a failed statement: second statement err = %v, Commit err = %v, rows committed = %d; want errors and 0 rows (the transaction was aborted)", err2, err3, n)
	}
}

// The same with the first statement a Query, and a one-statement
// transaction: Commit after a failed statement must not report success.
func TestReview3ParseErrorFirstQueryCommitSucceeds(t *testing.T) {
	e, ctx := review3Pool(t)
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := engine.All(ctx, tx, expr.Text("SELECT no_such_column FROM t"), engine.ScanValue[int64]); err == nil {
		t.Fatal("query of a missing column succeeded")
	}
	if err := tx.Commit(ctx); err == nil {
		t.Fatal("Commit of a transaction whose statement failed returned nil; want the rollback reported (pgx.ErrTxCommitRollback)")
	}
}

// A transaction's first statement without parameters runs, on any other
// source and on the pool outside a transaction, with the simple protocol,
// which takes several statements in one text (a migration's DDL). lazyTx
// sends it in a batch, prepared: the server refuses it.
func TestReview3MultiStatementFirstExec(t *testing.T) {
	e, ctx := review3Pool(t)
	script := expr.Text("CREATE TABLE a (id int); CREATE TABLE b (id int)")
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE c (id int); CREATE TABLE d (id int)")); err != nil {
		t.Fatalf("outside a transaction: %v", err)
	}
	err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		_, err := tx.Exec(ctx, script)
		return err
	})
	if err != nil {
		t.Fatalf("the same script as a transaction's first statement: %v", err)
	}
}

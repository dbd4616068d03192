package sqlitedialect_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

func pragma(t *testing.T, ctx context.Context, e *engine.Engine, q *expr.TextClause) string {
	t.Helper()
	v, err := engine.Scalar[string](ctx, e, q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestOpenDefaults checks foreign keys, WAL, the busy timeout and the
// pool's limit.
func TestOpenDefaults(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var db *sql.DB
	e, err := sqlitedialect.Open(ctx, filepath.Join(t.TempDir(), "d.db"), sqlitedialect.WithDBConfig(func(d *sql.DB) { db = d }))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if n := db.Stats().MaxOpenConnections; n != engine.DefaultMaxConns() {
		t.Errorf("the pool's limit is %d; want engine.DefaultMaxConns() = %d", n, engine.DefaultMaxConns())
	}
	if got := pragma(t, ctx, e, expr.Text("PRAGMA foreign_keys")); got != "1" {
		t.Errorf("foreign_keys = %s; want 1", got)
	}
	if got := pragma(t, ctx, e, expr.Text("PRAGMA journal_mode")); got != "wal" {
		t.Errorf("journal_mode = %s; want wal", got)
	}
	if got := pragma(t, ctx, e, expr.Text("PRAGMA busy_timeout")); got != "5000" {
		t.Errorf("busy_timeout = %s; want 5000", got)
	}
	o, err := sqlitedialect.Open(ctx, "file:"+filepath.Join(t.TempDir(), "o.db")+"?_journal_mode=DELETE", sqlitedialect.WithBusyTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if got := pragma(t, ctx, o, expr.Text("PRAGMA journal_mode")); got != "delete" {
		t.Errorf("journal_mode from the DSN = %s; want delete", got)
	}
	if got := pragma(t, ctx, o, expr.Text("PRAGMA busy_timeout")); got != "1000" {
		t.Errorf("busy_timeout = %s; want 1000", got)
	}
	if _, err := sqlitedialect.Open(ctx, "", sqlitedialect.WithJournalMode("WAL; DROP")); err == nil {
		t.Error("a bad journal mode was accepted")
	}
	if _, err := sqlitedialect.Open(ctx, filepath.Join(t.TempDir(), "missing", "x.db")); err == nil {
		t.Error("Open of a file in a missing directory succeeded")
	}
}

// TestOpenMemoryShared checks that an in-memory database is one database
// for all pooled connections, even when idle ones are closed, and that
// two Opens are two databases.
func TestOpenMemoryShared(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e, err := sqlitedialect.Open(ctx, ":memory:", sqlitedialect.WithDBConfig(func(db *sql.DB) { db.SetMaxIdleConns(0) }))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE t (id INTEGER PRIMARY KEY)")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, expr.Text("INSERT INTO t VALUES (1)")); err != nil {
		t.Fatal(err)
	}
	// Two transactions open at once use two connections; both see the row.
	// (The memdb VFS lets readers share the database, but not read while
	// another connection writes: writers wait for the busy timeout.)
	var txs []*engine.Tx
	for range 2 {
		tx, err := e.Begin(ctx, engine.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
		if n, err := engine.Scalar[int64](ctx, tx, expr.Text("SELECT count(*) FROM t")); err != nil || n != 1 {
			t.Errorf("connection %d sees %d rows, %v; want 1", len(txs), n, err)
		}
	}
	for _, tx := range txs {
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// After a read-only transaction, the connection writes again.
	for range 3 {
		if _, err := e.Exec(ctx, expr.Text("INSERT INTO t SELECT max(id) + 1 FROM t")); err != nil {
			t.Fatalf("write after a read-only transaction: %v", err)
		}
	}
	other, err := sqlitedialect.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(ctx, expr.Text("SELECT count(*) FROM t")); err == nil {
		t.Error("a second in-memory database sees the first one's table")
	}
}

func TestOpenReadOnlyTx(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e, err := sqlitedialect.Open(ctx, "", sqlitedialect.WithDBConfig(func(db *sql.DB) { db.SetMaxOpenConns(2) }))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE t (id INTEGER PRIMARY KEY)")); err != nil {
		t.Fatal(err)
	}
	err = e.RunInTx(ctx, engine.TxOptions{ReadOnly: true}, func(ctx context.Context, tx *engine.Tx) error {
		_, err := tx.Exec(ctx, expr.Text("INSERT INTO t VALUES (1)"))
		return err
	})
	var ee *engine.Error
	if !errors.As(err, &ee) {
		t.Fatalf("write in a read-only transaction: %v; want an *engine.Error", err)
	}
	// With two connections (one kept), the pool's other connection ran the
	// read-only transaction; it must write again.
	for i := range 4 {
		if _, err := e.Exec(ctx, expr.Text("INSERT INTO t VALUES (:id)").Bind("id", i+10)); err != nil {
			t.Fatalf("write %d after the read-only transaction: %v", i, err)
		}
	}
}

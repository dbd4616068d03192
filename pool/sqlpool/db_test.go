package sqlpool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

func openFake(t *testing.T, opts ...sqlpool.Option) (*sqlpool.DB, *fakedriver.Connector) {
	t.Helper()
	c := &fakedriver.Connector{}
	db := sqlpool.OpenDB(c, opts...)
	t.Cleanup(func() { db.Close() })
	return db, c
}

// waitIdle polls until no connection is in use, failing after 30 seconds.
func waitIdle(t *testing.T, db *sqlpool.DB, msg string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for db.Stats().InUse != 0 {
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func TestDBBasics(t *testing.T) {
	db, c := openFake(t)
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := db.ExecContext(ctx, "UPDATE t SET x = 1")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); n != 1 || err != nil {
		t.Fatalf("RowsAffected = %d, %v; want 1, nil", n, err)
	}
	var one int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("QueryRow: %d, %v; want 1, nil", one, err)
	}
	if c.Opened() != 1 {
		t.Fatalf("opened %d connections for sequential use; want 1", c.Opened())
	}
	if c.Resets() == 0 {
		t.Fatal("ResetSession was never called on reuse")
	}
	if db.Driver() == nil {
		t.Fatal("Driver() = nil")
	}
}

func TestBadConnRetries(t *testing.T) {
	db, c := openFake(t)
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	c.FailNext(1)
	if _, err := db.ExecContext(ctx, "x"); err != nil {
		t.Fatalf("Exec after one bad connection: %v; want a transparent retry", err)
	}
	if c.Closed() != 1 {
		t.Fatalf("closed %d connections; want the bad one closed", c.Closed())
	}
	c.FailNext(3) // two cached tries and one on a new connection
	if _, err := db.ExecContext(ctx, "x"); !errors.Is(err, driver.ErrBadConn) {
		t.Fatalf("Exec with every try failing: %v; want driver.ErrBadConn", err)
	}
	if st := db.Stats(); st.InUse != 0 {
		t.Fatalf("stats %+v; want nothing in use", st)
	}
	// A bad connection inside a transaction is not retried.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.FailNext(1)
	if _, err := tx.ExecContext(ctx, "x"); !errors.Is(err, driver.ErrBadConn) {
		t.Fatalf("Tx.Exec on a bad connection: %v; want driver.ErrBadConn", err)
	}
	tx.Rollback()
}

func TestMaxOpenAndStats(t *testing.T) {
	db, c := openFake(t)
	db.SetMaxOpenConns(3)
	db.SetMaxIdleConns(3)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := 0; g < 12; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				if _, err := db.ExecContext(ctx, "x"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	st := db.Stats()
	if st.OpenConnections > 3 || st.MaxOpenConnections != 3 || st.InUse != 0 {
		t.Fatalf("stats %+v; want at most 3 open, none in use", st)
	}
	if c.Opened()-c.Closed() != int64(st.OpenConnections) {
		t.Fatalf("driver has %d open; stats say %d", c.Opened()-c.Closed(), st.OpenConnections)
	}
	if len(st.Shards) == 0 {
		t.Fatal("no shard figures")
	}
}

func TestAcquireTimeout(t *testing.T) {
	db, _ := openFake(t)
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	if _, err := db.ExecContext(tctx, "x"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Exec with the only connection held: %v; want DeadlineExceeded", err)
	}
	if st := db.Stats(); st.WaitCount != 1 || st.WaitDuration <= 0 {
		t.Fatalf("stats %+v; want one wait counted", st)
	}
	conn.Close()
	if err := conn.Close(); !errors.Is(err, sql.ErrConnDone) {
		t.Fatalf("second Conn.Close: %v; want sql.ErrConnDone", err)
	}
	if _, err := db.ExecContext(ctx, "x"); err != nil {
		t.Fatal(err)
	}
}

func TestTxLifecycle(t *testing.T) {
	db, _ := openFake(t)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	var one int
	if err := stmt.QueryRowContext(ctx).Scan(&one); err != nil || one != 1 {
		t.Fatalf("tx stmt QueryRow: %d %v", one, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); !errors.Is(err, sql.ErrTxDone) {
		t.Fatalf("second Commit: %v; want sql.ErrTxDone", err)
	}
	if _, err := tx.ExecContext(ctx, "x"); !errors.Is(err, sql.ErrTxDone) {
		t.Fatalf("Exec after Commit: %v; want sql.ErrTxDone", err)
	}
	if _, err := stmt.ExecContext(ctx); err == nil {
		t.Fatal("Exec on a statement of a committed transaction succeeded")
	}

	// A canceled context rolls the transaction back and frees the connection.
	cctx, cancel := context.WithCancel(ctx)
	tx, err = db.BeginTx(cctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	waitIdle(t, db, "canceled transaction kept its connection")
	if err := tx.Commit(); err == nil {
		t.Fatal("Commit after cancel succeeded")
	}
}

func TestStmtAcrossConnections(t *testing.T) {
	db, _ := openFake(t)
	db.SetMaxIdleConns(4)
	ctx := context.Background()
	stmt, err := db.PrepareContext(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				rows, err := stmt.QueryContext(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				for rows.Next() {
				}
				rows.Close()
				if _, err := stmt.ExecContext(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	tx, _ := db.Begin()
	var one int
	if err := tx.Stmt(stmt).QueryRow().Scan(&one); err != nil || one != 1 {
		t.Fatalf("Tx.Stmt: %d %v", one, err)
	}
	tx.Rollback()
	if err := stmt.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := stmt.Exec(); err == nil || err.Error() != "sql: statement is closed" {
		t.Fatalf("Exec on closed statement: %v", err)
	}
}

func TestRowsContextCancel(t *testing.T) {
	db, _ := openFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	rows, err := db.QueryContext(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	waitIdle(t, db, "canceled rows kept their connection")
	if rows.Next() {
		t.Fatal("Next after cancel returned true")
	}
	if err := rows.Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Err after cancel: %v; want context.Canceled", err)
	}
}

func TestConnRawAndClose(t *testing.T) {
	db, c := openFake(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var raw any
	if err := conn.Raw(func(dc any) error { raw = dc; return nil }); err != nil || raw == nil {
		t.Fatalf("Raw: %v %v", raw, err)
	}
	if err := conn.Raw(func(any) error { return driver.ErrBadConn }); !errors.Is(err, driver.ErrBadConn) {
		t.Fatalf("Raw returning ErrBadConn: %v", err)
	}
	if err := conn.PingContext(ctx); !errors.Is(err, sql.ErrConnDone) {
		t.Fatalf("Ping on a Conn closed by a bad connection: %v; want sql.ErrConnDone", err)
	}
	if c.Closed() != 1 {
		t.Fatalf("closed %d connections; want 1", c.Closed())
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.PingContext(ctx); err == nil || err.Error() != "sql: database is closed" {
		t.Fatalf("Ping after Close: %v", err)
	}
	if c.Opened() != c.Closed() {
		t.Fatalf("after Close %d opened, %d closed", c.Opened(), c.Closed())
	}
}

func TestLeakDetectionOption(t *testing.T) {
	leaks := make(chan sqlpool.Leak, 1)
	db, _ := openFake(t, sqlpool.WithLeakDetection(time.Millisecond, func(l sqlpool.Leak) {
		select {
		case leaks <- l:
		default:
		}
	}), sqlpool.WithShards(2), sqlpool.WithLifetimeJitter(time.Millisecond))
	db.SetConnMaxLifetime(time.Hour)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	select {
	case l := <-leaks:
		if l.Stack == "" {
			t.Fatal("leak report without a stack")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("held connection never reported")
	}
}

func TestOpenUnknownDriver(t *testing.T) {
	_, serr := sql.Open("no-such-driver", "")
	_, perr := sqlpool.Open("no-such-driver", "")
	if perr == nil || perr.Error() != serr.Error() {
		t.Fatalf("Open unknown driver: %v; want %v", perr, serr)
	}
}

package mysqldialect_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// running counts the statements running in database db: the sessions
// not idle ("Sleep"), as a prepared statement runs as "Execute", not
// "Query".
func running(t *testing.T, ctx context.Context, admin *sql.DB, db string) int {
	t.Helper()
	var n int
	err := admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND <> 'Sleep'", db).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitRunning polls until want statements run in db, or fails the test
// when they do not within the bound, far above what a KILL takes. (The
// statements wait for a row lock, which the server, unlike SLEEP, does
// not give up when the client goes away: they would run until the lock
// is released or innodb_lock_wait_timeout, 50 seconds, passes.)
func waitRunning(t *testing.T, ctx context.Context, admin *sql.DB, db string, want int, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for running(t, ctx, admin, db) != want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d statements still running on the server; want %d", what, running(t, ctx, admin, db), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lockRow creates table locked in db with row 1, which a transaction of
// admin holds locked until the test ends: statements that lock it wait.
func lockRow(t *testing.T, ctx context.Context, admin *sql.DB, db string) {
	t.Helper()
	table := quoteIdent(db) + ".locked"
	if _, err := admin.ExecContext(ctx, "CREATE TABLE "+table+" (id INT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "INSERT INTO "+table+" VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	tx, err := admin.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.ExecContext(ctx, "SELECT id FROM "+table+" WHERE id = 1 FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
}

// A statement whose context ends is ended on the server, and its
// connection is reused for the next statements, which run undisturbed:
// for the engine's statement timeout and the caller's cancellation, for
// queries and Exec, with arguments (prepared) and without.
func TestStatementEndedOnServer(t *testing.T) {
	admin, cfg := myAdmin(t)
	c := myDatabase(t, admin, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	lockRow(t, ctx, admin, c.DBName)
	e, err := mysqldialect.Open(ctx, c.FormatDSN(),
		engine.WithStatementTimeout(300*time.Millisecond),
		mysqldialect.WithDBConfig(func(db *sql.DB) { db.SetMaxOpenConns(1) }))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	connID := func() int64 {
		t.Helper()
		id, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT CONNECTION_ID()"))
		if err != nil {
			t.Fatalf("the statement after a killed one failed: %v", err)
		}
		return id
	}
	id := connID()

	for _, c2 := range []struct {
		name string
		run  func() error
	}{
		{"query", func() error {
			_, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT id FROM locked WHERE id = 1 FOR UPDATE"))
			return err
		}},
		{"prepared query", func() error {
			_, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT id FROM locked WHERE id = :id FOR UPDATE"), sql.Named("id", 1))
			return err
		}},
		{"exec", func() error {
			_, err := e.Exec(ctx, expr.Text("UPDATE locked SET id = id WHERE id = 1"))
			return err
		}},
		{"prepared exec", func() error {
			_, err := e.Exec(ctx, expr.Text("UPDATE locked SET id = id WHERE id = :id"), sql.Named("id", 1))
			return err
		}},
		{"exec of a statement that succeeds when killed", func() error {
			_, err := e.Exec(ctx, expr.Text("DO SLEEP(30)"))
			return err
		}},
	} {
		if err := c2.run(); !errors.Is(err, engine.ErrStatementTimeout) {
			t.Errorf("%s: %v; want ErrStatementTimeout", c2.name, err)
		}
		waitRunning(t, ctx, admin, c.DBName, 0, c2.name)
		if got := connID(); got != id {
			t.Errorf("%s: the next statement ran on connection %d, not %d: the connection was closed", c2.name, got, id)
		}
	}

	// The caller's cancellation, without a statement timeout.
	cctx, stop := context.WithCancel(engine.Timeout(ctx, 0))
	done := make(chan error, 1)
	go func() {
		_, err := engine.Scalar[int64](cctx, e, expr.Text("SELECT id FROM locked WHERE id = 1 FOR UPDATE"))
		done <- err
	}()
	waitRunning(t, ctx, admin, c.DBName, 1, "before the cancellation")
	stop()
	if err := <-done; !errors.Is(err, engine.ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Errorf("canceled query: %v; want ErrCanceled", err)
	}
	waitRunning(t, ctx, admin, c.DBName, 0, "canceled query")
	if got := connID(); got != id {
		t.Errorf("after the cancellation the next statement ran on connection %d, not %d", got, id)
	}

	// Kills that may arrive as their statement ends never end the next
	// statement on the connection.
	for i := range 40 {
		d := time.Duration(i%8+1) * 2 * time.Millisecond
		_, err := e.Exec(engine.Timeout(ctx, d), expr.Text("DO SLEEP(0.01)"))
		if err != nil && !errors.Is(err, engine.ErrStatementTimeout) {
			t.Fatalf("round %d: %v", i, err)
		}
		if _, err := e.Exec(engine.Timeout(ctx, 0), expr.Text("DO SLEEP(0.02)")); err != nil {
			t.Fatalf("round %d: the statement after one with a %v timeout failed: %v", i, d, err)
		}
	}
	if got := connID(); got != id {
		t.Errorf("after the racing kills the statements ran on connection %d, not %d", got, id)
	}
}

// An account with data rights only can end its own statements.
func TestStatementEndedOnServerDataRole(t *testing.T) {
	admin, _ := myAdmin(t)
	c := testUser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	lockRow(t, ctx, admin, c.DBName)
	e, err := mysqldialect.Open(ctx, c.FormatDSN(), engine.WithPasswordFunc(func(context.Context) (string, error) {
		return sentinelPassword, nil
	}), engine.WithStatementTimeout(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Exec(ctx, expr.Text("UPDATE locked SET id = id WHERE id = 1")); !errors.Is(err, engine.ErrStatementTimeout) {
		t.Errorf("%v; want ErrStatementTimeout", err)
	}
	waitRunning(t, ctx, admin, c.DBName, 0, "data-only account")
}

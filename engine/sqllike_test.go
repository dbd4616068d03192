package engine

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

// waitingDB is a database/sql look-alike whose BeginTx waits for a
// connection until its context ends, as a pool with none free does, or,
// when free is set, begins at once.
type waitingDB struct {
	free    bool
	waiting chan struct{}   // closed when BeginTx waits
	txCtx   context.Context // the context of the transaction begun
}

func (d *waitingDB) BeginTx(ctx context.Context, _ *sql.TxOptions) (*noTx, error) {
	if d.free {
		d.txCtx = ctx
		return &noTx{}, nil
	}
	close(d.waiting)
	<-ctx.Done()
	return nil, ctx.Err()
}

func (d *waitingDB) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, errors.New("unused")
}
func (d *waitingDB) QueryContext(context.Context, string, ...any) (SourceRows, error) {
	return nil, errors.New("unused")
}
func (d *waitingDB) PingContext(context.Context) error { return nil }
func (d *waitingDB) Close() error                      { return nil }

type noTx struct{ ended bool }

func (t *noTx) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, errors.New("unused")
}
func (t *noTx) QueryContext(context.Context, string, ...any) (SourceRows, error) {
	return nil, errors.New("unused")
}
func (t *noTx) Commit() error   { t.ended = true; return nil }
func (t *noTx) Rollback() error { t.ended = true; return nil }

// TestBeginBoundedByContext checks that Begin on a database/sql pool with
// no free connection returns when its context ends, rather than waiting
// for a connection for ever, and that a transaction begun outlives the
// context it was begun with until Commit.
func TestBeginBoundedByContext(t *testing.T) {
	db := &waitingDB{waiting: make(chan struct{})}
	e, err := New(SQLDBLike(db), fakeDialect{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.Begin(ctx, TxOptions{})
		done <- err
	}()
	<-db.waiting
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
			t.Errorf("Begin after its context ended: %v; want ErrCanceled", err)
		}
	case <-time.After(10 * time.Second): // bounds a hang, not a duration
		t.Fatal("Begin waited for a connection after its context ended")
	}

	db.free = true
	ctx, cancel = context.WithCancel(context.Background())
	tx, err := e.Begin(ctx, TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if db.txCtx.Err() != nil {
		t.Error("the transaction's context ended with the context Begin was given")
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if db.txCtx.Err() == nil {
		t.Error("the transaction's context was not released by Commit")
	}
}

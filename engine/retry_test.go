package engine

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// lostSource begins transactions whose statements or commit lose the
// connection.
type lostSource struct {
	node
	begins     int
	failStmts  int // the first failStmts transactions lose the connection at their statement
	failCommit bool
}

type lostTx struct {
	s    *lostSource
	lost bool
}

func (s *lostSource) Begin(context.Context, TxOptions) (SourceTx, error) {
	s.begins++
	return &lostTx{s: s, lost: s.begins <= s.failStmts}, nil
}

func (t *lostTx) Exec(context.Context, string, []any) (Result, error) {
	if t.lost {
		return Result{}, io.ErrUnexpectedEOF
	}
	return Result{}, nil
}
func (t *lostTx) Query(context.Context, string, []any) (SourceRows, error) { return &emptyRows{}, nil }
func (t *lostTx) Commit(context.Context) error {
	if t.s.failCommit {
		return io.ErrUnexpectedEOF
	}
	return nil
}
func (t *lostTx) Rollback(context.Context) error { return nil }

func TestRunInTxConnectionLost(t *testing.T) {
	fn := func(ctx context.Context, tx *Tx) error {
		_, err := tx.Exec(ctx, expr.Insert(routeTable).Values(1))
		return err
	}
	retry := WithRetry(RetryPolicy{MaxAttempts: 5})
	classify := WithClassifier(ClassifierFunc(ClassifyCommon))
	s := &lostSource{failStmts: 2}
	e, _ := New(s, fakeDialect{}, retry, classify)
	if err := e.RunInTx(context.Background(), TxOptions{}, fn); err != nil || s.begins != 3 {
		t.Errorf("lost before COMMIT: err %v after %d runs; want nil after 3", err, s.begins)
	}
	s = &lostSource{failCommit: true}
	e, _ = New(s, fakeDialect{}, retry, classify)
	err := e.RunInTx(context.Background(), TxOptions{}, fn)
	if !CommitUnknown(err) || !errors.Is(err, ErrConnectionLost) || s.begins != 1 {
		t.Errorf("lost at COMMIT: err %v after %d runs; want CommitUnknown after 1", err, s.begins)
	}
}

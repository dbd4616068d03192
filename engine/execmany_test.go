package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// memTx is a transaction that runs nothing: it records the statements it
// is given, reports statement i as changing i+1 rows, and fails the
// statement at index failAt (-1: none) with errDup.
type memTx struct {
	texts  []string
	failAt int
	execs  int // calls of Exec
}

var errDup = errors.New("mem: duplicate key")

func (m *memTx) Exec(_ context.Context, text string, _ []any) (Result, error) {
	m.execs++
	i := len(m.texts)
	m.texts = append(m.texts, text)
	if i == m.failAt {
		return Result{}, errDup
	}
	return Result{RowsAffected: int64(i + 1)}, nil
}

func (m *memTx) Query(context.Context, string, []any) (SourceRows, error) {
	return nil, errors.New("mem: no queries")
}
func (m *memTx) Commit(context.Context) error   { return nil }
func (m *memTx) Rollback(context.Context) error { return nil }

// memBatchTx is a memTx that pipelines: ExecBatch runs the statements as
// memTx.Exec does and remembers the batch's context.
type memBatchTx struct {
	memTx
	batches int
	ctx     context.Context
}

func (m *memBatchTx) ExecBatch(ctx context.Context, texts []string, args [][]any) ([]Result, error) {
	m.batches++
	m.ctx = ctx
	var results []Result
	for i, text := range texts {
		m.texts = append(m.texts, text)
		if i == m.failAt {
			return results, errDup
		}
		results = append(results, Result{RowsAffected: int64(i + 1)})
	}
	return results, nil
}

// memSource begins tx.
type memSource struct{ tx SourceTx }

func (s memSource) Exec(context.Context, string, []any) (Result, error) {
	return Result{}, errors.New("mem: outside a transaction")
}
func (s memSource) Query(context.Context, string, []any) (SourceRows, error) {
	return nil, errors.New("mem: outside a transaction")
}
func (s memSource) Begin(context.Context, TxOptions) (SourceTx, error) { return s.tx, nil }
func (s memSource) Close() error                                       { return nil }

// events records query events and error-hook calls.
type events struct {
	evs    []QueryEvent
	errs   int
	ctxOK  bool
	before int
}

type evKey struct{}

func (r *events) BeforeQuery(ctx context.Context, ev *QueryEvent) context.Context {
	r.before++
	return context.WithValue(ctx, evKey{}, ev)
}
func (r *events) AfterQuery(ctx context.Context, ev *QueryEvent) {
	r.ctxOK = ctx.Value(evKey{}) == ev
	cp := *ev
	cp.Args = append([]any(nil), ev.Args...)
	r.evs = append(r.evs, cp)
}
func (r *events) QueryError(context.Context, *QueryEvent) { r.errs++ }

var manyT = expr.NewMetaData().MustTable("t", expr.Col("id", expr.BigInt, expr.PK), expr.Col("n", expr.Integer))

// updates returns n UPDATEs of one shape; the i-th sets n = 100+i where
// id = i.
func updates(n int) []expr.Statement {
	stmts := make([]expr.Statement, n)
	for i := range stmts {
		stmts[i] = expr.Update(manyT).Set(manyT.C("n"), 100+i).Where(manyT.C("id").Eq(i))
	}
	return stmts
}

// beginMem starts a transaction on an engine over tx with hooks rec.
func beginMem(t *testing.T, tx SourceTx, rec *events, opts ...Option) *Tx {
	t.Helper()
	classify := WithClassifier(ClassifierFunc(func(err error) error {
		if err == errDup {
			return ErrUniqueViolation
		}
		return nil
	}))
	e, err := New(memSource{tx}, fakeDialect{}, append([]Option{classify, WithHooks(rec)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.Begin(context.Background(), TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// ExecMany runs every statement in order, returns each one's result and
// shows each to the hooks — one by one on a plain transaction, in one
// ExecBatch on one that pipelines.
func TestExecMany(t *testing.T) {
	for _, pipelined := range []bool{false, true} {
		plain := &memTx{failAt: -1}
		batch := &memBatchTx{memTx: memTx{failAt: -1}}
		var stx SourceTx = plain
		if pipelined {
			stx = batch
		}
		rec := &events{}
		tx := beginMem(t, stx, rec)
		results, err := tx.ExecMany(context.Background(), updates(4))
		if err != nil {
			t.Fatalf("pipelined=%v: %v", pipelined, err)
		}
		if len(results) != 4 {
			t.Fatalf("pipelined=%v: %d results; want 4", pipelined, len(results))
		}
		for i, r := range results {
			if r.RowsAffected != int64(i+1) {
				t.Errorf("pipelined=%v: result %d: RowsAffected %d; want %d", pipelined, i, r.RowsAffected, i+1)
			}
		}
		if pipelined && (batch.batches != 1 || batch.execs != 0 || len(batch.texts) != 4) {
			t.Errorf("pipelined: %d batches, %d Execs, %d statements; want 1, 0, 4", batch.batches, batch.execs, len(batch.texts))
		}
		if !pipelined && plain.execs != 4 {
			t.Errorf("plain: %d Execs; want 4", plain.execs)
		}
		if len(rec.evs) != 4 || rec.before != 4 || rec.errs != 0 || !rec.ctxOK {
			t.Fatalf("pipelined=%v: %d events, %d before, %d errors, ctx passed %v; want 4, 4, 0, true",
				pipelined, len(rec.evs), rec.before, rec.errs, rec.ctxOK)
		}
		for i, ev := range rec.evs {
			if ev.Op != OpExec || !strings.HasPrefix(ev.SQL, "UPDATE t SET n = ?") || ev.NumArgs != 2 || ev.Args != nil ||
				!ev.InTx || ev.RowsAffected != int64(i+1) || ev.Err != nil {
				t.Errorf("pipelined=%v: event %d = %+v", pipelined, i, ev)
			}
			// A batch's events tile its time, one share after the other.
			if pipelined && i > 0 && !ev.Start.Equal(rec.evs[i-1].Start.Add(rec.evs[i-1].Duration)) {
				t.Errorf("event %d starts at %v, not where event %d's share ends", i, ev.Start, i-1)
			}
		}
	}
}

// At the first failure ExecMany stops, returns the results before it and
// the classified error, and the hooks see the statements that ran, the
// failed one last.
func TestExecManyStops(t *testing.T) {
	for _, pipelined := range []bool{false, true} {
		var stx SourceTx = &memTx{failAt: 1}
		if pipelined {
			stx = &memBatchTx{memTx: memTx{failAt: 1}}
		}
		rec := &events{}
		tx := beginMem(t, stx, rec)
		results, err := tx.ExecMany(context.Background(), updates(4))
		var ee *Error
		if !errors.As(err, &ee) || ee.Class != ErrUniqueViolation || !errors.Is(err, errDup) || ee.Op != "exec" {
			t.Fatalf("pipelined=%v: err = %v; want a classified *Error wrapping the driver's", pipelined, err)
		}
		if len(results) != 1 || results[0].RowsAffected != 1 {
			t.Errorf("pipelined=%v: results %+v; want the first statement's only", pipelined, results)
		}
		if !pipelined && stx.(*memTx).execs != 2 {
			t.Errorf("plain: %d Execs; want 2, none after the failure", stx.(*memTx).execs)
		}
		if len(rec.evs) != 2 || rec.before != 2 || rec.errs != 1 || rec.evs[0].Err != nil || !errors.Is(rec.evs[1].Err, ErrUniqueViolation) {
			t.Errorf("pipelined=%v: %d events (%d before), %d error-hook calls; want 2, the second failed", pipelined, len(rec.evs), rec.before, rec.errs)
		}
	}
}

// A statement that does not compile ends ExecMany as a failing one does:
// the statements before it run, none after it.
func TestExecManyCompileError(t *testing.T) {
	for _, pipelined := range []bool{false, true} {
		mt := &memTx{failAt: -1}
		var stx SourceTx = mt
		if pipelined {
			b := &memBatchTx{memTx: memTx{failAt: -1}}
			stx, mt = b, &b.memTx
		}
		tx := beginMem(t, stx, &events{})
		stmts := updates(4)
		stmts[2] = expr.Delete(manyT) // no WHERE: refused by the compiler
		results, err := tx.ExecMany(context.Background(), stmts)
		var ee *Error
		if err == nil || errors.As(err, &ee) {
			t.Errorf("pipelined=%v: err = %v; want the compiler's error", pipelined, err)
		}
		if len(results) != 2 || len(mt.texts) != 2 {
			t.Errorf("pipelined=%v: %d results, %d statements run; want 2, 2", pipelined, len(results), len(mt.texts))
		}
	}
}

// With the opt-in, each event of a batch carries its own statement's
// values (the batch holds one argument buffer per statement); without
// it, none.
func TestExecManyArgs(t *testing.T) {
	rec := &events{}
	tx := beginMem(t, &memBatchTx{memTx: memTx{failAt: -1}}, rec, WithParamValuesInHooks())
	if _, err := tx.ExecMany(context.Background(), updates(3)); err != nil {
		t.Fatal(err)
	}
	for i, ev := range rec.evs {
		if len(ev.Args) != 2 || ev.Args[0] != 100+i || ev.Args[1] != i {
			t.Errorf("event %d: Args %v; want [%d %d]", i, ev.Args, 100+i, i)
		}
	}
}

// A batch of n statements gets n times the statement timeout, what they
// would be allowed one by one; Timeout overrides the engine's.
func TestExecManyTimeout(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		ctx  func(context.Context) context.Context
	}{
		{"engine", []Option{WithStatementTimeout(time.Hour)}, func(ctx context.Context) context.Context { return ctx }},
		{"call", []Option{WithStatementTimeout(time.Second)}, func(ctx context.Context) context.Context { return Timeout(ctx, time.Hour) }},
	} {
		b := &memBatchTx{memTx: memTx{failAt: -1}}
		tx := beginMem(t, b, &events{}, tc.opts...)
		before := time.Now()
		if _, err := tx.ExecMany(tc.ctx(context.Background()), updates(3)); err != nil {
			t.Fatal(err)
		}
		dl, ok := b.ctx.Deadline()
		// The deadline is 3h after a moment between before and now.
		if !ok || dl.Before(before.Add(3*time.Hour)) || dl.After(time.Now().Add(3*time.Hour)) {
			t.Errorf("%s: batch deadline %v (set %v) is not 3h after the call", tc.name, dl.Sub(before), ok)
		}
	}
}

// A finished transaction refuses ExecMany.
func TestExecManyTxDone(t *testing.T) {
	tx := beginMem(t, &memBatchTx{memTx: memTx{failAt: -1}}, &events{})
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecMany(context.Background(), updates(2)); !errors.Is(err, ErrTxDone) {
		t.Errorf("ExecMany after Commit: %v; want ErrTxDone", err)
	}
}

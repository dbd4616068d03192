package enginetest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// manyCounters is how many extra counters RunExecMany works on, with ids
// 100 and up.
const manyCounters = 20

// bump adds one to counter id.
func bump(id int64) *expr.UpdateStmt {
	return expr.Update(counters).Set(counters.C("n"), counters.C("n").Add(1)).Where(counters.C("id").Eq(id))
}

// RunExecMany checks Tx.ExecMany: one result per statement, stopping at
// the first failure with the error classified, and — where the source
// pipelines — all statements in one round trip.
func RunExecMany(t *testing.T, env Env) {
	setupMany := func(t *testing.T, opts ...engine.Option) *engine.Engine {
		e, ctx := setup(t, env, opts...)
		ins := expr.Insert(counters).Columns(counters.C("id"), counters.C("n"))
		for i := range manyCounters {
			ins = ins.Values(100+i, 0)
		}
		mustExec(t, ctx, e, ins)
		return e
	}

	t.Run("RowsAffected", func(t *testing.T) {
		t.Parallel()
		e := setupMany(t)
		ctx := testContext(t)
		// Statement i bumps the counters 100 .. 100+i-1: i rows, none for
		// the first. The same shape every time.
		stmts := make([]expr.Statement, manyCounters)
		for i := range stmts {
			stmts[i] = expr.Update(counters).Set(counters.C("n"), counters.C("n").Add(1)).
				Where(counters.C("id").Ge(100), counters.C("id").Lt(100+i))
		}
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		results, err := tx.ExecMany(ctx, stmts)
		if err != nil {
			t.Fatalf("%s: ExecMany: %v", env.Name, err)
		}
		if len(results) != len(stmts) {
			t.Fatalf("%s: %d results for %d statements", env.Name, len(results), len(stmts))
		}
		for i, r := range results {
			if r.RowsAffected != int64(i) {
				t.Errorf("%s: statement %d: RowsAffected %d; want %d", env.Name, i, r.RowsAffected, i)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		// Counter 100+j was bumped by every statement i > j.
		got, err := engine.All(ctx, e, expr.Select(counters.C("n")).From(counters).
			Where(counters.C("id").Ge(100)).OrderBy(counters.C("id").Asc()), engine.ScanValue[int64])
		if err != nil || len(got) != manyCounters {
			t.Fatalf("%s: counters %v, %v", env.Name, got, err)
		}
		for j, n := range got {
			if n != int64(manyCounters-1-j) {
				t.Errorf("%s: counter %d = %d; want %d", env.Name, 100+j, n, manyCounters-1-j)
			}
		}
	})

	t.Run("StopsAtFailure", func(t *testing.T) {
		t.Parallel()
		rec := &recorder{}
		e := setupMany(t, engine.WithHooks(rec))
		ctx := testContext(t)
		rec.mu.Lock()
		rec.events, rec.errs = nil, 0
		rec.mu.Unlock()
		// The second statement renames org 1 to org 2's name.
		stmts := []expr.Statement{
			bump(1),
			expr.Update(orgs).Set(orgs.C("name"), "globex").Where(orgs.C("id").Eq(1)),
			bump(2),
		}
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		results, err := tx.ExecMany(ctx, stmts)
		var ee *engine.Error
		if !errors.Is(err, engine.ErrUniqueViolation) || !errors.As(err, &ee) || ee.Err == nil {
			t.Fatalf("%s: ExecMany: %v; want a classified unique violation", env.Name, err)
		}
		if len(results) != 1 || results[0].RowsAffected != 1 {
			t.Errorf("%s: results %+v; want the first statement's only, so stmts[1] failed", env.Name, results)
		}
		// Where a failed statement leaves the transaction usable (not on
		// PostgreSQL, which aborts it), the third statement's write must
		// be missing.
		if n, err := engine.Scalar[int64](ctx, tx, expr.Select(counters.C("n")).From(counters).Where(counters.C("id").Eq(2))); err == nil && n != 0 {
			t.Errorf("%s: counter 2 = %d after the failed batch; the statement after the failure ran", env.Name, n)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := engine.Scalar[int64](ctx, e, expr.Select(counters.C("n")).From(counters).Where(counters.C("id").Eq(1))); err != nil || n != 0 {
			t.Errorf("%s: counter 1 = %d, %v after rollback; want 0", env.Name, n, err)
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		// The events: the batch's two statements, then the check's SELECT
		// where the transaction allowed it.
		if len(rec.events) < 2 || rec.events[0].Err != nil || !errors.Is(rec.events[1].Err, engine.ErrUniqueViolation) ||
			rec.events[0].RowsAffected != 1 || rec.errs < 1 {
			t.Fatalf("%s: %d events, %d error-hook calls; want the first statement's, then the failed one's", env.Name, len(rec.events), rec.errs)
		}
		for _, ev := range rec.events[2:] {
			if ev.Op != engine.OpQuery {
				t.Errorf("%s: an event for %q after the failed statement", env.Name, ev.SQL)
			}
		}
	})

	t.Run("BeginTravelsWithFirstStatement", func(t *testing.T) {
		t.Parallel()
		if env.Writes == nil {
			t.Skipf("%s: the client's writes are not counted here", env.Name)
		}
		e := setupMany(t)
		ctx := testContext(t)
		// A transaction of one statement: BEGIN goes with the statement,
		// then COMMIT — two writes once the connection has prepared both
		// texts (the first use of a text on a connection adds one), three
		// with a BEGIN of its own. The best of a few tries is two.
		best := int64(1 << 30)
		for range 5 {
			before := env.Writes(e)
			tx, err := e.Begin(ctx, engine.TxOptions{})
			if err != nil {
				t.Fatal(err)
			}
			mustExec(t, ctx, tx, bump(100))
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			best = min(best, env.Writes(e)-before)
		}
		if best != 2 {
			t.Errorf("%s: a one-statement transaction made at best %d writes; want 2", env.Name, best)
		}
	})

	t.Run("OneRoundTrip", func(t *testing.T) {
		t.Parallel()
		if env.Writes == nil {
			t.Skipf("%s: ExecMany runs statement by statement here", env.Name)
		}
		e := setupMany(t)
		ctx := testContext(t)
		stmts := make([]expr.Statement, manyCounters)
		for i := range stmts {
			stmts[i] = bump(int64(100 + i))
		}
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		// The first batch of a statement text may prepare it first, one
		// more round trip; the second is one write on any driver that
		// pipelines, and would be one per statement on one that loops.
		if _, err := tx.ExecMany(ctx, stmts); err != nil {
			t.Fatal(err)
		}
		before := env.Writes(e)
		results, err := tx.ExecMany(ctx, stmts)
		if err != nil {
			t.Fatal(err)
		}
		if w := env.Writes(e) - before; w != 1 {
			t.Errorf("%s: ExecMany of %d statements made %d writes; want 1", env.Name, len(stmts), w)
		}
		for i, r := range results {
			if r.RowsAffected != 1 {
				t.Errorf("%s: statement %d: RowsAffected %d; want 1", env.Name, i, r.RowsAffected)
			}
		}
		// The counter counts: two statements one by one are two writes.
		before = env.Writes(e)
		mustExec(t, ctx, tx, bump(100))
		mustExec(t, ctx, tx, bump(101))
		if w := env.Writes(e) - before; w != 2 {
			t.Errorf("%s: two Execs made %d writes; want 2", env.Name, w)
		}
	})
}

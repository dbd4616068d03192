package enginetest

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// The defaults docs/security.md row 8 names.
const (
	defaultMaxInList = 10000
	defaultMaxDepth  = 512
)

// documentedMaxParams is the parameter limit row 8 gives each dialect.
var documentedMaxParams = map[string]int{"postgres": 65535, "mysql": 65535, "mariadb": 65535, "sqlite": 32766}

// secureStatementCaps checks row 8 on the default engine: IN lists over
// 10,000 values, expressions nested over 512 deep and statements over the
// dialect's parameter limit fail to compile with a *compile.LimitError and
// never reach the server; PostgreSQL binds a list of plain values as one
// array, which has no cap.
func secureStatementCaps(t *testing.T, env SecureEnv) {
	calls := &callCounter{}
	e, ctx := setup(t, env.Env, engine.WithHooks(calls))
	sel := func(in ...any) error {
		_, err := engine.All(ctx, e, expr.Select(items.C("id")).From(items).Where(items.C("qty").In(in...)), engine.ScanValue[int64])
		return err
	}
	refused := func(what string, limit int, run func() error) {
		t.Helper()
		n := calls.n.Load()
		err := run()
		var le *compile.LimitError
		if !errors.As(err, &le) || le.What != what || le.Limit != limit {
			t.Errorf("%s: row 8: %s over the cap: %v; want a *compile.LimitError for %q with limit %d", env.Name, what, err, what, limit)
		}
		if calls.n.Load() != n {
			t.Errorf("%s: row 8: a statement over the cap of %s reached the server", env.Name, what)
		}
	}

	values := make([]any, defaultMaxInList+1)
	exprs := make([]any, defaultMaxInList+1)
	for i := range values {
		values[i], exprs[i] = int64(i), expr.Value(int64(i))
	}
	if e.Dialect().Features().Has(compile.ArrayBind) {
		if err := sel(values...); err != nil {
			t.Errorf("%s: row 8: %d plain values bound as one array: %v", env.Name, len(values), err)
		}
	} else {
		refused("IN list length", defaultMaxInList, func() error { return sel(values...) })
	}
	// Expressions in the list are written one by one on every database.
	refused("IN list length", defaultMaxInList, func() error { return sel(exprs...) })
	if err := sel(exprs[:defaultMaxInList]...); err != nil {
		t.Errorf("%s: row 8: an IN list of exactly %d values: %v", env.Name, defaultMaxInList, err)
	}

	var deep expr.Expr = counters.C("n")
	for range defaultMaxDepth + 1 {
		deep = expr.Value(1).Add(deep)
	}
	refused("expression nesting depth", defaultMaxDepth, func() error {
		_, err := e.Exec(ctx, expr.Update(counters).Set(counters.C("n"), deep).Where(counters.C("id").Eq(1)))
		return err
	})

	limit, ok := documentedMaxParams[e.Dialect().Name()]
	if !ok {
		t.Fatalf("%s: row 8 documents no parameter limit for dialect %s", env.Name, e.Dialect().Name())
	}
	ins := expr.Insert(counters).Columns(counters.C("id"), counters.C("n"))
	for i := range limit/2 + 1 {
		ins = ins.Values(int64(i+10), 0)
	}
	refused("number of parameters", limit, func() error { _, err := e.Exec(ctx, ins); return err })
}

// securePool checks row 14: Open's pool is bounded, by
// engine.DefaultMaxConns connections unless an option says otherwise:
// once they are all in use, the next transaction waits for one, until its
// context ends, rather than opening another.
func securePool(t *testing.T, env SecureEnv) {
	e, ctx := setup(t, env.Env)
	st := env.Pool(e)
	if st.Limit != engine.DefaultMaxConns() {
		t.Fatalf("%s: row 14: the pool's limit is %d; want engine.DefaultMaxConns() = %d", env.Name, st.Limit, engine.DefaultMaxConns())
	}
	var held []*engine.Tx
	defer func() {
		for _, tx := range held {
			tx.Rollback(ctx)
		}
	}()
	count := expr.Select(expr.CountAll()).From(counters)
	// begin starts a transaction and pins its connection with a statement
	// (Begin is lazy on native pgx).
	begin := func(ctx context.Context) (*engine.Tx, error) {
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err == nil {
			if _, err = engine.Scalar[int64](ctx, tx, count); err != nil {
				tx.Rollback(context.WithoutCancel(ctx))
			}
		}
		return tx, err
	}
	// Take every connection (one may be Open's own, as on SQLite).
	for st.InUse < st.Limit && len(held) < st.Limit {
		tx, err := begin(ctx)
		if err != nil {
			t.Fatalf("%s: row 14: transaction %d of a pool of %d: %v", env.Name, len(held)+1, st.Limit, err)
		}
		held = append(held, tx)
		st = env.Pool(e)
	}
	// The next one can only wait, however long its context gives it.
	wctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if tx, err := begin(wctx); err == nil {
		held = append(held, tx)
		t.Errorf("%s: row 14: a transaction began with all %d connections in use", env.Name, st.Limit)
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%s: row 14: a transaction beyond the pool's connections: %v; want it to wait until its context ends", env.Name, err)
	}
	if st = env.Pool(e); st.Open > st.Limit {
		t.Errorf("%s: row 14: %d connections open; want at most %d", env.Name, st.Open, st.Limit)
	}
}

// callCounter counts the statements that reach the source.
type callCounter struct{ n atomic.Int64 }

func (c *callCounter) BeforeQuery(ctx context.Context, _ *engine.QueryEvent) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *callCounter) AfterQuery(context.Context, *engine.QueryEvent) {}

// PoolStats is what SecureEnv.Pool reports of an engine's pool.
type PoolStats struct {
	Open  int // connections open
	InUse int // connections in use (in a transaction, or kept by Open)
	Limit int // the most connections it may open
}

// SQLDBPools remembers the *sql.DB under each engine a test opens, for
// SecureEnv.Pool where Open makes a *sql.DB (a dialect's WithDBConfig
// hands it to Add's caller).
type SQLDBPools struct{ m sync.Map }

// Add records db as e's pool until the test ends.
func (p *SQLDBPools) Add(t testing.TB, e *engine.Engine, db *sql.DB) {
	p.m.Store(e, db)
	t.Cleanup(func() { p.m.Delete(e) })
}

// Pool returns the statistics of e's pool.
func (p *SQLDBPools) Pool(e *engine.Engine) PoolStats {
	db, _ := p.m.Load(e)
	st := db.(*sql.DB).Stats()
	return PoolStats{Open: st.OpenConnections, InUse: st.InUse, Limit: st.MaxOpenConnections}
}

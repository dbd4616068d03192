// Package enginetest is the engine's test suite, run by each dialect
// module against its real database: the same tests, and the same table of
// error classes, on PostgreSQL (through database/sql and natively on pgx),
// MySQL/MariaDB and SQLite. It imports no driver; the dialect modules'
// tests supply the engines.
package enginetest

import (
	"context"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Env describes the database under test.
type Env struct {
	// Name names the configuration in failures ("postgres", "mariadb", ...).
	Name string
	// Open returns an engine on a fresh, empty schema or database of the
	// test's own, with opts applied and the dialect's classifier installed;
	// it registers its cleanup with t. It allows at least two connections.
	Open func(t testing.TB, opts ...engine.Option) *engine.Engine
	// Sleep is a statement that runs for several seconds (and at most a
	// few dozen), for timeout and cancellation tests.
	Sleep expr.Statement
	// ConnID returns the server's id of the session a statement runs in
	// (pg_backend_pid(), CONNECTION_ID()); nil where there is none (SQLite).
	ConnID expr.Statement
	// Kill ends the server session id from another connection and returns
	// when the session is gone; nil where there is none.
	Kill func(ctx context.Context, id int64) error
	// Serializable is true where SERIALIZABLE transactions fail with
	// serialization failures (PostgreSQL's SSI) rather than locks.
	Serializable bool
	// Deadlocks is true where two transactions locking rows in opposite
	// order get a deadlock error (PostgreSQL, MySQL/MariaDB; SQLite locks
	// the whole database and answers SQLITE_BUSY instead).
	Deadlocks bool
	// QuotesValues is true where the server's error messages quote bound
	// values (PostgreSQL in messages and DETAIL lines, MySQL/MariaDB in
	// messages), so that RunErrorText must see one in the caller's error.
	QuotesValues bool
	// ReadOnlyTx is true where TxOptions.ReadOnly is enforced.
	ReadOnlyTx bool
	// Reflector reads the schema back for RunReflect; nil skips it.
	Reflector engine.Reflector
	// SnapshotConflicts is true where a write in a transaction whose
	// snapshot is stale fails with a serialization failure (SQLite WAL's
	// SQLITE_BUSY_SNAPSHOT).
	SnapshotConflicts bool
	// Writes, where set, returns how many writes the client has made to
	// the server over the connections of e, an engine Open returned; it
	// is set where Tx.ExecMany pipelines (native pgx), and RunExecMany
	// checks that a batch is sent in one write, so one round trip.
	Writes func(e *engine.Engine) int64
}

// Run runs the whole suite.
func Run(t *testing.T, env Env) {
	t.Run("Core", func(t *testing.T) { t.Parallel(); RunCore(t, env) })
	t.Run("Errors", func(t *testing.T) { t.Parallel(); RunErrors(t, env) })
	t.Run("Tx", func(t *testing.T) { t.Parallel(); RunTx(t, env) })
	t.Run("Hooks", func(t *testing.T) { t.Parallel(); RunHooks(t, env) })
	t.Run("HooksObserveOnly", func(t *testing.T) { t.Parallel(); RunHooksObserveOnly(t, env) })
	t.Run("ErrorText", func(t *testing.T) { t.Parallel(); RunErrorText(t, env) })
	t.Run("Sensitive", func(t *testing.T) { t.Parallel(); RunSensitive(t, env) })
	t.Run("Checkout", func(t *testing.T) { t.Parallel(); RunCheckout(t, env) })
	t.Run("DDL", func(t *testing.T) { t.Parallel(); RunDDL(t, env) })
	t.Run("Reflect", func(t *testing.T) { t.Parallel(); RunReflect(t, env) })
	t.Run("Page", func(t *testing.T) { t.Parallel(); RunPage(t, env) })
	t.Run("ExecMany", func(t *testing.T) { t.Parallel(); RunExecMany(t, env) })
}

// testContext bounds a test's database work.
func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// The schema every test uses, created with CreateAll.
var (
	meta = expr.NewMetaData()
	orgs = meta.MustTable("orgs",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("name", expr.Varchar(50), expr.NotNull, expr.Unique),
	)
	items = meta.MustTable("items",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("org_id", expr.BigInt, expr.NotNull, expr.References("orgs.id")),
		expr.Col("name", expr.Varchar(50), expr.NotNull, expr.Indexed),
		expr.Col("qty", expr.Integer, expr.NotNull),
		expr.Check("ck_items_qty", "qty >= 0"),
	)
	counters = meta.MustTable("counters",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("n", expr.Integer, expr.NotNull),
	)
)

// setup opens an engine with the schema created and two orgs and two
// counters inserted.
func setup(t testing.TB, env Env, opts ...engine.Option) (*engine.Engine, context.Context) {
	t.Helper()
	e := env.Open(t, opts...)
	ctx := testContext(t)
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatalf("%s: CreateAll: %v", env.Name, err)
	}
	mustExec(t, ctx, e, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(1, "acme").Values(2, "globex"))
	mustExec(t, ctx, e, expr.Insert(counters).Columns(counters.C("id"), counters.C("n")).Values(1, 0).Values(2, 0))
	return e, ctx
}

func mustExec(t testing.TB, ctx context.Context, x engine.Executor, stmt expr.Statement) engine.Result {
	t.Helper()
	r, err := x.Exec(ctx, stmt)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	return r
}

func insertItem(orgID int64, name string, qty int) *expr.InsertStmt {
	return expr.Insert(items).Columns(items.C("org_id"), items.C("name"), items.C("qty")).Values(orgID, name, qty)
}

func countItems(t testing.TB, ctx context.Context, q engine.Querier, name string) int64 {
	t.Helper()
	n, err := engine.Scalar[int64](ctx, q, expr.Select(expr.CountAll()).From(items).Where(items.C("name").Eq(name)))
	if err != nil {
		t.Fatalf("count items: %v", err)
	}
	return n
}

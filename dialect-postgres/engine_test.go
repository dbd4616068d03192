package pgdialect_test

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// pgAdmin connects to the server for test setup, or ends the test when it
// is unreachable.
func pgAdmin(t testing.TB) *sql.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(ctx); err != nil {
		compiletest.Unreachable(t, "PostgreSQL at SQLFORGE_PG_DSN", err)
	}
	return admin
}

// pgSchema creates a schema of the test's own, dropped when it ends, and
// returns the connection configuration with it on the search path.
func pgSchema(t testing.TB, admin *sql.DB) *pgx.ConnConfig {
	t.Helper()
	schema := compiletest.UniqueName("sqlforge_e_")
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	cfg, err := pgx.ParseConfig(compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN))
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = schema
	return cfg
}

// pgKill terminates backend id and waits until it is gone.
func pgKill(admin *sql.DB) func(ctx context.Context, id int64) error {
	return func(ctx context.Context, id int64) error {
		var ok bool
		return admin.QueryRowContext(ctx, "SELECT pg_terminate_backend($1, 10000)", id).Scan(&ok)
	}
}

func pgEnv(name string, admin *sql.DB, open func(t testing.TB, opts ...engine.Option) *engine.Engine) enginetest.Env {
	return enginetest.Env{
		Name:         name,
		Open:         open,
		Sleep:        expr.Text("SELECT pg_sleep(20)"),
		ConnID:       expr.Text("SELECT pg_backend_pid()"),
		Kill:         pgKill(admin),
		Serializable: true,
		Deadlocks:    true,
		ReadOnlyTx:   true,
		QuotesValues: true,
		Reflector:    pgdialect.Reflector{},
	}
}

// TestEngineDatabaseSQL runs the engine suite over database/sql with pgx's
// stdlib driver.
func TestEngineDatabaseSQL(t *testing.T) {
	admin := pgAdmin(t)
	enginetest.Run(t, pgEnv("postgres", admin, openDatabaseSQL(admin)))
}

// openDatabaseSQL opens engines over database/sql with pgx's stdlib
// driver, each on a schema of its own.
func openDatabaseSQL(admin *sql.DB) func(t testing.TB, opts ...engine.Option) *engine.Engine {
	return func(t testing.TB, opts ...engine.Option) *engine.Engine {
		db := stdlib.OpenDB(*pgSchema(t, admin))
		e, err := engine.New(engine.SQLDB(db), pgdialect.New(), append([]engine.Option{engine.WithClassifier(pgdialect.Classifier{})}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
}

// TestEngineNative runs the engine suite natively on a pgx pool, counting
// each engine's writes to the server so that the suite can check that
// ExecMany pipelines.
func TestEngineNative(t *testing.T) {
	admin := pgAdmin(t)
	var writes sync.Map // *engine.Engine -> *atomic.Int64
	env := pgEnv("postgres-native", admin, func(t testing.TB, opts ...engine.Option) *engine.Engine {
		cfg, err := pgxpool.ParseConfig("")
		if err != nil {
			t.Fatal(err)
		}
		cfg.ConnConfig = pgSchema(t, admin)
		n := new(atomic.Int64)
		cfg.ConnConfig.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := new(net.Dialer).DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return writeCounter{c, n}, nil
		}
		pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		e, err := engine.New(pgdialect.Pool(pool), pgdialect.New(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		writes.Store(e, n)
		t.Cleanup(func() { e.Close(); writes.Delete(e) })
		return e
	})
	env.Writes = func(e *engine.Engine) int64 {
		n, _ := writes.Load(e)
		return n.(*atomic.Int64).Load()
	}
	enginetest.Run(t, env)
}

// writeCounter is a connection that counts its writes: pgx writes each
// flush of its buffer, a message or a whole pipeline, in one Write.
type writeCounter struct {
	net.Conn
	n *atomic.Int64
}

func (c writeCounter) Write(b []byte) (int, error) {
	c.n.Add(1)
	return c.Conn.Write(b)
}

// TestEngineConn runs statements and a transaction on a single pgx.Conn.
func TestEngineConn(t *testing.T) {
	admin := pgAdmin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, pgSchema(t, admin))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(pgdialect.Conn(conn), pgdialect.New())
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE t (id int PRIMARY KEY)")); err != nil {
		t.Fatal(err)
	}
	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		_, err := tx.Exec(ctx, expr.Text("INSERT INTO t VALUES (1), (2)"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := engine.All(ctx, e, expr.Text("SELECT id FROM t ORDER BY id"), engine.ScanValue[int32])
	if err != nil || len(ids) != 2 || ids[1] != 2 {
		t.Fatalf("ids = %v, %v", ids, err)
	}
	if _, err := e.Exec(ctx, expr.Text("INSERT INTO t VALUES (1)")); !errors.Is(err, engine.ErrUniqueViolation) {
		t.Fatalf("duplicate: %v; want ErrUniqueViolation", err)
	}
	var pe *pgconn.PgError
	if _, err := e.Exec(ctx, expr.Text("INSERT INTO t VALUES (1)")); !errors.As(err, &pe) || pe.Code != "23505" {
		t.Fatalf("errors.As(*pgconn.PgError) on %v failed", err)
	}
}

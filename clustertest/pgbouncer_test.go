package clustertest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/clustertest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// TestBouncer runs pgx's query exec modes through PgBouncer in
// transaction mode. Its first part shows, on the pooler's database with
// one server connection, what makes two modes unsafe there; the second
// opens an engine in each mode: those two are refused, the others run
// concurrent clients that share two server connections correctly.
func TestBouncer(t *testing.T) {
	start := time.Now()
	b := clustertest.StartBouncer(t, clustertest.BouncerOptions{PoolSize: 2})
	t.Logf("PostgreSQL and PgBouncer up in %v", time.Since(start).Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	t.Run("hazards", func(t *testing.T) { bouncerHazards(ctx, t, b) })
	for _, mode := range []string{"", "cache_statement", "describe_exec", "cache_describe", "exec", "simple_protocol"} {
		name := mode
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) { bouncerMode(ctx, t, b, mode) })
	}
	t.Run("single server connection", func(t *testing.T) { bouncerSingle(ctx, t, b) })
}

// bouncerHazards shows, with raw pgx connections to the pooler's
// database with one server connection, the two failures Open guards
// against: a named prepared statement (cache_statement) is met by the
// next client, and the unnamed statement one client described is what
// another client's values are bound to (describe_exec). Were the pooler
// not sharing server connections, both would pass unnoticed.
func bouncerHazards(ctx context.Context, t *testing.T, b *clustertest.Bouncer) {
	connect := func(mode string) *pgx.Conn {
		c, err := pgx.Connect(ctx, b.SingleDSN()+" default_query_exec_mode="+mode)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		return c
	}
	// cache_statement: the second client prepares the name the first
	// one left on the shared server connection.
	a, c := connect("cache_statement"), connect("cache_statement")
	var n int
	if err := a.QueryRow(ctx, "SELECT $1::int + 1", 1).Scan(&n); err != nil {
		t.Fatal(err)
	}
	err := c.QueryRow(ctx, "SELECT $1::int + 1", 1).Scan(&n)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second cache_statement client: %v; want a prepared statement that already exists", err)
	}
	t.Logf("cache_statement behind the pooler: %v", err)

	// describe_exec's two round trips: client A describes its statement,
	// client B prepares another unnamed one, and A's values are bound to
	// B's statement.
	a, c = connect("exec"), connect("exec")
	if _, err := a.PgConn().Prepare(ctx, "", "SELECT $1::text || ' for A'", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PgConn().Prepare(ctx, "", "SELECT $1::text || ' for B'", nil); err != nil {
		t.Fatal(err)
	}
	res := a.PgConn().ExecPrepared(ctx, "", [][]byte{[]byte("A's value")}, nil, nil).Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := string(res.Rows[0][0]); got != "A's value for B" {
		t.Fatalf("A's execution of the unnamed statement returned %q; want B's statement run: \"A's value for B\"", got)
	}
	t.Logf("describe-then-exec behind the pooler ran the other client's statement: %q", res.Rows[0][0])
}

// bouncerMode opens an engine through the pooler with mode ("" for none):
// the unsafe modes are refused, the others detected and run by clients
// sharing the pool's two server connections.
func bouncerMode(ctx context.Context, t *testing.T, b *clustertest.Bouncer, mode string) {
	dsn := b.DSN()
	if mode != "" {
		dsn += " default_query_exec_mode=" + mode
	}
	const clients = 8
	e, err := pgdialect.Open(ctx, dsn, pgdialect.WithPoolConfig(func(c *pgxpool.Config) { c.MaxConns = clients }))
	if mode == "cache_statement" || mode == "describe_exec" {
		if !errors.Is(err, engine.ErrPoolerUnsafe) {
			t.Fatalf("Open in %s behind PgBouncer: %v; want ErrPoolerUnsafe", mode, err)
		}
		t.Logf("refused: %v", err)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	want := pgx.QueryExecModeCacheDescribe
	switch mode {
	case "exec":
		want = pgx.QueryExecModeExec
	case "simple_protocol":
		want = pgx.QueryExecModeSimpleProtocol
	}
	if info, ok := pgdialect.Pooler(e); !ok || !info.Behind || !info.Detected || info.Mode != want {
		t.Fatalf("Pooler = %+v, %v; want a detected pooler and mode %v", info, ok, want)
	}
	runClients(ctx, t, e, clients, 40)
}

// runClients has n clients run rounds of transactions and single
// statements with values, each checking its results, and then checks the
// table holds every client's rows.
func runClients(ctx context.Context, t *testing.T, e *engine.Engine, n, rounds int) {
	if _, err := e.Exec(ctx, expr.Text("DROP TABLE IF EXISTS bouncer_rows")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE bouncer_rows (client int, round int, label text, PRIMARY KEY (client, round))")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for client := range n {
		wg.Go(func() {
			if err := runClient(ctx, e, client, rounds); err != nil {
				errs <- fmt.Errorf("client %d: %w", client, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT count(*) FROM bouncer_rows"))
	if err != nil || got != int64(n*rounds) {
		t.Fatalf("bouncer_rows has %d rows (%v); want %d", got, err, n*rounds)
	}
}

func runClient(ctx context.Context, e *engine.Engine, client, rounds int) error {
	for round := range rounds {
		label := fmt.Sprintf("c%d-r%d", client, round)
		err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
			if _, err := tx.Exec(ctx, expr.Text("INSERT INTO bouncer_rows (client, round, label) VALUES (:c, :r, :l)").
				Bind("c", client).Bind("r", round).Bind("l", label)); err != nil {
				return err
			}
			n, err := engine.Scalar[int64](ctx, tx, expr.Text("SELECT count(*) FROM bouncer_rows WHERE client = :c").Bind("c", client))
			if err != nil {
				return err
			}
			if n != int64(round+1) {
				return fmt.Errorf("round %d: %d rows of its own in its transaction; want %d", round, n, round+1)
			}
			return nil
		})
		if err != nil {
			return err
		}
		// Outside a transaction each statement may run on either server
		// connection, right after another client's.
		got, err := engine.Scalar[string](ctx, e, expr.Text("SELECT label FROM bouncer_rows WHERE client = :c AND round = :r").
			Bind("c", client).Bind("r", round))
		if err != nil || got != label {
			return fmt.Errorf("round %d: label %q, %v; want %q", round, got, err, label)
		}
		sum, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT CAST(:a AS bigint) * 1000 + CAST(:b AS bigint)").
			Bind("a", client).Bind("b", round))
		if err != nil || sum != int64(client*1000+round) {
			return fmt.Errorf("round %d: computed %d, %v; want %d", round, sum, err, client*1000+round)
		}
	}
	return nil
}

// bouncerSingle: two engines on the pooler's database with one server
// connection run the same statement with values, which in pgx's default
// mode fails for the second (see bouncerHazards): Open detected the
// pooler and chose a mode that leaves nothing on the server connection.
func bouncerSingle(ctx context.Context, t *testing.T, b *clustertest.Bouncer) {
	for i := range 2 {
		e, err := pgdialect.Open(ctx, b.SingleDSN())
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		for round := range 3 {
			n, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT CAST(:n AS bigint) + 1").Bind("n", int64(i*10+round)))
			if err != nil || n != int64(i*10+round+1) {
				t.Fatalf("engine %d round %d: %d, %v; want %d", i, round, n, err, i*10+round+1)
			}
		}
	}
}

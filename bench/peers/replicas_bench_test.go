package peers_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/sqlforge/sqlforge/clustertest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// BenchmarkReplicas reads a row by key on a started primary with two hot
// standbys: read/impl=direct on an engine opened on the first standby,
// read/impl=routed on an engine whose primary is the primary and whose
// replica is that standby (the difference is the cost of routing), and
// parallel reads routed over one standby and over two (the machine's two
// cores run the client and the servers: they bound what a second
// standby can add).
func BenchmarkReplicas(b *testing.B) {
	c := clustertest.StartPG(b, clustertest.PGOptions{Standbys: 2})
	c.Primary.SQL(b, "CREATE TABLE bench_rep (id bigint PRIMARY KEY, email text NOT NULL)")
	c.Primary.SQL(b, "INSERT INTO bench_rep SELECT g, 'user' || g || '@example.test' FROM generate_series(1, 1000) g")
	c.WaitStreaming(b)
	t := expr.NewMetaData().MustTable("bench_rep", expr.Col("id", expr.BigInt, expr.PK), expr.Col("email", expr.String))
	get := expr.Select(t.C("email")).From(t).Where(t.C("id").Eq(expr.Param("id")))
	ctx := context.Background()
	const pool = " pool_max_conns=8"

	open := func(b *testing.B, dsn string, opts ...engine.OpenOption) *engine.Engine {
		e, err := pgdialect.Open(ctx, dsn+pool, opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { e.Close() })
		return e
	}
	routed := func(b *testing.B, standbys ...*clustertest.PGNode) *engine.Engine {
		var reps []engine.Source
		for _, s := range standbys {
			r, err := pgdialect.OpenSource(ctx, s.DSN()+pool)
			if err != nil {
				b.Fatal(err)
			}
			reps = append(reps, r)
		}
		return open(b, c.Primary.DSN(), engine.WithReplicas(reps...))
	}
	b.Run("read/impl=direct", func(b *testing.B) { readByKey(b, open(b, c.Standby.DSN()), get) })
	b.Run("read/impl=routed", func(b *testing.B) { readByKey(b, routed(b, c.Standby), get) })

	parallel := func(b *testing.B, e *engine.Engine) {
		b.ReportAllocs()
		b.SetParallelism(4)
		stop := cpuMeter(b)
		b.RunParallel(func(pb *testing.PB) {
			var email string
			for pb.Next() {
				if err := e.QueryRow(ctx, get, sql.Named("id", 7)).Scan(&email); err != nil {
					b.Error(err)
					return
				}
			}
		})
		stop()
	}
	b.Run("parallel/replicas=1/impl=routed", func(b *testing.B) { parallel(b, routed(b, c.Standby)) })
	b.Run("parallel/replicas=2/impl=routed", func(b *testing.B) { parallel(b, routed(b, c.Standbys...)) })
}

// readByKey reads the email of row 7 with get, b.N times.
func readByKey(b *testing.B, e *engine.Engine, get expr.Statement) {
	ctx := context.Background()
	var email string
	b.ReportAllocs()
	stop := cpuMeter(b)
	for b.Loop() {
		if err := e.QueryRow(ctx, get, sql.Named("id", 7)).Scan(&email); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

// BenchmarkRouting isolates the router's own cost: the same read by key
// through an engine whose sources answer at once, without and with a
// replica to route to. The difference, set against the latency of a real
// read (BenchmarkReplicas), is the routing overhead.
func BenchmarkRouting(b *testing.B) {
	t := expr.NewMetaData().MustTable("bench_rep", expr.Col("id", expr.BigInt, expr.PK), expr.Col("email", expr.String))
	get := expr.Select(t.C("email")).From(t).Where(t.C("id").Eq(expr.Param("id")))
	run := func(b *testing.B, opts ...engine.Option) {
		e, err := engine.New(instantSource{}, pgdialect.New(), opts...)
		if err != nil {
			b.Fatal(err)
		}
		defer e.Close()
		readByKey(b, e, get)
	}
	b.Run("impl=direct", func(b *testing.B) { run(b) })
	b.Run("impl=routed", func(b *testing.B) {
		run(b, engine.WithReplicas(instantSource{}), engine.WithHealthCheck(engine.HealthCheck{}))
	})
}

// instantSource answers every query with one row holding one string.
type instantSource struct{}

func (instantSource) Exec(context.Context, string, []any) (engine.Result, error) {
	return engine.Result{}, nil
}
func (instantSource) Query(context.Context, string, []any) (engine.SourceRows, error) {
	return &instantRows{}, nil
}
func (instantSource) Begin(context.Context, engine.TxOptions) (engine.SourceTx, error) {
	return nil, sql.ErrConnDone
}
func (instantSource) Close() error { return nil }

type instantRows struct{ done bool }

func (*instantRows) Columns() ([]string, error) { return []string{"email"}, nil }
func (r *instantRows) Next() bool               { n := !r.done; r.done = true; return n }
func (*instantRows) Scan(dest ...any) error {
	*dest[0].(*string) = "ann@example.test"
	return nil
}
func (*instantRows) Err() error   { return nil }
func (*instantRows) Close() error { return nil }

package peers_test

import (
	"context"
	"testing"
	"time"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// e2eBigTableRows is about the size bench_models reaches through insert1
// and insert100 before list100 runs in BenchmarkE2E.
const e2eBigTableRows = 300_000

// BenchmarkE2EListLimit is list100 through sqlforge on a table of
// e2eBigTableRows rows, with the LIMIT bound (Limit) and written as a
// literal (LimitConst). PostgreSQL re-plans the bound form on every
// execution (an unknown LIMIT keeps it from the generic plan), which is
// what made list100 trail hand-written pgx; see docs/benchmarks.md.
//
//	go test -run '^$' -bench E2EListLimit -count 10 ./bench/peers
func BenchmarkE2EListLimit(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	e := openBigPostgres(b, ctx)
	id := e2eModels.C("id")
	for _, tc := range []struct {
		name  string
		limit func(*expr.SelectStmt) *expr.SelectStmt
	}{
		{"bound", func(q *expr.SelectStmt) *expr.SelectStmt { return q.Limit(e2eListRows) }},
		{"const", func(q *expr.SelectStmt) *expr.SelectStmt { return q.LimitConst(e2eListRows) }},
	} {
		b.Run("limit="+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := e.Query(ctx, tc.limit(e2eModels.Select().Where(id.Gt(0)).OrderBy(id.Asc())))
				if err != nil {
					b.Fatal(err)
				}
				ms, err := mapper.Append(make([]e2eModel, 0, e2eListRows), rows)
				if err != nil || len(ms) != e2eListRows {
					b.Fatalf("list: %d rows, %v", len(ms), err)
				}
			}
		})
	}
}

// openBigPostgres returns an engine on a pgx pool whose search path is a
// schema of its own, dropped at the end, holding bench_models with
// e2eBigTableRows rows, vacuumed so that autovacuum stays out of the run.
func openBigPostgres(b *testing.B, ctx context.Context) *engine.Engine {
	b.Helper()
	pool, _ := pgBenchPool(b, ctx, "sqlforge_bench_limit_", e2ePGTable)
	steps := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO bench_models (name, title, fax, web, age, "right", counter)
			SELECT 'name ' || g, 'title', 'fax', 'web', 30, true, g FROM generate_series(1, $1::int) g`, []any{e2eBigTableRows}},
		{`VACUUM ANALYZE bench_models`, nil},
	}
	for _, st := range steps {
		if _, err := pool.Exec(ctx, st.sql, st.args...); err != nil {
			b.Fatal(err)
		}
	}
	e, err := engine.New(pgdialect.Pool(pool), pgdialect.New())
	if err != nil {
		b.Fatal(err)
	}
	return e
}

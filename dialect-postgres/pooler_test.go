package pgdialect_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// TestPoolerDeclaredModes: with the pooler declared, Open refuses the
// modes that keep state on a server connection between round trips
// before it connects, keeps a safe mode it was given, and uses
// cache_describe when it was given none. No server is needed.
func TestPoolerDeclaredModes(t *testing.T) {
	const base = "host=127.0.0.1 user=postgres dbname=test sslmode=disable"
	setDescribeExec := pgdialect.WithPoolConfig(func(c *pgxpool.Config) {
		c.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeDescribeExec
	})
	for _, tc := range []struct {
		name   string
		dsn    string
		opts   []engine.OpenOption
		unsafe bool
	}{
		{"option, no mode", base, []engine.OpenOption{pgdialect.BehindPooler()}, false},
		{"option, cache_statement", base + " default_query_exec_mode=cache_statement", []engine.OpenOption{pgdialect.BehindPooler()}, true},
		{"option, describe_exec", base + " default_query_exec_mode=describe_exec", []engine.OpenOption{pgdialect.BehindPooler()}, true},
		{"option, exec", base + " default_query_exec_mode=exec", []engine.OpenOption{pgdialect.BehindPooler()}, false},
		{"option, simple_protocol", base + " default_query_exec_mode=simple_protocol", []engine.OpenOption{pgdialect.BehindPooler()}, false},
		{"option, cache_describe", base + " default_query_exec_mode=cache_describe", []engine.OpenOption{pgdialect.BehindPooler()}, false},
		{"option, WithPoolConfig describe_exec", base, []engine.OpenOption{pgdialect.BehindPooler(), setDescribeExec}, true},
		{"DSN, describe_exec", base + " sqlforge_pooler=transaction default_query_exec_mode=describe_exec", nil, true},
		{"URL DSN, cache_statement", "postgres://postgres@127.0.0.1/test?sslmode=disable&sqlforge_pooler=transaction&default_query_exec_mode=cache_statement", nil, true},
		{"DSN none, option wins", base + " sqlforge_pooler=none default_query_exec_mode=describe_exec", []engine.OpenOption{pgdialect.BehindPooler()}, true},
		{"no pooler, describe_exec", base + " default_query_exec_mode=describe_exec", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := pgdialect.CheckTLSForTest(tc.dsn, tc.opts...)
			if got := errors.Is(err, engine.ErrPoolerUnsafe); got != tc.unsafe {
				t.Fatalf("errors.Is(%v, ErrPoolerUnsafe) = %v; want %v", err, got, tc.unsafe)
			}
			if !tc.unsafe && err != nil {
				t.Fatal(err)
			}
		})
	}
	err := pgdialect.CheckTLSForTest(base+" sqlforge_pooler=session", nil...)
	if !errors.Is(err, engine.ErrInvalidDSN) {
		t.Errorf("sqlforge_pooler=session: %v; want ErrInvalidDSN", err)
	}
}

// TestPoolerDirect: a direct connection to PostgreSQL is not taken for a
// pooler, keeps pgx's default mode, and sqlforge_pooler does not reach
// the server (which refuses an unknown setting); a declared pooler gets
// cache_describe and its statements run.
func TestPoolerDirect(t *testing.T) {
	dsn := openTestDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name string
		dsn  string
		opts []engine.OpenOption
		want pgdialect.PoolerInfo
	}{
		{"detect", dsn, nil, pgdialect.PoolerInfo{Mode: pgx.QueryExecModeCacheStatement}},
		{"none", withParam(dsn, "sqlforge_pooler", "none"), nil, pgdialect.PoolerInfo{Mode: pgx.QueryExecModeCacheStatement}},
		{"declared", withParam(dsn, "sqlforge_pooler", "transaction"), nil, pgdialect.PoolerInfo{Behind: true, Mode: pgx.QueryExecModeCacheDescribe}},
		{"option, exec", withParam(dsn, "default_query_exec_mode", "exec"), []engine.OpenOption{pgdialect.BehindPooler()}, pgdialect.PoolerInfo{Behind: true, Mode: pgx.QueryExecModeExec}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := pgdialect.Open(ctx, tc.dsn, tc.opts...)
			if err != nil {
				compiletest.Unreachable(t, "PostgreSQL", err)
			}
			defer e.Close()
			got, ok := pgdialect.Pooler(e)
			if !ok || got != tc.want {
				t.Fatalf("Pooler = %+v, %v; want %+v", got, ok, tc.want)
			}
			n, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT CAST(:n AS bigint) + 1").Bind("n", int64(41)))
			if err != nil || n != 42 {
				t.Fatalf("SELECT :n + 1 = %d, %v; want 42", n, err)
			}
		})
	}
}

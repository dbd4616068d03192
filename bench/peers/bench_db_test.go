package peers_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sqlforge/sqlforge/compile/compiletest"
)

// sqliteBenchDB opens an in-memory SQLite database of its own, on one
// connection, closed when tb ends, and runs ddl on it. Its statement
// cache is sqlitedialect.Open's default, shared by every contender.
func sqliteBenchDB(tb testing.TB, prefix, ddl string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+compiletest.UniqueName(prefix)+"?mode=memory&cache=shared&_stmt_cache_size=64")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(ddl); err != nil {
		tb.Fatal(err)
	}
	return db
}

// pgBenchPool opens a native pgx pool and a database/sql handle (pgx's
// stdlib) on a fresh schema (see pgBenchSchema), both closed when tb
// ends, and runs ddl there.
func pgBenchPool(tb testing.TB, ctx context.Context, prefix, ddl string) (*pgxpool.Pool, *sql.DB) {
	tb.Helper()
	schema := pgBenchSchema(tb, ctx, prefix)
	cfg, err := pgxpool.ParseConfig(pgDSN())
	if err != nil {
		tb.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	db := stdlib.OpenDB(*cfg.ConnConfig.Copy())
	tb.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		tb.Fatal(err)
	}
	return pool, db
}

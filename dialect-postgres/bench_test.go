package pgdialect_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// The engine's round trip against hand-written driver code on the same
// connection type: pgx natively (pgxpool) and database/sql over pgx's
// stdlib driver. Compare with benchstat; the engine's overhead is the ratio
// of engine-native to pgx and of engine-sqldb to sql.

var (
	benchMeta  = expr.NewMetaData()
	benchUsers = benchMeta.MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("name", expr.Varchar(100), expr.NotNull),
		expr.Col("email", expr.Varchar(200), expr.NotNull),
		expr.Col("age", expr.Integer, expr.NotNull),
		expr.Col("status", expr.Varchar(20), expr.NotNull),
		expr.Col("created_at", expr.Timestamp, expr.NotNull),
	)
)

// filterSQL is workload (a) of the compiler benchmarks written by hand.
const filterSQL = `SELECT "id", "name", "email" FROM "users" WHERE "age" > $1 AND "status" = $2 AND "name" LIKE $3 ORDER BY "created_at" DESC LIMIT $4`

func filterStmt() *expr.SelectStmt {
	u := benchUsers
	return expr.Select(u.C("id"), u.C("name"), u.C("email")).
		Where(u.C("age").Gt(30), u.C("status").Eq("active"), u.C("name").Like("user1%")).
		OrderBy(u.C("created_at").Desc()).
		Limit(10)
}

type benchUser struct {
	ID          int64
	Name, Email string
}

type benchEnv struct {
	pool   *pgxpool.Pool
	db     *sql.DB
	native *engine.Engine
	sqldb  *engine.Engine
}

func setupBench(b *testing.B) *benchEnv {
	b.Helper()
	admin := pgAdmin(b)
	cfg := pgSchema(b, admin)
	ctx := context.Background()
	pcfg, err := pgxpool.ParseConfig("")
	if err != nil {
		b.Fatal(err)
	}
	pcfg.ConnConfig = cfg.Copy()
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		b.Fatal(err)
	}
	pool2, err := pgxpool.NewWithConfig(ctx, pcfg.Copy())
	if err != nil {
		b.Fatal(err)
	}
	native, err := engine.New(pgdialect.Pool(pool2), pgdialect.New())
	if err != nil {
		b.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg.Copy())
	sqldb, err := engine.New(engine.SQLDB(stdlib.OpenDB(*cfg.Copy())), pgdialect.New(), engine.WithClassifier(pgdialect.Classifier{}))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { pool.Close(); db.Close(); native.Close(); sqldb.Close() })
	if err := native.CreateAll(ctx, benchMeta); err != nil {
		b.Fatal(err)
	}
	if _, err := native.Exec(ctx, expr.Text(`INSERT INTO users SELECT i, 'user' || i, 'user' || i || '@example.com',
		18 + i % 60, CASE WHEN i % 3 = 0 THEN 'inactive' ELSE 'active' END, now() - i * interval '1 minute'
		FROM generate_series(1, 2000) AS i`)); err != nil {
		b.Fatal(err)
	}
	return &benchEnv{pool: pool, db: db, native: native, sqldb: sqldb}
}

func BenchmarkRoundTrip(b *testing.B) {
	env := setupBench(b)
	ctx := context.Background()
	one := expr.Text("SELECT 1")
	b.Run("select1/pgx", func(b *testing.B) {
		b.ReportAllocs()
		var n int32
		for b.Loop() {
			if err := env.pool.QueryRow(ctx, "SELECT 1").Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("select1/engine-native", func(b *testing.B) {
		b.ReportAllocs()
		var n int32
		for b.Loop() {
			if err := env.native.QueryRow(ctx, one).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("select1/sql", func(b *testing.B) {
		b.ReportAllocs()
		var n int32
		for b.Loop() {
			if err := env.db.QueryRowContext(ctx, "SELECT 1").Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("select1/engine-sqldb", func(b *testing.B) {
		b.ReportAllocs()
		var n int32
		for b.Loop() {
			if err := env.sqldb.QueryRow(ctx, one).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})

	stmt := filterStmt()
	b.Run("filter/pgx", func(b *testing.B) {
		b.ReportAllocs()
		out := make([]benchUser, 0, 10)
		for b.Loop() {
			rows, err := env.pool.Query(ctx, filterSQL, 30, "active", "user1%", 10)
			if err != nil {
				b.Fatal(err)
			}
			out = out[:0]
			for rows.Next() {
				var u benchUser
				if err := rows.Scan(&u.ID, &u.Name, &u.Email); err != nil {
					b.Fatal(err)
				}
				out = append(out, u)
			}
			if rows.Err() != nil || len(out) != 10 {
				b.Fatal(rows.Err(), len(out))
			}
		}
	})
	b.Run("filter/engine-native", func(b *testing.B) { benchEngineFilter(b, env.native, stmt) })
	b.Run("filter/sql", func(b *testing.B) {
		b.ReportAllocs()
		out := make([]benchUser, 0, 10)
		for b.Loop() {
			rows, err := env.db.QueryContext(ctx, filterSQL, 30, "active", "user1%", 10)
			if err != nil {
				b.Fatal(err)
			}
			out = out[:0]
			for rows.Next() {
				var u benchUser
				if err := rows.Scan(&u.ID, &u.Name, &u.Email); err != nil {
					b.Fatal(err)
				}
				out = append(out, u)
			}
			if rows.Err() != nil || len(out) != 10 {
				b.Fatal(rows.Err(), len(out))
			}
			rows.Close()
		}
	})
	b.Run("filter/engine-sqldb", func(b *testing.B) { benchEngineFilter(b, env.sqldb, stmt) })
}

// benchEngineFilter runs the filter query through e, reading its rows as
// the hand-written loops do.
func benchEngineFilter(b *testing.B, e *engine.Engine, stmt expr.Statement) {
	ctx := context.Background()
	b.ReportAllocs()
	out := make([]benchUser, 0, 10)
	for b.Loop() {
		rows, err := e.Query(ctx, stmt)
		if err != nil {
			b.Fatal(err)
		}
		out = out[:0]
		for rows.Next() {
			var u benchUser
			if err := rows.Scan(&u.ID, &u.Name, &u.Email); err != nil {
				b.Fatal(err)
			}
			out = append(out, u)
		}
		if rows.Err() != nil || len(out) != 10 {
			b.Fatal(rows.Err(), len(out))
		}
	}
}

package peers_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"
	bunpg "github.com/uptrace/bun/dialect/pgdialect"
	bunsqlite "github.com/uptrace/bun/dialect/sqlitedialect"
	gormpg "gorm.io/driver/postgres"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
)

// bulkRows is the size of one bulk insert: the 1,000 structs.
const bulkRows = 1000

func bulkContenders(e *engine.Engine, b *bun.DB, g *gorm.DB) []insertContender[e2eModel] {
	return []insertContender[e2eModel]{
		{"sqlforge", func(ctx context.Context, ms []*e2eModel) error {
			return engine.RunBatch(ctx, e, e2eModels.InsertBatch(ms))
		}},
		{"bun", func(ctx context.Context, ms []*e2eModel) error {
			_, err := b.NewInsert().Model(&ms).Exec(ctx)
			return err
		}},
		{"gorm", func(ctx context.Context, ms []*e2eModel) error {
			return g.WithContext(ctx).CreateInBatches(&ms, bulkRows).Error
		}},
	}
}

// bulkSQL is the hand-written INSERT of bulkRows models returning their
// keys, with placeholders made by ph.
func bulkSQL(ph func(int) string) string {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO bench_models (name, title, fax, web, age, "right", counter) VALUES `)
	writeValuesRows(&sb, bulkRows, 7, ph)
	sb.WriteString(" RETURNING id")
	return sb.String()
}

// handwritten is the floor: the SQL above run directly, its keys scanned
// into the structs in order.
func handwritten(query func(ctx context.Context, sql string, args ...any) (rowScanner, error), text string) insertContender[e2eModel] {
	return insertContender[e2eModel]{"handwritten", func(ctx context.Context, ms []*e2eModel) error {
		rows, err := query(ctx, text, batchArgs(ms)...)
		if err != nil {
			return err
		}
		defer func() {
			switch c := rows.(type) {
			case interface{ Close() error }: // *sql.Rows
				c.Close()
			case interface{ Close() }: // pgx.Rows
				c.Close()
			}
		}()
		return scanIDs(rows, ms)
	}}
}

// runBulk benchmarks each contender on a bench_models table emptied by
// reset, and checks that every struct got a distinct key.
func runBulk(b *testing.B, db *sql.DB, reset string, contenders []insertContender[e2eModel]) {
	ms := make([]*e2eModel, bulkRows)
	for i := range ms {
		m := newE2EModel(i)
		ms[i] = &m
	}
	runInserts(b, db, reset, ms, func(m *e2eModel, round int) {
		m.ID, m.Counter = 0, int64(round)
	}, func(m *e2eModel) int64 { return m.ID }, contenders)
}

const bulkSQLiteTable = `CREATE TABLE bench_models (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, title TEXT NOT NULL,
	fax TEXT NOT NULL, web TEXT NOT NULL, age INTEGER NOT NULL, "right" BOOLEAN NOT NULL, counter BIGINT NOT NULL)`

// BenchmarkBulkInsert inserts 1,000 structs and reads their generated
// keys back: sqlforge's Mapping.InsertBatch through engine.RunBatch
// against bun's bulk insert and GORM's CreateInBatches, all on the same
// *sql.DB for SQLite; on PostgreSQL bun and GORM use database/sql and
// sqlforge the native pgx pool (impl=sqlforge-sql: database/sql too).
// impl=handwritten is the floor: one hand-written INSERT ... RETURNING
// with bound values, on database/sql (SQLite) or the pgx pool.
func BenchmarkBulkInsert(b *testing.B) {
	b.Run("db=sqlite", func(b *testing.B) {
		db := sqliteBenchDB(b, "bulk", bulkSQLiteTable)
		e, err := engine.New(engine.SQLDB(db), sqlitedialect.New())
		if err != nil {
			b.Fatal(err)
		}
		g, err := gorm.Open(gormsqlite.New(gormsqlite.Config{Conn: db}), e2eGormConfig())
		if err != nil {
			b.Fatal(err)
		}
		hw := handwritten(func(ctx context.Context, text string, args ...any) (rowScanner, error) {
			return db.QueryContext(ctx, text, args...)
		}, bulkSQL(func(int) string { return "?" }))
		runBulk(b, db, "DELETE FROM bench_models", append(bulkContenders(e, bun.NewDB(db, bunsqlite.New()), g), hw))
	})
	b.Run("db=postgres", func(b *testing.B) {
		ctx := context.Background()
		pool, db := pgBenchPool(b, ctx, "sqlforge_bench_bulk_", e2ePGTable)
		native, err := engine.New(pgdialect.Pool(pool), pgdialect.New())
		if err != nil {
			b.Fatal(err)
		}
		viaSQL, err := engine.New(engine.SQLDB(db), pgdialect.New())
		if err != nil {
			b.Fatal(err)
		}
		g, err := gorm.Open(gormpg.New(gormpg.Config{Conn: db}), e2eGormConfig())
		if err != nil {
			b.Fatal(err)
		}
		cs := bulkContenders(native, bun.NewDB(db, bunpg.New()), g)
		sqlC := bulkContenders(viaSQL, nil, nil)[0]
		sqlC.name = "sqlforge-sql"
		// TRUNCATE, not DELETE: no dead rows left for the next contender.
		hw := handwritten(func(ctx context.Context, text string, args ...any) (rowScanner, error) {
			return pool.Query(ctx, text, args...)
		}, bulkSQL(func(i int) string { return "$" + strconv.Itoa(i) }))
		runBulk(b, db, "TRUNCATE bench_models", append(cs, sqlC, hw))
	})
}

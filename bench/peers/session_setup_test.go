package peers_test

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uptrace/bun"
	bunpg "github.com/uptrace/bun/dialect/pgdialect"
	bunsqlite "github.com/uptrace/bun/dialect/sqlitedialect"
	gormpg "gorm.io/driver/postgres"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// The Session benchmarks (issue 13) share one table of five columns
// besides the generated key, session_models, on SQLite (in memory) and
// PostgreSQL (a schema of the run's own, the native pgx engine).

// sessionModel is the row of session_models, tagged for every contender.
type sessionModel struct {
	bun.BaseModel `bun:"table:session_models" db:"-" gorm:"-"`

	ID     int64  `db:"id,pk,autoincrement" gorm:"column:id;primaryKey" bun:"id,pk,autoincrement"`
	Name   string `db:"name" gorm:"column:name" bun:"name,notnull"`
	Email  string `db:"email" gorm:"column:email" bun:"email,notnull"`
	Age    int64  `db:"age" gorm:"column:age" bun:"age,notnull"`
	Active bool   `db:"active" gorm:"column:active" bun:"active,notnull"`
	Score  int64  `db:"score" gorm:"column:score" bun:"score,notnull"`
}

// TableName is GORM's table name.
func (sessionModel) TableName() string { return "session_models" }

// sessionModels is session_models mapped in a registry of its own, the
// one the sessions are opened on.
var sessionModels = func() *mapper.Mapping[sessionModel] {
	reg := mapper.NewRegistry(expr.NewMetaData())
	m := mapper.MustMap[sessionModel](reg, "session_models")
	reg.MustResolve()
	return m
}()

const (
	sessionColumns = "name, email, age, active, score"
	sessionSelect  = "SELECT id, " + sessionColumns + " FROM session_models"
	sessionSQLite  = `CREATE TABLE session_models (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
		email TEXT NOT NULL, age BIGINT NOT NULL, active BOOLEAN NOT NULL, score BIGINT NOT NULL)`
	sessionPG = `CREATE TABLE session_models (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL,
		email TEXT NOT NULL, age BIGINT NOT NULL, active BOOLEAN NOT NULL, score BIGINT NOT NULL)`
)

// newSessionModels returns n new models, keys zero.
func newSessionModels(n int) []*sessionModel {
	ms := make([]*sessionModel, n)
	for i := range ms {
		ms[i] = &sessionModel{Name: "user " + strconv.Itoa(i), Email: "user" + strconv.Itoa(i) + "@example.com",
			Age: int64(20 + i%60), Active: i%2 == 0, Score: int64(i)}
	}
	return ms
}

func sessionArgs(dst []any, m *sessionModel) []any {
	return append(dst, m.Name, m.Email, m.Age, m.Active, m.Score)
}

func scanSessionModel(r rowScan, m *sessionModel) error {
	return r.Scan(&m.ID, &m.Name, &m.Email, &m.Age, &m.Active, &m.Score)
}

// sessionDB is one database of the Session benchmarks and its clients.
type sessionDB struct {
	db    *sql.DB        // database/sql: bun, GORM and resets
	e     *engine.Engine // sqlforge's engine (native pgx on PostgreSQL)
	bun   *bun.DB
	gorm  *gorm.DB
	ph    func(int) string // the n-th placeholder (from 1)
	reset string           // empties session_models
	// arrays is set where the hand-written code binds a list of keys as
	// one array parameter (PostgreSQL: = ANY($1)) rather than an IN list.
	arrays bool
	// query and begin are the hand-written code's: the pgx pool on
	// PostgreSQL, database/sql on SQLite.
	query func(ctx context.Context, text string, args ...any) (handRows, error)
	begin func(ctx context.Context) (handTx, error)
}

// handRows are the rows of a hand-written query.
type handRows interface {
	rowScanner
	Close()
}

// handTx is a hand-written transaction. ExecEach runs text once per
// argument list: one pgx.Batch on PostgreSQL, a prepared statement on
// SQLite.
type handTx interface {
	Query(ctx context.Context, text string, args ...any) (handRows, error)
	ExecEach(ctx context.Context, text string, args [][]any) error
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) Query(ctx context.Context, text string, args ...any) (handRows, error) {
	rows, err := t.tx.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (t sqlTx) ExecEach(ctx context.Context, text string, args [][]any) error {
	stmt, err := t.tx.PrepareContext(ctx, text)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, a := range args {
		if _, err := stmt.ExecContext(ctx, a...); err != nil {
			return err
		}
	}
	return nil
}

func (t sqlTx) Commit(context.Context) error   { return t.tx.Commit() }
func (t sqlTx) Rollback(context.Context) error { return t.tx.Rollback() }

type pgxTx struct{ tx pgx.Tx }

func (t pgxTx) Query(ctx context.Context, text string, args ...any) (handRows, error) {
	return t.tx.Query(ctx, text, args...)
}

func (t pgxTx) ExecEach(ctx context.Context, text string, args [][]any) error {
	var batch pgx.Batch
	for _, a := range args {
		batch.Queue(text, a...)
	}
	return t.tx.SendBatch(ctx, &batch).Close()
}

func (t pgxTx) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgxTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// forSessionDBs runs fn as the sub-benchmarks db=sqlite and db=postgres
// (skipped when PostgreSQL is unreachable), each on a fresh, empty
// session_models.
func forSessionDBs(b *testing.B, fn func(b *testing.B, d *sessionDB)) {
	b.Run("db=sqlite", func(b *testing.B) { fn(b, openSessionSQLite(b)) })
	b.Run("db=postgres", func(b *testing.B) { fn(b, openSessionPG(b)) })
}

func openSessionSQLite(b *testing.B) *sessionDB {
	d := openClientsSQLite(b, "session", sessionSQLite)
	d.reset = "DELETE FROM session_models"
	return d
}

func openSessionPG(b *testing.B) *sessionDB {
	d := openClientsPG(b, "sqlforge_bench_session_", sessionPG)
	d.reset = "TRUNCATE session_models"
	return d
}

// openClientsSQLite opens an in-memory SQLite database named after
// prefix, runs ddl there and returns every contender's client on it; the
// engine gets opts.
func openClientsSQLite(tb testing.TB, prefix, ddl string, opts ...engine.Option) *sessionDB {
	db := sqliteBenchDB(tb, prefix, ddl)
	e, err := engine.New(engine.SQLDB(db), sqlitedialect.New(), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	g, err := gorm.Open(gormsqlite.New(gormsqlite.Config{Conn: db}), e2eGormConfig())
	if err != nil {
		tb.Fatal(err)
	}
	return &sessionDB{db: db, e: e, bun: bun.NewDB(db, bunsqlite.New()), gorm: g,
		ph: func(int) string { return "?" },
		query: func(ctx context.Context, text string, args ...any) (handRows, error) {
			rows, err := db.QueryContext(ctx, text, args...)
			if err != nil {
				return nil, err
			}
			return sqlRows{rows}, nil
		},
		begin: func(ctx context.Context) (handTx, error) {
			tx, err := db.BeginTx(ctx, nil)
			return sqlTx{tx}, err
		},
	}
}

// openClientsPG is openClientsSQLite on a fresh PostgreSQL schema (see
// pgBenchPool), the engine on the native pgx pool.
func openClientsPG(tb testing.TB, prefix, ddl string, opts ...engine.Option) *sessionDB {
	ctx := context.Background()
	pool, db := pgBenchPool(tb, ctx, prefix, ddl)
	e, err := engine.New(pgdialect.Pool(pool), pgdialect.New(), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	g, err := gorm.Open(gormpg.New(gormpg.Config{Conn: db}), e2eGormConfig())
	if err != nil {
		tb.Fatal(err)
	}
	return &sessionDB{db: db, e: e, bun: bun.NewDB(db, bunpg.New()), gorm: g,
		ph: func(i int) string { return "$" + strconv.Itoa(i) }, arrays: true,
		query: func(ctx context.Context, text string, args ...any) (handRows, error) {
			return pool.Query(ctx, text, args...)
		},
		begin: func(ctx context.Context) (handTx, error) { return beginPGX(ctx, pool) },
	}
}

func beginPGX(ctx context.Context, pool *pgxpool.Pool) (handTx, error) {
	tx, err := pool.Begin(ctx)
	return pgxTx{tx}, err
}

// sessionInsertSQL is the hand-written INSERT of n rows returning their
// keys.
func sessionInsertSQL(n int, ph func(int) string) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO session_models (" + sessionColumns + ") VALUES ")
	writeValuesRows(&sb, n, 5, ph)
	sb.WriteString(" RETURNING id")
	return sb.String()
}

// handInsert is the hand-written multi-row VALUES loop: ms inserted in
// one transaction, chunk rows per statement, keys read back.
func handInsert(ctx context.Context, d *sessionDB, ms []*sessionModel, chunk int) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	full := sessionInsertSQL(chunk, d.ph)
	args := make([]any, 0, 5*chunk)
	for len(ms) > 0 {
		part := ms[:min(chunk, len(ms))]
		ms = ms[len(part):]
		text := full
		if len(part) < chunk {
			text = sessionInsertSQL(len(part), d.ph)
		}
		args = args[:0]
		for _, m := range part {
			args = sessionArgs(args, m)
		}
		if err := insertChunk(ctx, tx, text, args, part); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

func insertChunk(ctx context.Context, tx handTx, text string, args []any, part []*sessionModel) error {
	rows, err := tx.Query(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		if i == len(part) {
			return fmt.Errorf("more keys than rows")
		}
		if err := rows.Scan(&part[i].ID); err != nil {
			return err
		}
		i++
	}
	return rows.Err()
}

// seedSession empties session_models and fills it with n rows, returned
// with their keys.
func seedSession(b *testing.B, d *sessionDB, n int) []*sessionModel {
	ctx := context.Background()
	if _, err := d.db.ExecContext(ctx, d.reset); err != nil {
		b.Fatal(err)
	}
	ms := newSessionModels(n)
	if err := handInsert(ctx, d, ms, sessionChunk); err != nil {
		b.Fatal(err)
	}
	return ms
}

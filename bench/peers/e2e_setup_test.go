package peers_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	"github.com/uptrace/bun"
	bunmysql "github.com/uptrace/bun/dialect/mysqldialect"
	bunpg "github.com/uptrace/bun/dialect/pgdialect"
	gormmysql "gorm.io/driver/mysql"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
)

// e2eDatabase opens a fresh bench_models table holding the seed rows on
// one server and returns the contenders and a checker reading the table
// with plain database/sql. With count set, the checker counts the
// statements the contenders send (PostgreSQL only; elsewhere
// statements returns -1).
type e2eDatabase struct {
	name string
	open func(tb testing.TB, count bool) ([]e2eImpl, *e2eCheck)
}

var e2eDatabases = []e2eDatabase{
	{"postgres", openE2EPostgres},
	{"mariadb", openE2EMariaDB},
}

type e2eCheck struct {
	db         *sql.DB
	getSQL     string
	listSQL    string
	statements func() int64
}

func (c *e2eCheck) get(ctx context.Context, id int64) (e2eModel, error) {
	return scanOneModel(c.db.QueryRowContext(ctx, c.getSQL, id))
}

func (c *e2eCheck) list(ctx context.Context) ([]e2eModel, error) {
	rows, err := c.db.QueryContext(ctx, c.listSQL, 0)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanModels(rows)
}

// e2eSQL is the hand-written SQL of one dialect.
type e2eSQL struct {
	insert1, insert100, update1, get1, list100 string
	// named statements for sqlx
	namedInsert, namedUpdate string
}

func newE2ESQL(q func(string) string, ph func(int) string, returning string) e2eSQL {
	cols := []string{"name", "title", "fax", "web", "age", q("right"), "counter"}
	colList := strings.Join(cols, ", ")
	row := func(first int) string {
		p := make([]string, len(cols))
		for i := range p {
			p[i] = ph(first + i)
		}
		return "(" + strings.Join(p, ", ") + ")"
	}
	rows := make([]string, e2eBatch)
	for i := range rows {
		rows[i] = row(1 + i*len(cols))
	}
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = c + " = " + ph(i+1)
	}
	named := ":name, :title, :fax, :web, :age, :right, :counter"
	namedSets := "name = :name, title = :title, fax = :fax, web = :web, age = :age, " + q("right") + " = :right, counter = :counter"
	sel := "SELECT id, " + colList + " FROM bench_models"
	return e2eSQL{
		insert1:     "INSERT INTO bench_models (" + colList + ") VALUES " + row(1) + returning,
		insert100:   "INSERT INTO bench_models (" + colList + ") VALUES " + strings.Join(rows, ", ") + returning,
		update1:     "UPDATE bench_models SET " + strings.Join(sets, ", ") + " WHERE id = " + ph(len(cols)+1),
		get1:        sel + " WHERE id = " + ph(1),
		list100:     sel + " WHERE id > " + ph(1) + " ORDER BY id LIMIT 100",
		namedInsert: "INSERT INTO bench_models (" + colList + ") VALUES (" + named + ")" + returning,
		namedUpdate: "UPDATE bench_models SET " + namedSets + " WHERE id = :id",
	}
}

const (
	e2ePGTable = `CREATE TABLE bench_models (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL,
		fax TEXT NOT NULL, web TEXT NOT NULL, age INTEGER NOT NULL, "right" BOOLEAN NOT NULL, counter BIGINT NOT NULL)`
	e2eMySQLTable = "CREATE TABLE bench_models (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) NOT NULL, title VARCHAR(255) NOT NULL," +
		" fax VARCHAR(255) NOT NULL, web VARCHAR(255) NOT NULL, age INT NOT NULL, `right` BOOLEAN NOT NULL, counter BIGINT NOT NULL) ENGINE=InnoDB"
)

func seedE2E(ctx context.Context, db *sql.DB, ddl, insert1 string) error {
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		return err
	}
	for i := range e2eSeedRows {
		m := newE2EModel(i)
		if _, err := db.ExecContext(ctx, strings.TrimSuffix(insert1, " RETURNING id"), modelArgs(nil, &m)...); err != nil {
			return err
		}
	}
	return nil
}

// statementCounter is a pgx tracer counting the statements sent, one by
// one or in a batch, less the pings pools send on checkout of an idle
// connection.
type statementCounter struct{ n atomic.Int64 }

func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if d.SQL != "-- ping" {
		c.n.Add(1)
	}
	return ctx
}

func (*statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// The statements of a pipelined batch (the engine's ExecMany, a
// transaction's BEGIN sent with its first statement) count one each.
func (*statementCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (c *statementCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.n.Add(1)
}

func (*statementCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// pgBenchSchema creates a schema named prefix plus a unique suffix,
// dropped when tb ends, or skips (fails, with SQLFORGE_REQUIRE_SERVERS=1)
// when PostgreSQL is unreachable.
func pgBenchSchema(tb testing.TB, ctx context.Context, prefix string) string {
	tb.Helper()
	admin, err := sql.Open("pgx", pgDSN())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		compiletest.Unreachable(tb, "PostgreSQL at SQLFORGE_PG_DSN", err)
	}
	tb.Cleanup(func() { admin.Close() })
	schema := compiletest.UniqueName(prefix)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	return schema
}

func openE2EPostgres(tb testing.TB, count bool) ([]e2eImpl, *e2eCheck) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	schema := pgBenchSchema(tb, ctx, "sqlforge_bench_e2e_")
	counter := &statementCounter{}
	poolCfg, err := pgxpool.ParseConfig(pgDSN())
	if err != nil {
		tb.Fatal(err)
	}
	poolCfg.ConnConfig.RuntimeParams["search_path"] = schema
	connCfg := poolCfg.ConnConfig.Copy()
	if count {
		poolCfg.ConnConfig.Tracer = counter
		connCfg.Tracer = counter
	}
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	db := stdlib.OpenDB(*connCfg)
	tb.Cleanup(func() { db.Close() })
	checkCfg := poolCfg.ConnConfig.Copy()
	checkCfg.Tracer = nil
	checkDB := stdlib.OpenDB(*checkCfg)
	tb.Cleanup(func() { checkDB.Close() })

	q := newE2ESQL(func(s string) string { return `"` + s + `"` }, func(i int) string { return fmt.Sprintf("$%d", i) }, " RETURNING id")
	if err := seedE2E(ctx, checkDB, e2ePGTable, q.insert1); err != nil {
		tb.Fatal(err)
	}

	e, err := engine.New(pgdialect.Pool(pool), pgdialect.New())
	if err != nil {
		tb.Fatal(err)
	}
	g, err := gorm.Open(gormpg.New(gormpg.Config{Conn: db}), e2eGormConfig())
	if err != nil {
		tb.Fatal(err)
	}
	impls := []e2eImpl{
		pgxImpl(pool, q),
		sqlImpl(db, q, true),
		sqlforgeImpl(e, true),
		sessionImpl(e),
		sqlxImpl(sqlx.NewDb(db, "pgx"), q, true),
		bunImpl(bun.NewDB(db, bunpg.New())),
		gormImpl(g),
	}
	statements := func() int64 { return -1 }
	if count {
		statements = counter.n.Load
	}
	return impls, &e2eCheck{db: checkDB, getSQL: q.get1, listSQL: q.list100, statements: statements}
}

func openE2EMariaDB(tb testing.TB, count bool) ([]e2eImpl, *e2eCheck) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cfg, err := mysql.ParseDSN(compiletest.EnvOr("SQLFORGE_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/test"))
	if err != nil {
		tb.Fatal(err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		compiletest.Unreachable(tb, "MariaDB at SQLFORGE_MYSQL_DSN", err)
	}
	tb.Cleanup(func() { admin.Close() })
	var version string
	if err := admin.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		tb.Fatal(err)
	}
	name := compiletest.UniqueName("sqlforge_bench_e2e_")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
	cfg.DBName = name
	// The driver interpolates arguments into the statement text, as bun
	// does itself: every contender sends one COM_QUERY per operation,
	// instead of a prepare, an execute and a close for each statement
	// with arguments.
	cfg.InterpolateParams = true
	open := func() *sql.DB {
		c, err := mysql.NewConnector(cfg)
		if err != nil {
			tb.Fatal(err)
		}
		db := sql.OpenDB(c)
		tb.Cleanup(func() { db.Close() })
		return db
	}
	db, checkDB := open(), open()

	q := newE2ESQL(func(s string) string { return "`" + s + "`" }, func(int) string { return "?" }, "")
	if err := seedE2E(ctx, checkDB, e2eMySQLTable, q.insert1); err != nil {
		tb.Fatal(err)
	}

	e, err := engine.New(engine.SQLDB(db), mysqldialect.ForVersion(version), engine.WithClassifier(mysqldialect.Classifier{}))
	if err != nil {
		tb.Fatal(err)
	}
	g, err := gorm.Open(gormmysql.New(gormmysql.Config{Conn: db}), e2eGormConfig())
	if err != nil {
		tb.Fatal(err)
	}
	impls := []e2eImpl{
		sqlImpl(db, q, false),
		sqlforgeImpl(e, false),
		sessionImpl(e),
		sqlxImpl(sqlx.NewDb(db, "mysql"), q, false),
		bunImpl(bun.NewDB(db, bunmysql.New())),
		gormImpl(g),
	}
	statements := func() int64 { return -1 }
	if count {
		// One connection, whose session counters (statements, prepares)
		// are read through itself; each reading adds a constant.
		db.SetMaxOpenConns(1)
		var readings int64
		statements = func() int64 {
			readings++
			var n int64
			err := db.QueryRowContext(context.Background(), "SELECT SUM(VARIABLE_VALUE) FROM information_schema.SESSION_STATUS"+
				" WHERE VARIABLE_NAME IN ('QUESTIONS', 'COM_STMT_PREPARE')").Scan(&n)
			if err != nil {
				tb.Fatal(err)
			}
			return n - readings
		}
	}
	return impls, &e2eCheck{db: checkDB, getSQL: q.get1, listSQL: q.list100, statements: statements}
}

// e2eGormConfig is GORM's configuration for speed, as its documentation
// recommends: no transaction around single writes, no logging.
func e2eGormConfig() *gorm.Config {
	return &gorm.Config{SkipDefaultTransaction: true, Logger: logger.Discard}
}

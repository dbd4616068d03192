package unitofworktest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
)

const (
	defaultPG    = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	defaultMySQL = "root@tcp(127.0.0.1:3306)/test"
)

// statementLog records the statements an engine runs, through its hooks:
// the first word of each ("INSERT", "UPDATE", "BEGIN", ...) and the text.
type statementLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *statementLog) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context {
	return ctx
}

func (l *statementLog) AfterQuery(_ context.Context, ev *engine.QueryEvent) {
	l.add(ev.SQL)
}

func (l *statementLog) TxEvent(_ context.Context, ev *engine.TxEvent) {
	if ev.Savepoint != "" {
		l.add(strings.ToUpper(ev.Op.String()) + " SAVEPOINT")
		return
	}
	l.add(strings.ToUpper(ev.Op.String()))
}

func (l *statementLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, s)
}

// take returns the statements logged since the last take.
func (l *statementLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.lines
	l.lines = nil
	return out
}

// kinds returns the first word of each statement logged since the last
// take, with the table of INSERT, UPDATE and DELETE: "INSERT orgs";
// the events of nested transactions whole: "BEGIN SAVEPOINT".
func (l *statementLog) kinds() []string {
	var out []string
	for _, s := range l.take() {
		f := strings.Fields(strings.NewReplacer(`"`, "", "`", "").Replace(s))
		switch {
		case len(f) == 0:
		case len(f) == 2 && f[1] == "SAVEPOINT": // a nested transaction's event
			out = append(out, s)
		case strings.EqualFold(f[0], "INSERT") && len(f) > 2:
			out = append(out, "INSERT "+f[2])
		case strings.EqualFold(f[0], "UPDATE") && len(f) > 1:
			out = append(out, "UPDATE "+f[1])
		case strings.EqualFold(f[0], "DELETE") && len(f) > 2:
			out = append(out, "DELETE "+f[2])
		default:
			out = append(out, strings.ToUpper(f[0]))
		}
	}
	return out
}

// testDB is one database under test: an engine on a schema or database of
// the test's own, and the log of what it ran.
type testDB struct {
	name string
	e    *engine.Engine
	log  *statementLog
}

// forEachDB runs f as a parallel subtest on every database.
func forEachDB(t *testing.T, f func(t *testing.T, d *testDB)) {
	for _, o := range []struct {
		name string
		open func(t *testing.T, opts ...engine.Option) *engine.Engine
	}{
		{"sqlite", openSQLite},
		{"postgres", openPG},
		{"pgx", openPGX},
		{"mariadb", openMariaDB},
	} {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			log := &statementLog{}
			f(t, &testDB{name: o.name, e: o.open(t, engine.WithHooks(log)), log: log})
		})
	}
}

func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// openOptions passes engine options to a dialect's Open.
func openOptions(opts []engine.Option) []engine.OpenOption {
	out := make([]engine.OpenOption, len(opts))
	for i, o := range opts {
		out[i] = o
	}
	return out
}

func closeEngine(t *testing.T, e *engine.Engine) {
	t.Cleanup(func() { e.Close() })
}

func openSQLite(t *testing.T, opts ...engine.Option) *engine.Engine {
	e, err := sqlitedialect.Open(timeout(t), t.TempDir()+"/session.db", openOptions(opts)...)
	if err != nil {
		t.Fatal(err)
	}
	closeEngine(t, e)
	return e
}

// pgConfig creates a schema of the test's own, dropped at its end, and
// returns a connection config with it on the search path.
func pgConfig(t *testing.T) *pgx.ConnConfig {
	dsn := compiletest.EnvOr("SQLFORGE_PG_DSN", defaultPG)
	schema := compiletest.Scratch(t, "pgx", dsn, "PostgreSQL at SQLFORGE_PG_DSN", "CREATE SCHEMA", "sqlforge_uow_")
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = schema
	return cfg
}

func openPG(t *testing.T, opts ...engine.Option) *engine.Engine {
	sdb := stdlib.OpenDB(*pgConfig(t))
	t.Cleanup(func() { sdb.Close() })
	e, err := engine.New(engine.SQLDB(sdb), pgdialect.New(), append(opts, engine.WithClassifier(pgdialect.Classifier{}))...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func openPGX(t *testing.T, opts ...engine.Option) *engine.Engine {
	cfg := pgConfig(t)
	dsn := cfg.ConnString()
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	e, err := pgdialect.Open(timeout(t), dsn+sep+"search_path="+cfg.RuntimeParams["search_path"], openOptions(opts)...)
	if err != nil {
		t.Fatal(err)
	}
	closeEngine(t, e)
	return e
}

func openMariaDB(t *testing.T, opts ...engine.Option) *engine.Engine {
	dsn := compiletest.EnvOr("SQLFORGE_MYSQL_DSN", defaultMySQL)
	name := compiletest.Scratch(t, "mysql", dsn, "MariaDB/MySQL at SQLFORGE_MYSQL_DSN", "CREATE DATABASE", "sqlforge_uow_")
	base, _, _ := strings.Cut(dsn, "/")
	e, err := mysqldialect.Open(timeout(t), base+"/"+name, openOptions(opts)...)
	if err != nil {
		t.Fatal(err)
	}
	closeEngine(t, e)
	return e
}

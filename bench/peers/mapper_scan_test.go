package peers_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/georgysavva/scany/v2/pgxscan"
	"github.com/georgysavva/scany/v2/sqlscan"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// The mapper benchmarks scan 1,000 rows of 8 columns (int64, three
// strings, time, bool, float64, nullable string) into a []struct on
// SQLite in memory and on PostgreSQL through database/sql and native pgx,
// against a hand-written rows.Scan loop (the limit), sqlx, scany and
// pgx.CollectRows. sqlforge is mapper.All on the driver's rows; engine is
// engine.All with mapper.Row on an engine over the same connection as
// the hand-written loop. Run with:
//
//	go test -run '^$' -bench BenchmarkMapperScan -benchmem -benchtime 200ms -count 6 . > mapper.txt
//	benchstat -col /impl mapper.txt

type scanRow struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	Email     string    `db:"email"`
	City      string    `db:"city"`
	CreatedAt time.Time `db:"created_at"`
	Active    bool      `db:"active"`
	Score     float64   `db:"score"`
	Nickname  *string   `db:"nickname"`
}

const (
	scanRows  = 1000
	scanQuery = "SELECT id, name, email, city, created_at, active, score, nickname FROM scan_rows ORDER BY id"
)

func fillScanRows(ctx context.Context, exec func(context.Context, string, ...any) error, ph func(int) string, createdType string) error {
	if err := exec(ctx, `CREATE TABLE scan_rows (id BIGINT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
		city TEXT NOT NULL, created_at `+createdType+` NOT NULL, active BOOLEAN NOT NULL, score DOUBLE PRECISION NOT NULL, nickname TEXT)`); err != nil {
		return err
	}
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range scanRows {
		var nick any
		if i%2 == 0 {
			nick = fmt.Sprintf("nick%d", i)
		}
		q := fmt.Sprintf("INSERT INTO scan_rows VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", ph(1), ph(2), ph(3), ph(4), ph(5), ph(6), ph(7), ph(8))
		if err := exec(ctx, q, int64(i), fmt.Sprintf("name %d", i), fmt.Sprintf("user%d@example.com", i),
			"city "+fmt.Sprint(i%50), t0.Add(time.Duration(i)*time.Minute), i%3 == 0, float64(i)*1.25, nick); err != nil {
			return err
		}
	}
	return nil
}

func sqlExec(db *sql.DB) func(context.Context, string, ...any) error {
	return func(ctx context.Context, q string, args ...any) error {
		_, err := db.ExecContext(ctx, q, args...)
		return err
	}
}

func openScanSQLite(b *testing.B) *sql.DB {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	b.Cleanup(func() { db.Close() })
	if err := fillScanRows(context.Background(), sqlExec(db), func(int) string { return "?" }, "TIMESTAMP"); err != nil {
		b.Fatal(err)
	}
	return db
}

// openScanPG returns the config of a fresh schema holding scan_rows.
func openScanPG(b *testing.B) *pgx.ConnConfig {
	dsn := compiletest.EnvOr("SQLFORGE_PG_DSN", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(ctx); err != nil {
		compiletest.Unreachable(b, "PostgreSQL at SQLFORGE_PG_DSN", err)
	}
	schema := compiletest.UniqueName("sqlforge_bench_")
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		b.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = schema
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	if err := fillScanRows(ctx, sqlExec(db), func(i int) string { return fmt.Sprintf("$%d", i) }, "TIMESTAMPTZ"); err != nil {
		b.Fatal(err)
	}
	return cfg
}

// scanStmt is scanQuery for the engine.
var scanStmt = expr.Text(scanQuery)

// sqlContenders scan through database/sql.
func sqlContenders(b *testing.B, db *sql.DB, driverName string, d compile.Dialect) map[string]func(context.Context) ([]scanRow, error) {
	dbx := sqlx.NewDb(db, driverName)
	e := scanEngine(b, engine.SQLDB(db), d)
	return map[string]func(context.Context) ([]scanRow, error){
		"handwritten": func(ctx context.Context) ([]scanRow, error) {
			rows, err := db.QueryContext(ctx, scanQuery)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out []scanRow
			for rows.Next() {
				out = append(out, scanRow{})
				r := &out[len(out)-1]
				if err := rows.Scan(&r.ID, &r.Name, &r.Email, &r.City, &r.CreatedAt, &r.Active, &r.Score, &r.Nickname); err != nil {
					return nil, err
				}
			}
			return out, rows.Err()
		},
		"sqlforge": func(ctx context.Context) ([]scanRow, error) {
			rows, err := db.QueryContext(ctx, scanQuery)
			if err != nil {
				return nil, err
			}
			return mapper.All[scanRow](rows)
		},
		"engine": func(ctx context.Context) ([]scanRow, error) {
			return engine.All(ctx, e, scanStmt, mapper.Row[scanRow])
		},
		"sqlx": func(ctx context.Context) ([]scanRow, error) {
			var out []scanRow
			err := dbx.SelectContext(ctx, &out, scanQuery)
			return out, err
		},
		"scany": func(ctx context.Context) ([]scanRow, error) {
			var out []scanRow
			err := sqlscan.Select(ctx, db, &out, scanQuery)
			return out, err
		},
	}
}

// scanEngine returns an engine over src; it is never closed, since
// closing it would close the connection the other contenders share.
func scanEngine(b *testing.B, src engine.Source, d compile.Dialect) *engine.Engine {
	e, err := engine.New(src, d)
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// pgxContenders scan through a native pgx connection.
func pgxContenders(b *testing.B, conn *pgx.Conn) map[string]func(context.Context) ([]scanRow, error) {
	e := scanEngine(b, pgdialect.Conn(conn), pgdialect.New())
	return map[string]func(context.Context) ([]scanRow, error){
		"handwritten": func(ctx context.Context) ([]scanRow, error) {
			rows, err := conn.Query(ctx, scanQuery)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out []scanRow
			for rows.Next() {
				out = append(out, scanRow{})
				r := &out[len(out)-1]
				if err := rows.Scan(&r.ID, &r.Name, &r.Email, &r.City, &r.CreatedAt, &r.Active, &r.Score, &r.Nickname); err != nil {
					return nil, err
				}
			}
			return out, rows.Err()
		},
		"sqlforge": func(ctx context.Context) ([]scanRow, error) {
			rows, err := conn.Query(ctx, scanQuery)
			if err != nil {
				return nil, err
			}
			return mapper.All[scanRow](rows)
		},
		"engine": func(ctx context.Context) ([]scanRow, error) {
			return engine.All(ctx, e, scanStmt, mapper.Row[scanRow])
		},
		"scany": func(ctx context.Context) ([]scanRow, error) {
			var out []scanRow
			err := pgxscan.Select(ctx, conn, &out, scanQuery)
			return out, err
		},
		"collectrows": func(ctx context.Context) ([]scanRow, error) {
			rows, err := conn.Query(ctx, scanQuery)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, pgx.RowToStructByName[scanRow])
		},
	}
}

func runScanContenders(b *testing.B, cs map[string]func(context.Context) ([]scanRow, error)) {
	ctx := context.Background()
	var want []scanRow
	for _, impl := range []string{"handwritten", "sqlforge", "engine", "sqlx", "scany", "collectrows"} {
		f, ok := cs[impl]
		if !ok {
			continue
		}
		// Every contender must read the same rows before it is timed.
		got, err := f(ctx)
		if err != nil {
			b.Fatalf("%s: %v", impl, err)
		}
		if want == nil {
			want = got
		} else if err := sameScanRows(want, got); err != nil {
			b.Fatalf("%s: %v", impl, err)
		}
		b.Run("impl="+impl, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func sameScanRows(want, got []scanRow) error {
	if len(got) != len(want) || len(got) != scanRows {
		return fmt.Errorf("got %d rows; want %d", len(got), scanRows)
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.ID != g.ID || w.Name != g.Name || w.Email != g.Email || w.City != g.City || !w.CreatedAt.Equal(g.CreatedAt) ||
			w.Active != g.Active || w.Score != g.Score || (w.Nickname == nil) != (g.Nickname == nil) ||
			(w.Nickname != nil && *w.Nickname != *g.Nickname) {
			return fmt.Errorf("row %d: got %+v; want %+v", i, g, w)
		}
	}
	return nil
}

func BenchmarkMapperScan(b *testing.B) {
	b.Run("db=sqlite", func(b *testing.B) {
		runScanContenders(b, sqlContenders(b, openScanSQLite(b), "sqlite3", sqlitedialect.New()))
	})
	b.Run("db=postgres", func(b *testing.B) {
		db := stdlib.OpenDB(*openScanPG(b))
		b.Cleanup(func() { db.Close() })
		runScanContenders(b, sqlContenders(b, db, "pgx", pgdialect.New()))
	})
	b.Run("db=pgx", func(b *testing.B) {
		conn, err := pgx.ConnectConfig(context.Background(), openScanPG(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { conn.Close(context.Background()) })
		runScanContenders(b, pgxContenders(b, conn))
	})
}

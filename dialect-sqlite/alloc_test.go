//go:build !race

package sqlitedialect_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// TestEngineAllocs checks that a statement through the engine, on a
// compile-cache hit, allocates no more than the same statement written by
// hand against database/sql on the same driver: QueryRow, Query (its
// *Rows stays on the caller's stack) and Exec.
func TestEngineAllocs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	e, err := sqlitedialect.Open(ctx, path, sqlitedialect.WithDBConfig(func(db *sql.DB) { db.SetMaxOpenConns(2) }))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	one := expr.Text("SELECT 1")
	var n int64
	hand := testing.AllocsPerRun(200, func() {
		if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&n); err != nil {
			t.Fatal(err)
		}
	})
	eng := testing.AllocsPerRun(200, func() {
		if err := e.QueryRow(ctx, one).Scan(&n); err != nil {
			t.Fatal(err)
		}
	})
	if eng > hand {
		t.Errorf("engine QueryRow: %.1f allocs; database/sql by hand: %.1f", eng, hand)
	}
	series := expr.Text("WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :n) SELECT n FROM g")
	const seriesSQL = "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?) SELECT n FROM g"
	handQuery := testing.AllocsPerRun(200, func() {
		rows, err := db.QueryContext(ctx, seriesSQL, 3)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	})
	// The same loop over the engine's *Rows, written out rather than
	// shared through an interface, which would move the Rows to the heap.
	engQuery := testing.AllocsPerRun(200, func() {
		rows, err := e.Query(ctx, series, sql.Named("n", 3))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	})
	if engQuery > handQuery {
		t.Errorf("engine Query: %.1f allocs; database/sql by hand: %.1f", engQuery, handQuery)
	}
	handExec := testing.AllocsPerRun(200, func() {
		if _, err := db.ExecContext(ctx, "SELECT 1"); err != nil {
			t.Fatal(err)
		}
	})
	engExec := testing.AllocsPerRun(200, func() {
		if _, err := e.Exec(ctx, one); err != nil {
			t.Fatal(err)
		}
	})
	// Result reads RowsAffected and LastInsertId eagerly: no allocation.
	if engExec > handExec {
		t.Errorf("engine Exec: %.1f allocs; database/sql by hand: %.1f", engExec, handExec)
	}
	t.Logf("QueryRow %.1f vs %.1f, Query %.1f vs %.1f, Exec %.1f vs %.1f allocs", eng, hand, engQuery, handQuery, engExec, handExec)

	// A hook that keeps nothing adds no allocation: the engine reuses its
	// events.
	hooked, err := sqlitedialect.Open(ctx, filepath.Join(t.TempDir(), "h.db"), engine.WithHooks(passHook{}))
	if err != nil {
		t.Fatal(err)
	}
	defer hooked.Close()
	hookedRow := testing.AllocsPerRun(200, func() {
		if err := hooked.QueryRow(ctx, one).Scan(&n); err != nil {
			t.Fatal(err)
		}
	})
	hookedExec := testing.AllocsPerRun(200, func() {
		if _, err := hooked.Exec(ctx, one); err != nil {
			t.Fatal(err)
		}
	})
	if hookedRow != eng || hookedExec != engExec {
		t.Errorf("with a hook: QueryRow %.1f, Exec %.1f allocs; without %.1f, %.1f", hookedRow, hookedExec, eng, engExec)
	}
}

// passHook observes statements and keeps nothing.
type passHook struct{}

func (passHook) BeforeQuery(ctx context.Context, _ *engine.QueryEvent) context.Context { return ctx }
func (passHook) AfterQuery(context.Context, *engine.QueryEvent)                        {}

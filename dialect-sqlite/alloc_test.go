//go:build !race

package sqlitedialect_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/expr"
)

// TestEngineAllocs checks that a query through the engine, on a
// compile-cache hit, allocates no more than the same query written by hand
// against database/sql on the same driver.
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
	t.Logf("QueryRow %.1f vs %.1f, Exec %.1f vs %.1f allocs", eng, hand, engExec, handExec)
}

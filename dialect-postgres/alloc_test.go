//go:build !race

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

// TestEngineAllocs checks the engine's allocation target on PostgreSQL: on
// a compile-cache hit, Query, QueryRow and Exec allocate no more than the
// same call written by hand against the same connection type, natively on
// pgx and through database/sql.
func TestEngineAllocs(t *testing.T) {
	ctx := context.Background()
	admin := pgAdmin(t)
	cfg := pgSchema(t, admin)
	pcfg, err := pgxpool.ParseConfig("")
	if err != nil {
		t.Fatal(err)
	}
	pcfg.ConnConfig = cfg.Copy()
	pcfg.MaxConns = 1
	hand, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		t.Fatal(err)
	}
	defer hand.Close()
	pool2, err := pgxpool.NewWithConfig(ctx, pcfg.Copy())
	if err != nil {
		t.Fatal(err)
	}
	native, err := engine.New(pgdialect.Pool(pool2), pgdialect.New())
	if err != nil {
		t.Fatal(err)
	}
	defer native.Close()
	db := stdlib.OpenDB(*cfg.Copy())
	defer db.Close()
	db.SetMaxOpenConns(1)
	sqlDB := stdlib.OpenDB(*cfg.Copy())
	sqlDB.SetMaxOpenConns(1)
	viaSQL, err := engine.New(engine.SQLDB(sqlDB), pgdialect.New(), engine.WithClassifier(pgdialect.Classifier{}))
	if err != nil {
		t.Fatal(err)
	}
	defer viaSQL.Close()

	// Each query reads three rows of two columns, with one bound value.
	series := expr.Text("SELECT g, g * 2 FROM generate_series(1, :n) AS g")
	const handSQL = "SELECT g, g * 2 FROM generate_series(1, $1) AS g"
	var a, b int64
	allocs := func(name string, f func() error) float64 {
		t.Helper()
		if err := f(); err != nil { // warm the connection and the compile cache
			t.Fatalf("%s: %v", name, err)
		}
		return testing.AllocsPerRun(100, func() {
			if err := f(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		})
	}
	readAll := func(next func() bool, scan func(...any) error, err func() error) error {
		n := 0
		for next() {
			if err := scan(&a, &b); err != nil {
				return err
			}
			n++
		}
		if n != 3 {
			t.Fatalf("%d rows, want 3", n)
		}
		return err()
	}

	type pair struct {
		what         string
		hand, engine func() error
	}
	for _, p := range []pair{
		{"pgx Query",
			func() error {
				rows, err := hand.Query(ctx, handSQL, 3)
				if err != nil {
					return err
				}
				defer rows.Close()
				return readAll(rows.Next, rows.Scan, rows.Err)
			},
			func() error {
				rows, err := native.Query(ctx, series, sql.Named("n", 3))
				if err != nil {
					return err
				}
				defer rows.Close()
				return readAll(rows.Next, rows.Scan, rows.Err)
			}},
		{"pgx QueryRow",
			func() error { return hand.QueryRow(ctx, handSQL, 3).Scan(&a, &b) },
			func() error { return native.QueryRow(ctx, series, sql.Named("n", 3)).Scan(&a, &b) }},
		{"pgx Exec",
			func() error { _, err := hand.Exec(ctx, handSQL, 3); return err },
			func() error { _, err := native.Exec(ctx, series, sql.Named("n", 3)); return err }},
		{"database/sql Query",
			func() error {
				rows, err := db.QueryContext(ctx, handSQL, 3)
				if err != nil {
					return err
				}
				defer rows.Close()
				return readAll(rows.Next, rows.Scan, rows.Err)
			},
			func() error {
				rows, err := viaSQL.Query(ctx, series, sql.Named("n", 3))
				if err != nil {
					return err
				}
				defer rows.Close()
				return readAll(rows.Next, rows.Scan, rows.Err)
			}},
		{"database/sql QueryRow",
			func() error { return db.QueryRowContext(ctx, handSQL, 3).Scan(&a, &b) },
			func() error { return viaSQL.QueryRow(ctx, series, sql.Named("n", 3)).Scan(&a, &b) }},
	} {
		h, e := allocs(p.what+" by hand", p.hand), allocs(p.what+" through the engine", p.engine)
		t.Logf("%s: engine %.1f allocs, by hand %.1f", p.what, e, h)
		if e > h {
			t.Errorf("%s: the engine allocates %.1f times, the driver call by hand %.1f", p.what, e, h)
		}
	}
}

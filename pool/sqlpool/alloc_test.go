//go:build !race

package sqlpool_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// wide holds one row of the fake driver's "rows N", in destinations that
// need no memory of their own.
type wide struct {
	id        int64
	name      string
	score     float64
	at        time.Time
	tag, note sql.NullString
	blob      sql.RawBytes
	ok        bool
}

// readAll runs query and scans every row into dest.
func readAll(t *testing.T, db *sqlpool.DB, query string, dest []any) {
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
}

// Scanning a row allocates nothing: a query of 1,000 rows allocates as
// much as one of a single row (the plan is made once, in the Rows).
func TestScanRowAllocs(t *testing.T) {
	db := sqlpool.OpenDB(&fakedriver.Connector{})
	defer db.Close()
	var w wide
	dest := []any{&w.id, &w.name, &w.score, &w.at, &w.tag, &w.blob, &w.ok, &w.note}
	readAll(t, db, "rows 1000", dest) // the driver builds its rows once
	one := testing.AllocsPerRun(100, func() { readAll(t, db, "rows 1", dest) })
	many := testing.AllocsPerRun(100, func() { readAll(t, db, "rows 1000", dest) })
	if many != one {
		t.Fatalf("a query of 1000 rows allocates %v times, one of 1 row %v times; want the same", many, one)
	}
	if one != 2 {
		t.Fatalf("a query allocates %v times; want 2 (the Rows and the driver's rows)", one)
	}
}

// ExecContext allocates only the sql.Result it returns.
func TestExecAllocs(t *testing.T) {
	db := sqlpool.OpenDB(&fakedriver.Connector{})
	defer db.Close()
	ctx := context.Background()
	exec := func() {
		if _, err := db.ExecContext(ctx, "x"); err != nil {
			t.Fatal(err)
		}
	}
	exec()
	if n := testing.AllocsPerRun(1000, exec); n != 1 {
		t.Fatalf("ExecContext allocates %v times; want 1 (the result)", n)
	}
}

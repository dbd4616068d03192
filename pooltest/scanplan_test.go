package pooltest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mixedRows is a query whose one column brings, row after row, NULLs and
// values (and on SQLite values of different types), so that the scan step
// sqlpool caches for the column must change from row to row.
func mixedRows(b backend) string {
	vals := []string{"1", "NULL", "2", "NULL", "NULL", "3"}
	if b.name == "sqlite" {
		vals = append(vals, "'4'", "4.5", "x'3435'", "NULL", "7")
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = fmt.Sprintf("SELECT %d AS k, %s AS c", i, v)
	}
	return "SELECT c FROM (" + strings.Join(parts, " UNION ALL ") + ") AS t ORDER BY k"
}

// TestScanPlanDifferential scans those rows into one destination of each
// kind, reused from row to row, through database/sql and sqlpool, and
// compares every row's outcome.
func TestScanPlanDifferential(t *testing.T) {
	allBackends(t, func(t *testing.T, b backend) {
		sdb, pdb := openBoth(t, b)
		ctx := context.Background()
		q := mixedRows(b)
		n := 0
		for k := range destinations() {
			sd, pd := destinations()[k], destinations()[k]
			srows, err := sdb.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			prows, err := pdb.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for row := 0; srows.Next(); row++ {
				if !prows.Next() {
					t.Fatalf("into %T: sqlpool's rows end at row %d", pd, row)
				}
				serr, perr := srows.Scan(sd), prows.Scan(pd)
				if errText(serr) != errText(perr) {
					t.Errorf("row %d into %T: error %q; database/sql says %q", row, pd, errText(perr), errText(serr))
				} else if d := cmp.Diff(deref(sd), deref(pd), cmpOpts); d != "" {
					t.Errorf("row %d into %T: (-database/sql +sqlpool)\n%s", row, pd, d)
				}
				n++
			}
			if prows.Next() {
				t.Fatalf("into %T: sqlpool has more rows", pd)
			}
			srows.Close()
			prows.Close()
		}
		if n < 100 {
			t.Fatalf("only %d comparisons ran", n)
		}
	})
}

//go:build !race

package mapper_test

import (
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
)

// The per-row path allocates nothing of its own: scanning 1,000 rows into
// a slice with room for them costs what scanning 10 does (the per-call
// cursor), for any row count.
func TestScanAllocsPerRow(t *testing.T) {
	allocs := func(n int) float64 {
		src := itemRows(n)
		for _, row := range src.data {
			row[3] = nil // a non-NULL *string allocates in the driver, not in the mapper
		}
		dst := make([]Item, 0, n)
		return testing.AllocsPerRun(20, func() {
			src.i = 0
			var err error
			if dst, err = mapper.Append(dst[:0], src); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(10), allocs(1000)
	if large != small {
		t.Errorf("1000 rows: %v allocs, 10 rows: %v; want the same (no allocation per row)", large, small)
	}
	if small > 4 {
		t.Errorf("per call: %v allocs; want at most 4", small)
	}
}

// Pointers to structs cost one allocation per 32 rows, not one per row.
func TestScanPointersAllocs(t *testing.T) {
	src := itemRows(320)
	for _, row := range src.data {
		row[3] = nil
	}
	dst := make([]*Item, 0, 320)
	n := testing.AllocsPerRun(20, func() {
		src.i = 0
		var err error
		if dst, err = mapper.Append(dst[:0], src); err != nil {
			t.Fatal(err)
		}
	})
	if n > 4+10 {
		t.Errorf("320 rows into []*Item: %v allocs; want at most 14", n)
	}
}

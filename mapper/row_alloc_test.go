//go:build !race

package mapper_test

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
)

// Row allocates once per result (its cursor), never per row: reading
// 1,000 rows costs what reading 10 does.
func TestRowAllocsPerRow(t *testing.T) {
	allocs := func(n int) float64 {
		src := itemRows(n)
		for _, row := range src.data {
			row[3] = nil // a non-NULL *string allocates in the driver, not in the mapper
		}
		r := &stateRows{memRows: src}
		return testing.AllocsPerRun(20, func() {
			src.i, r.state = 0, nil
			for r.Next() {
				if _, err := mapper.Row[Item](r); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	small, large := allocs(10), allocs(1000)
	if large != small {
		t.Errorf("1000 rows: %v allocs, 10 rows: %v; want the same (no allocation per row)", large, small)
	}
	if small > 3 {
		t.Errorf("per result: %v allocs; want at most 3", small)
	}
}

// Row[*T] of a one-row result allocates one struct, not a chunk of them:
// a lookup by key should not pay for the rows a list would have.
func TestRowPointerOneRowBytes(t *testing.T) {
	src := itemRows(1)
	src.data[0][3] = nil
	r := &stateRows{memRows: src}
	var ms runtime.MemStats
	run := func() uint64 {
		src.i, r.state = 0, nil
		runtime.ReadMemStats(&ms)
		before := ms.TotalAlloc
		for r.Next() {
			if _, err := mapper.Row[*Item](r); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&ms)
		return ms.TotalAlloc - before
	}
	run() // the plan is cached after the first call
	size := uint64(reflect.TypeFor[Item]().Size())
	if got := run(); got >= 8*size {
		t.Errorf("one row of %d bytes: %d bytes allocated; want less than %d (a chunk of structs)", size, got, 8*size)
	}
}

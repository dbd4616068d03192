//go:build !race

package mapper_test

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// rowAllocs returns the allocations of reading n rows, whose *string
// column is NULL, with read.
func rowAllocs(t *testing.T, n int, read func(r *stateRows) error) float64 {
	src := itemRows(n)
	for _, row := range src.data {
		row[3] = nil // a non-NULL *string allocates in the driver, not in the mapper
	}
	r := &stateRows{memRows: src}
	return testing.AllocsPerRun(20, func() {
		src.i, r.state = 0, nil
		for r.Next() {
			if err := read(r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// Row allocates once per result (its cursor), never per row: reading
// 1,000 rows costs what reading 10 does.
func TestRowAllocsPerRow(t *testing.T) {
	read := func(r *stateRows) error { _, err := mapper.Row[Item](r); return err }
	small, large := rowAllocs(t, 10, read), rowAllocs(t, 1000, read)
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

// Model.Row allocates its structs a block at a time and nothing else per
// row: 321 rows (the first alone, then 10 blocks) cost 10 allocations more
// than one row does.
func TestModelRowAllocsPerBlock(t *testing.T) {
	reg := mapper.NewRegistry(expr.NewMetaData())
	m := mapper.MustMap[Item](reg, "items").Model()
	read := func(r *stateRows) error { _, err := m.Row(r); return err }
	one, many := rowAllocs(t, 1, read), rowAllocs(t, 321, read)
	if many-one != 10 {
		t.Errorf("321 rows: %v allocs, 1 row: %v; want 10 more (one per block of 32)", many, one)
	}
}

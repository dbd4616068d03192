//go:build !race

package mappertest

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/mapper"
)

// Through the engine, mapper.Row allocates per result, never per row:
// streaming 1,000 rows costs what streaming 10 does.
func TestEngineRowAllocsPerRow(t *testing.T) {
	ctx := context.Background()
	allocs := func(n int) float64 {
		e := memEngine(n)
		return testing.AllocsPerRun(20, func() {
			got := 0
			for _, err := range engine.Iter(ctx, e, memQuery, mapper.Row[memRow]) {
				if err != nil {
					t.Fatal(err)
				}
				got++
			}
			if got != n {
				t.Fatalf("%d rows; want %d", got, n)
			}
		})
	}
	small, large := allocs(10), allocs(1000)
	if large != small {
		t.Errorf("1000 rows: %v allocs, 10 rows: %v; want the same (no allocation per row)", large, small)
	}
}

//go:build !race

package workloads_test

import (
	"testing"

	"github.com/sqlforge/sqlforge/bench/workloads"
)

// TestCompileCacheHitAllocs asserts the compile targets' allocation rule:
// compiling a statement whose shape is cached allocates nothing when the
// args slice has room. It also logs what building plus compiling costs,
// for the record.
func TestCompileCacheHitAllocs(t *testing.T) {
	for _, w := range workloads.All {
		t.Run(w.Name, func(t *testing.T) {
			stmt := w.Build(3)
			args := make([]any, 0, w.Args)
			if _, _, err := workloads.Compiler.Compile(stmt, args); err != nil {
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(100, func() {
				_, args, _ = workloads.Compiler.Compile(stmt, args[:0])
			})
			if allocs != 0 {
				t.Errorf("compile on a cache hit: %v allocations, want 0", allocs)
			}
			// A statement built anew with other values has the same shape.
			other := w.Build(4)
			allocs = testing.AllocsPerRun(100, func() {
				_, args, _ = workloads.Compiler.Compile(other, args[:0])
			})
			if allocs != 0 {
				t.Errorf("compile of a new statement of a cached shape: %v allocations, want 0", allocs)
			}
			i := 0
			total := testing.AllocsPerRun(100, func() { _, args = w.SQLForge(i, args[:0]); i++ })
			base := testing.AllocsPerRun(100, func() { _, args = w.Baseline(i, args[:0]); i++ })
			t.Logf("allocations per call: build+compile %v, baseline %v", total, base)
		})
	}
}

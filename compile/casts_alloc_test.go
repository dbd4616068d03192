//go:build !race

package compile_test

import (
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestBindCastCacheHitAllocatesNothing: reading a value's cast on a cache
// hit (a type switch, reflection for named types) allocates nothing.
func TestBindCastCacheHitAllocatesNothing(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.CastBinds})
	st := expr.Select(expr.Value(1), expr.Value("x"), expr.Value(userID(1<<40)), expr.Value(time.Unix(0, 0)),
		expr.Case().When(users.C("age").Gt(1), 2.5).Else(expr.Value(false)))
	args := make([]any, 0, 16)
	if _, _, err := c.Compile(st, args); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, _, err := c.Compile(st, args[:0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per compile on a cache hit; want 0", allocs)
	}
}

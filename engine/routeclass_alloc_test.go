//go:build !race

package engine

import (
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// TestClassifyAllocs: classifying the usual read allocates nothing.
func TestClassifyAllocs(t *testing.T) {
	id := routeTable.C("id")
	stmt := expr.Select(id, expr.Lower(id)).From(routeTable).Where(id.Eq(1), expr.Exists(expr.Select(id).From(routeTable)))
	if n := testing.AllocsPerRun(100, func() {
		if classify(stmt) != classRead {
			t.Fatal("not a read")
		}
	}); n != 0 {
		t.Errorf("classify allocates %v times; want 0", n)
	}
}

package mysqldialect_test

import (
	"testing"

	"github.com/sqlforge/sqlforge/compile/compiletest"
)

// TestDecimal round-trips expr.Decimal through DECIMAL columns, which the
// driver returns as []byte.
func TestDecimal(t *testing.T) {
	db := openDB(t)
	compiletest.RunDecimal(t, dialect(t, db), db)
}

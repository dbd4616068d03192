package sqlitedialect_test

import (
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/compile/compiletest"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/expr"
)

// TestDecimal round-trips expr.Decimal through SQLite, which returns a
// NUMERIC as an int64, a float64 or a string. It fails if the wide column
// has NUMERIC affinity, which rounds to 15 digits.
func TestDecimal(t *testing.T) { compiletest.RunDecimal(t, sqlitedialect.New(), openDB(t)) }

// TestNumericDeclaration: NUMERIC keeps numeric affinity up to precision
// 15 and becomes DECIMAL_TEXT (TEXT affinity) beyond.
func TestNumericDeclaration(t *testing.T) {
	tb := expr.NewMetaData().MustTable("t",
		expr.Col("a", expr.Numeric(15, 2)), expr.Col("b", expr.Numeric(16, 2)), expr.Col("c", expr.Type{Kind: expr.KindNumeric}))
	q, _, err := compile.New(sqlitedialect.New()).Compile(expr.CreateTable(tb), nil)
	want := `CREATE TABLE "t" ("a" NUMERIC(15,2), "b" DECIMAL_TEXT(16,2), "c" DECIMAL_TEXT)`
	if err != nil || q != want {
		t.Errorf("got %s, %v; want %s", q, err, want)
	}
}

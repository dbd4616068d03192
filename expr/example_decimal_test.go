package expr_test

import (
	"fmt"
	"math/big"

	"github.com/sqlforge/sqlforge/expr"
)

// A Decimal carries every digit between Go and a NUMERIC column; for
// arithmetic, go through big.Rat.
func ExampleDecimal() {
	price := expr.MustParseDecimal("19.90")
	total := new(big.Rat).Mul(price.Rat(), big.NewRat(3, 1))
	fmt.Println(price, expr.DecimalFromRat(total, 2).StringFixed(2))

	wide, err := expr.ParseDecimal("-12345678901234567890.123456789")
	fmt.Println(wide, err, wide.Cmp(price))
	// Output:
	// 19.9 59.70
	// -12345678901234567890.123456789 <nil> -1
}

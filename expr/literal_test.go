package expr_test

import "testing"

// TestLiteralRequiresConstant type-checks a program that gives Literal
// run-time strings: each such call must be a compile error, so user input
// cannot become SQL text through it (the compiler also accepts only
// numbers), while constants compile.
func TestLiteralRequiresConstant(t *testing.T) {
	checkProbe(t, `package probe

import "github.com/sqlforge/sqlforge/expr"

const two = "2"

func probe(userInput string) {
	_ = expr.Literal("1")
	_ = expr.Literal(two)
	_ = expr.Literal("1" + two)
	_ = expr.True.Or(expr.False)
	_ = expr.Literal(userInput)                    // ERROR 1
	_ = expr.Literal("1" + userInput)              // ERROR 2
	_ = &expr.LiteralExpr{sql: userInput}          // ERROR 3
	s := "1"
	_ = expr.Literal(s)                            // ERROR 4
}
`)
}

package app

import "github.com/sqlforge/sqlforge/expr"

// forge passes run-time values to the constant-only functions through a
// type parameter, which Go infers as their unexported parameter types.
func forge[T ~string](f func(T) *expr.TextClause, s string) *expr.TextClause { return f(T(s)) }

func forgeInt[T ~int](f func(T) *expr.SelectStmt, n int) *expr.SelectStmt { return f(T(n)) }

func uses(q *expr.SelectStmt, userInput string, size int) {
	_ = expr.Text("SELECT 1")
	_ = q.LimitConst(100)
	_ = forge(expr.Text, userInput)    // want `expr.Text used as a function value`
	_ = forgeInt(q.LimitConst, size)   // want `LimitConst used as a function value`
	g := (*expr.SelectStmt).LimitConst // want `LimitConst used as a function value`
	_ = g
}

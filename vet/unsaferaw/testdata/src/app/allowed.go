package app

import "github.com/sqlforge/sqlforge/expr"

const byEmail = "SELECT id FROM users WHERE email = :email"

type page struct{ *expr.SelectStmt }

func first[T any](xs []T) T { return xs[0] }

// allowed: every SQL-taking function called directly with a constant.
func allowed(q *expr.SelectStmt, p page, size int) {
	_ = expr.Text("SELECT 1")
	_ = expr.Text(byEmail)
	_ = expr.Text("SELECT " + "2")
	_ = (expr.Text)("SELECT 3")
	_ = expr.Func("lower", size)
	_ = expr.Check("positive", "qty > 0")
	_ = expr.ServerDefault("CURRENT_TIMESTAMP")
	_ = expr.Literal("1")
	_ = q.LimitConst(100)
	_ = p.LimitConst(10)
	_ = q.Limit(size)
	limit := q.Limit // a function that takes no SQL may be a value
	_ = limit
	_ = first([]*expr.TextClause{expr.Text("SELECT 4")})
}

//go:build textvar

// Package textvar is the sample that Go itself refuses: a run-time string
// passed to expr.Text. The comparison builds it with -tags textvar and
// records the compiler's error.
package textvar

import "github.com/sqlforge/sqlforge/expr"

// unsafe: concatenation into a variable, then expr.Text.
func textVariable(name string) *expr.TextClause {
	q := "SELECT id FROM users WHERE name = '" + name + "'"
	return expr.Text(q)
}

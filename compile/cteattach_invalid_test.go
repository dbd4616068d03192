package compile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestOwnCTEWithoutQueryBesideAttached checks that a CTE of a statement's
// own WITH that has no query is an *InvalidError ("CTE without a query")
// also when the compiler attaches another CTE to that WITH: it used to be
// left out of the WITH it wrote, so the SQL named a CTE it never declared,
// or silently dropped it.
func TestOwnCTEWithoutQueryBesideAttached(t *testing.T) {
	p := people
	big := expr.Select(p.C("id"), p.C("name")).Where(p.C("age").Gt(30)).CTE("big")
	undefined := func() *expr.CTE { return expr.NewCTE("undefined", "id") } // no Define: no query
	cases := map[string]func() *expr.SelectStmt{
		"declared only": func() *expr.SelectStmt {
			return expr.Select(big.C("name")).From(big).With(undefined())
		},
		"used in FROM": func() *expr.SelectStmt {
			u := undefined()
			return expr.Select(big.C("name")).From(big).Join(u, u.C("id").Eq(big.C("id"))).With(u)
		},
		"after a defined one": func() *expr.SelectStmt {
			other := expr.Select(p.C("id")).CTE("other")
			return expr.Select(big.C("name")).From(big).With(other, undefined())
		},
		"nil": func() *expr.SelectStmt {
			return expr.Select(big.C("name")).From(big).With(nil)
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			for _, c := range fromCompilers() {
				q, _, err := c.Compile(build(), nil)
				var ie *compile.InvalidError
				if !errors.As(err, &ie) || !strings.Contains(ie.Reason, "CTE without a query") || q != "" {
					t.Fatalf("got %q, %v; want an *InvalidError: CTE without a query", q, err)
				}
			}
		})
	}
	// Without the attached CTE, the statement's own WITH refuses it alike.
	u := undefined()
	if _, _, err := compile.New(ansi{}).Compile(expr.Select(p.C("name")).With(u), nil); err == nil || !strings.Contains(err.Error(), "CTE without a query") {
		t.Fatalf("own WITH alone: %v; want CTE without a query", err)
	}
}

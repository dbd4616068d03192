package compile_test

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestLiteralNumbers: a number is written as it is; any other text fails
// to compile with ErrInvalid, on a cache hit too.
func TestLiteralNumbers(t *testing.T) {
	c := compile.New(ansi{})
	for _, n := range []*expr.LiteralExpr{expr.Literal("0"), expr.Literal("-1"), expr.Literal("+1"), expr.Literal("1.5"),
		expr.Literal(".5"), expr.Literal("1."), expr.Literal("1e10"), expr.Literal("1E-3"), expr.Literal("-2.5e+7")} {
		for range 2 { // the second compile is a cache hit
			q, args, err := c.Compile(expr.Select(n), nil)
			if want := "SELECT " + n.SQL(); err != nil || q != want || len(args) != 0 {
				t.Errorf("%q: %q, %v, %v; want %q", n.SQL(), q, args, err, want)
			}
		}
	}
	for _, n := range []*expr.LiteralExpr{expr.Literal(""), expr.Literal("-"), expr.Literal("."), expr.Literal("e5"),
		expr.Literal("1e"), expr.Literal("1e+"), expr.Literal("--1"), expr.Literal("+-1"), expr.Literal("1.2.3"),
		expr.Literal("0x10"), expr.Literal("1_000"), expr.Literal(" 1"), expr.Literal("1 "), expr.Literal("NaN"),
		expr.Literal("1; DROP TABLE users"), expr.Literal("1 -- x"), expr.Literal("TRUE"), expr.Literal("'1'"),
		new(expr.LiteralExpr)} {
		for range 2 {
			_, _, err := c.Compile(expr.Select(users.C("id")).Where(users.C("id").Eq(n)), nil)
			var inv *compile.InvalidError
			if !errors.As(err, &inv) || !errors.Is(err, compile.ErrInvalid) {
				t.Errorf("%q: %v; want an *InvalidError", n.SQL(), err)
			}
		}
	}
}

// TestLiteralInShape: literals of different text are cached apart, and a
// literal is not mistaken for a keyword.
func TestLiteralInShape(t *testing.T) {
	c := compile.New(ansi{})
	for _, tc := range []struct {
		e    expr.Expr
		want string
	}{
		{expr.Literal("1"), "SELECT 1"},
		{expr.Literal("2"), "SELECT 2"},
		{expr.True, "SELECT TRUE"},
		{expr.False, "SELECT FALSE"},
		{expr.Literal("2").Add(expr.Literal("-3")).As("n"), `SELECT 2 + -3 AS "n"`},
		{expr.Literal("2").Sub(expr.Literal("-3")), `SELECT 2 - -3`},
	} {
		if q, _, err := c.Compile(expr.Select(tc.e), nil); err != nil || q != tc.want {
			t.Errorf("%q, %v; want %q", q, err, tc.want)
		}
	}
}

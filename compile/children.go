package compile

import "github.com/sqlforge/sqlforge/expr"

// eachChild calls visit for every expression directly in e and query for
// every subquery directly in it (query may be nil). Text is opaque.
func eachChild(e expr.Expr, visit func(expr.Expr), query func(expr.Selectable)) {
	value := func(v any) {
		if x, ok := v.(expr.Expr); ok && x != nil {
			visit(x)
		}
	}
	sub := func(q expr.Selectable) {
		if q != nil && query != nil {
			query(q)
		}
	}
	switch n := e.(type) {
	case *expr.Comparison:
		visit(n.Left)
		value(n.Right)
	case *expr.Binary:
		visit(n.Left)
		value(n.Right)
	case *expr.Logical:
		for _, it := range n.Items {
			visit(it)
		}
	case *expr.Unary:
		visit(n.X)
	case *expr.InList:
		visit(n.X)
		for _, v := range n.Values {
			value(v)
		}
		sub(n.Sub)
	case *expr.Between:
		visit(n.X)
		value(n.Low)
		value(n.High)
	case *expr.LikeExpr:
		visit(n.X)
		value(n.Pattern)
	case *expr.TupleExpr:
		for _, it := range n.Items {
			visit(it)
		}
	case *expr.Label:
		visit(n.X)
	case *expr.Ordering:
		visit(n.X)
	case *expr.Quantified:
		sub(n.Sub)
	case *expr.FuncCall:
		f := n.Clauses()
		if !f.Star { // name(*) renders no arguments
			for _, a := range f.Args {
				visit(a)
			}
		}
		value(f.Filter)
		if w := f.Window; w != nil {
			for _, x := range w.Partition {
				visit(x)
			}
			for _, x := range w.Order {
				visit(x)
			}
		}
	case *expr.CaseExpr:
		value(n.Operand)
		for _, w := range n.Whens {
			visit(w.Cond)
			visit(w.Result)
		}
		value(n.ElseTo)
	case *expr.CastExpr:
		visit(n.X)
	case *expr.ExistsExpr:
		sub(n.Sub)
	case *expr.SelectStmt:
		sub(n)
	case *expr.CompoundSelect:
		sub(n)
	}
}

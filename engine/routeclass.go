package engine

import (
	"slices"

	"github.com/sqlforge/sqlforge/expr"
)

// stmtClass is what routing knows of a statement.
type stmtClass uint8

const (
	// classWrite writes or locks: it runs on the primary, always.
	classWrite stmtClass = iota
	// classUnknown may write, as far as the engine can tell (constant
	// SQL, a function it does not know): the primary, unless the caller
	// says otherwise (OnReplica).
	classUnknown
	// classRead only reads: a replica.
	classRead
)

// classify returns the class of stmt. A read is a SELECT, or a compound
// of SELECTs, in which nothing locks or may write: no FOR UPDATE or FOR
// SHARE anywhere (its CTEs, derived tables, subqueries in expressions,
// the parts of a compound), no constant SQL inside it, and no function
// call but those readOnlyFunc knows. A lock anywhere makes it a write; a
// text fragment or another function makes it unknown. INSERT, UPDATE,
// DELETE and DDL write; constant SQL is unknown.
func classify(stmt expr.Statement) (class stmtClass) {
	switch s := stmt.(type) {
	case *expr.SelectStmt, *expr.CompoundSelect:
		// A malformed tree (a nil node inside) may panic the walk, as it
		// does the compiler's, which turns that into an error: here it
		// goes to the primary, where the compiler reports it.
		defer func() {
			if recover() != nil {
				class = classWrite
			}
		}()
		w := classWalk{class: classRead, steps: maxClassSteps}
		w.query(s.(expr.Selectable), 0)
		return w.class
	case *expr.TextClause:
		return classUnknown
	}
	return classWrite
}

// Bounds of the walk: a tree built into a cycle (a statement that is its
// own subquery) or past the compiler's depth is not a read; the compiler
// refuses it anyway.
const (
	maxClassDepth = 512
	maxClassSteps = 100_000
)

// classWalk walks a query tree for classify. It lives in classify's
// frame: the usual statement is classified without allocating.
type classWalk struct {
	class stmtClass // the lowest class found so far
	steps int       // nodes the walk may still visit
	seen  [8]*expr.CTE
	n     int
	more  []*expr.CTE // all CTEs walked, once there are more than len(seen)
}

// lower records class c: the statement is at most c.
func (w *classWalk) lower(c stmtClass) {
	w.class = min(w.class, c)
}

// step counts a node and reports whether the walk goes on: the statement
// is not yet known to write, and the walk is within its bounds.
func (w *classWalk) step(depth int) bool {
	w.steps--
	if w.steps < 0 || depth > maxClassDepth {
		w.class = classWrite
	}
	return w.class != classWrite
}

// query walks a SELECT or compound, in FROM, a CTE or an expression.
func (w *classWalk) query(q expr.Selectable, depth int) {
	if !w.step(depth) {
		return
	}
	depth++
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			return
		}
		c := n.Clauses()
		if c.Lock != nil {
			w.class = classWrite
			return
		}
		w.ctes(c.With, depth)
		for _, f := range c.From {
			w.from(f, depth)
		}
		for _, list := range [...][]expr.Expr{c.DistinctOn, c.Items, c.Where, c.GroupBy, c.Having, c.OrderBy} {
			for _, x := range list {
				w.expr(x, depth)
			}
		}
	case *expr.CompoundSelect:
		if n == nil {
			return
		}
		c := n.Clauses()
		w.ctes(c.With, depth)
		for _, p := range c.Parts {
			w.query(p, depth)
		}
		for _, x := range c.OrderBy {
			w.expr(x, depth)
		}
	default:
		w.lower(classUnknown)
	}
}

func (w *classWalk) ctes(list []*expr.CTE, depth int) {
	for _, c := range list {
		w.cte(c, depth)
	}
}

// cte walks a CTE's query once: a recursive CTE's query uses the CTE.
func (w *classWalk) cte(c *expr.CTE, depth int) {
	if c == nil || slices.Contains(w.seen[:w.n], c) || slices.Contains(w.more, c) {
		return
	}
	switch {
	case w.more != nil:
		w.more = append(w.more, c)
	case w.n < len(w.seen):
		w.seen[w.n] = c
		w.n++
	default:
		w.more = append(slices.Clone(w.seen[:]), c)
	}
	if c.Query != nil {
		w.query(c.Query, depth)
	}
}

// from walks a FROM item.
func (w *classWalk) from(f expr.FromItem, depth int) {
	if !w.step(depth) {
		return
	}
	depth++
	switch n := f.(type) {
	case *expr.Table:
		w.table(n, depth)
	case *expr.CTE:
		w.cte(n, depth)
	case *expr.JoinExpr:
		if n == nil {
			return
		}
		w.from(n.Left, depth)
		w.from(n.Right, depth)
		if n.On != nil {
			w.expr(n.On, depth)
		}
	case *expr.ValuesList:
		if n == nil {
			return
		}
		for _, v := range n.Clauses().Values {
			w.value(v, depth)
		}
	default:
		w.lower(classUnknown)
	}
}

// table walks the query behind a derived table or CTE (also when reached
// through a column, for a FROM the compiler infers from the select list).
func (w *classWalk) table(t *expr.Table, depth int) {
	if t == nil {
		return
	}
	b := t.Base()
	if c := b.CTE(); c != nil {
		w.cte(c, depth)
	} else if q := b.Query(); q != nil {
		w.query(q, depth)
	}
}

// value walks a place that holds an expression or a value to bind.
func (w *classWalk) value(v any, depth int) {
	if x, ok := v.(expr.Expr); ok && x != nil {
		w.expr(x, depth)
	}
}

// expr walks an expression.
func (w *classWalk) expr(e expr.Expr, depth int) {
	if !w.step(depth) {
		return
	}
	depth++
	switch n := e.(type) {
	case *expr.Column:
		if n != nil {
			w.table(n.Table, depth)
		}
	case *expr.BindParam, *expr.LiteralExpr, *expr.ExcludedRef:
	case *expr.Keyword:
		if n != nil {
			w.table(n.Table, depth)
		}
	case *expr.Comparison:
		w.expr(n.Left, depth)
		w.value(n.Right, depth)
	case *expr.Binary:
		w.expr(n.Left, depth)
		w.value(n.Right, depth)
	case *expr.Logical:
		for _, x := range n.Items {
			w.expr(x, depth)
		}
	case *expr.Unary:
		w.expr(n.X, depth)
	case *expr.InList:
		w.expr(n.X, depth)
		for _, v := range n.Values {
			w.value(v, depth)
		}
		if n.Sub != nil {
			w.query(n.Sub, depth)
		}
	case *expr.Between:
		w.expr(n.X, depth)
		w.value(n.Low, depth)
		w.value(n.High, depth)
	case *expr.LikeExpr:
		w.expr(n.X, depth)
		w.value(n.Pattern, depth)
	case *expr.TupleExpr:
		for _, x := range n.Items {
			w.expr(x, depth)
		}
	case *expr.Label:
		w.expr(n.X, depth)
	case *expr.Ordering:
		w.expr(n.X, depth)
	case *expr.Quantified:
		if n.Sub != nil {
			w.query(n.Sub, depth)
		}
	case *expr.FuncCall:
		w.call(n, depth)
	case *expr.CaseExpr:
		w.value(n.Operand, depth)
		for _, c := range n.Whens {
			w.expr(c.Cond, depth)
			w.expr(c.Result, depth)
		}
		w.value(n.ElseTo, depth)
	case *expr.CastExpr:
		w.expr(n.X, depth)
	case *expr.ExistsExpr:
		if n.Sub != nil {
			w.query(n.Sub, depth)
		}
	case *expr.SelectStmt, *expr.CompoundSelect:
		w.query(n.(expr.Selectable), depth)
	default: // constant SQL (*expr.TextClause), or a node this walk does not know
		w.lower(classUnknown)
	}
}

// call walks a function call: one readOnlyFunc does not know may write.
func (w *classWalk) call(f *expr.FuncCall, depth int) {
	if f == nil {
		return
	}
	c := f.Clauses()
	if !readOnlyFunc(c.Name) {
		w.lower(classUnknown)
	}
	for _, a := range c.Args {
		w.expr(a, depth)
	}
	w.value(c.Filter, depth)
	if win := c.Window; win != nil {
		for _, x := range win.Partition {
			w.expr(x, depth)
		}
		for _, x := range win.Order {
			w.expr(x, depth)
		}
		if fr := win.Frame; fr != nil {
			w.value(fr.Start.Offset, depth)
			w.value(fr.End.Offset, depth)
		}
	}
}

// readOnlyFunc reports whether the function named name (as written,
// lower case) is one routing may send to a replica: the aggregate,
// window and scalar functions this module's users build with expr
// (Count, Sum, Lower, Extract, RowNumber...) and a few more well-known
// ones, all of which only compute from their arguments on every
// supported database. Any other name — nextval, pg_try_advisory_lock,
// a user's function, which may write — is unknown to the router.
func readOnlyFunc(name string) bool {
	switch name {
	case "count", "sum", "avg", "min", "max", // aggregates
		"array_agg", "string_agg", "group_concat", "bool_and", "bool_or",
		"row_number", "rank", "dense_rank", "lag", "lead", // window functions
		"first_value", "last_value",
		"coalesce", "nullif", "greatest", "least", // scalars
		"lower", "upper", "char_length", "length", "trim", "substr", "substring", "replace", "concat",
		"abs", "round", "floor", "ceil", "ceiling", "trunc", "mod",
		"extract", "date_trunc":
		return true
	}
	return false
}

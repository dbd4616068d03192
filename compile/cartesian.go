package compile

import (
	"slices"

	"github.com/sqlforge/sqlforge/expr"
)

// cartesian refuses a FROM inferred from tables that WHERE and HAVING do
// not join: tables are joined when a comparison (=, <, IN, BETWEEN,
// LIKE...) has columns of one on one side and of the other on the other,
// directly or through other tables, as SQLAlchemy's FROM linter has it.
// Comparisons inside subqueries count too (a correlated EXISTS joins the
// tables it compares). A Text condition may join anything, so with one
// the check is skipped.
func (l *fromLinter) cartesian(inferred []*expr.Table, where, having []expr.Expr) {
	var tables []*expr.Table // as the SQL names them: two aliases "a" are one
	for _, t := range inferred {
		if !slices.ContainsFunc(tables, func(f *expr.Table) bool { return sameTable(f, t) }) {
			tables = append(tables, t)
		}
	}
	if len(tables) < 2 {
		return
	}
	g := joinGraph{tables: tables, parent: make([]int, len(tables))}
	for i := range g.parent {
		g.parent[i] = i
	}
	for _, e := range where {
		g.walk(e)
	}
	for _, e := range having {
		g.walk(e)
	}
	if g.opaque {
		return
	}
	for i := 1; i < len(tables); i++ { // g.tables may have grown: see indexes
		if g.find(i) != g.find(0) {
			l.fail("FROM is inferred from tables that nothing joins, "+quoteName(tables[0].Name)+" and "+
				quoteName(tables[i].Name)+" (join them, compare their columns in WHERE, or write the FROM out)", ErrCartesian)
			return
		}
	}
}

// joinGraph is a union-find over the tables of an inferred FROM and those
// of the subqueries in its conditions.
type joinGraph struct {
	tables []*expr.Table
	parent []int
	opaque bool // a Text condition was met
	depth  int
}

func (g *joinGraph) find(i int) int {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
}

// walk joins the tables compared in e and its subqueries.
func (g *joinGraph) walk(e expr.Expr) {
	if g.depth > 512 {
		g.opaque = true // a runaway tree: stop on every path, not just this one
	}
	if g.opaque {
		return
	}
	g.depth++
	defer func() { g.depth-- }()
	switch n := e.(type) {
	case *expr.TextClause:
		g.opaque = true
		return
	case *expr.Comparison:
		g.link(n.Left, n.Right)
	case *expr.Between:
		g.link(n.X, n.Low)
		g.link(n.X, n.High)
	case *expr.LikeExpr:
		g.link(n.X, n.Pattern)
	case *expr.InList:
		for _, v := range n.Values {
			g.link(n.X, v)
		}
	}
	eachChild(e, g.walk, g.query)
}

// query follows the conditions of a subquery.
func (g *joinGraph) query(q expr.Selectable) {
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			return
		}
		c := n.Clauses()
		for _, e := range c.Where {
			g.walk(e)
		}
		for _, e := range c.Having {
			g.walk(e)
		}
	case *expr.CompoundSelect:
		if n == nil {
			return
		}
		for _, p := range n.Clauses().Parts {
			g.query(p)
		}
	}
}

// link joins every table of a's columns with every table of b's.
func (g *joinGraph) link(a expr.Expr, b any) {
	be, ok := b.(expr.Expr)
	if !ok {
		return
	}
	var abuf, bbuf [4]int
	as := g.indexes(a, abuf[:0])
	bs := g.indexes(be, bbuf[:0])
	for _, i := range as {
		for _, j := range bs {
			g.parent[g.find(i)] = g.find(j)
		}
	}
}

// indexes appends the indexes of the tables whose columns e holds
// outside subqueries. A table not in the FROM (a subquery's) becomes a
// node too: the tables it is compared with are joined through it.
func (g *joinGraph) indexes(e expr.Expr, out []int) []int {
	if g.depth > 512 {
		g.opaque = true
	}
	if g.opaque {
		return out
	}
	g.depth++
	defer func() { g.depth-- }()
	c, ok := e.(*expr.Column)
	if !ok {
		eachChild(e, func(x expr.Expr) { out = g.indexes(x, out) }, nil)
		return out
	}
	if c == nil || c.Table == nil {
		return out
	}
	for i, t := range g.tables {
		if sameTable(t, c.Table) {
			return append(out, i)
		}
	}
	g.tables = append(g.tables, c.Table)
	g.parent = append(g.parent, len(g.parent))
	return append(out, len(g.parent)-1)
}

package compile

import (
	"slices"

	"github.com/sqlforge/sqlforge/expr"
)

// Attaching CTEs.
//
// A CTE used in FROM without With(cte) used to compile to SQL naming a
// table that does not exist. As SQLAlchemy does, the compiler declares
// such a CTE in the WITH of the top-level statement: the CTEs a FROM
// reaches — through joins, derived tables, the queries of other CTEs and
// the parts of a set operation — that no WITH around the use declares.
// Each comes after the CTEs its own query uses, so a CTE never refers to
// a later one; a recursive CTE's use of itself is no use to attach. A CTE
// used only inside a subquery of an expression is not looked for (that
// would walk every expression on every compile): the FROM linter refuses
// it with ErrUnattachedCTE.
//
// The search runs on both passes, since the attached CTEs' queries hold
// binds. It is skipped for statements without a WITH whose FROM items are
// all plain tables (mayAttach), and allocates nothing for up to 8 CTEs.

// cteScope is the CTEs declared around a use: a WITH list, or one CTE
// whose query is searched (it may use itself).
type cteScope struct {
	ctes []*expr.CTE
	one  *expr.CTE
	up   *cteScope
}

func (sc *cteScope) has(c *expr.CTE) bool {
	for ; sc != nil; sc = sc.up {
		if sc.one == c || slices.Contains(sc.ctes, c) {
			return true
		}
	}
	return false
}

// mayAttach reports, cheaply, whether st might use a CTE that needs
// attaching: whether it has a WITH or FROM items that are not plain
// tables. It returns the statement's own WITH.
func mayAttach(st expr.Statement) (own []*expr.CTE, may bool) {
	switch n := st.(type) {
	case *expr.SelectStmt:
		q := n.Clauses()
		return q.With, len(q.With) > 0 || !plainFrom(&q)
	case *expr.CompoundSelect:
		c := n.Clauses()
		return c.With, len(c.With) > 0 || slices.ContainsFunc(c.Parts, mayUseCTE)
	case *expr.InsertStmt:
		q := n.Clauses()
		return q.With, len(q.With) > 0 || q.Select != nil
	case *expr.UpdateStmt:
		q := n.Clauses()
		return q.With, len(q.With) > 0 || len(q.From) > 0
	case *expr.DeleteStmt:
		q := n.Clauses()
		return q.With, len(q.With) > 0 || len(q.Using) > 0
	}
	return nil, false
}

// mayUseCTE reports whether a part of a set operation may use a CTE.
func mayUseCTE(p expr.Selectable) bool {
	n, ok := p.(*expr.SelectStmt)
	if !ok || n == nil {
		return true
	}
	q := n.Clauses()
	return len(q.With) > 0 || !plainFrom(&q)
}

// plainFrom reports whether a SELECT's FROM, written or inferred, has
// only tables and joins of tables: nothing a CTE could hide in.
func plainFrom(q *expr.SelectClauses) bool {
	if len(q.From) == 0 {
		for _, it := range q.Items {
			if c, ok := it.(*expr.Column); ok && c != nil && c.Table != nil {
				if isDerived(c.Table) {
					return false
				}
				continue // the usual item, without collectTables' work
			}
			var buf [8]*expr.Table
			for _, t := range collectTables(it, buf[:0]) {
				if isDerived(t) {
					return false
				}
			}
		}
		return true
	}
	for _, f := range q.From {
		if !plainFromItem(f, 0) {
			return false
		}
	}
	return true
}

func plainFromItem(f expr.FromItem, depth int) bool {
	switch n := f.(type) {
	case *expr.Table:
		return n == nil || !isDerived(n)
	case *expr.JoinExpr:
		return n == nil || depth < 64 && plainFromItem(n.Left, depth+1) && plainFromItem(n.Right, depth+1)
	}
	return false
}

// search finds the top-level WITH of st, own being its own WITH, with the
// CTEs it must attach; a.with() has the result.
func (a *cteAttacher) search(st expr.Statement, own []*expr.CTE, maxDepth int) {
	a.max, a.own = maxDepth, own
	for _, c := range own {
		if c == nil || c.Table == nil || c.Query == nil {
			// Kept in its place, so that the WITH written with the
			// attached CTEs refuses it as the statement's own WITH
			// does ("CTE without a query"), rather than leave it out.
			a.add(c)
			continue
		}
		a.cte(c, nil, 0)
	}
	switch n := st.(type) {
	case *expr.SelectStmt:
		q := n.Clauses()
		a.selectFrom(&q, nil, 0)
	case *expr.CompoundSelect:
		for _, p := range n.Clauses().Parts {
			a.query(p, nil, 0)
		}
	case *expr.InsertStmt:
		if q := n.Clauses(); q.Select != nil {
			a.query(q.Select, nil, 0)
		}
	case *expr.UpdateStmt:
		for _, f := range n.Clauses().From {
			a.from(f, nil, 0)
		}
	case *expr.DeleteStmt:
		for _, f := range n.Clauses().Using {
			a.from(f, nil, 0)
		}
	}
}

// attachedCTEs returns the top-level WITH of st with the CTEs the
// compiler attaches to it (nil when none), for the FROM linter: the WITH
// a SELECT writes, or a statement of another kind when it has no WITH of
// its own.
func attachedCTEs(st expr.Statement, maxDepth int) []*expr.CTE {
	own, may := mayAttach(st)
	if !may {
		return nil
	}
	var a cteAttacher
	a.search(st, own, maxDepth)
	if _, sel := st.(*expr.SelectStmt); !sel && len(own) > 0 {
		return nil
	}
	return slices.Clone(a.with())
}

// cteAttacher collects a top-level WITH: in buf, or in more once buf is
// full, so that the usual statement allocates nothing (it lives in the
// caller's frame).
type cteAttacher struct {
	buf      [8]*expr.CTE
	n        int
	more     []*expr.CTE // all of them, once there are more than len(buf)
	own      []*expr.CTE // the statement's own WITH
	attached bool        // the WITH has a CTE own lacks
	max      int
	stopped  bool // the search went past max: a runaway (or cyclic) tree
}

// runaway reports whether the search is past its depth, and then stops it
// on every path: a hand-built cycle must not be searched along each of
// its branches. The walk reports such a tree with a *LimitError.
func (a *cteAttacher) runaway(depth int) bool {
	if depth > a.max {
		a.stopped = true
	}
	return a.stopped
}

// with is the top-level WITH, or nil when nothing is attached.
func (a *cteAttacher) with() []*expr.CTE {
	switch {
	case !a.attached:
		return nil
	case a.more != nil:
		return a.more
	}
	return a.buf[:a.n]
}

func (a *cteAttacher) has(c *expr.CTE) bool {
	if a.more != nil {
		return slices.Contains(a.more, c)
	}
	return slices.Contains(a.buf[:a.n], c)
}

func (a *cteAttacher) add(c *expr.CTE) {
	if !slices.Contains(a.own, c) {
		a.attached = true
	}
	switch {
	case a.more != nil:
		a.more = append(a.more, c)
	case a.n < len(a.buf):
		a.buf[a.n] = c
		a.n++
	default:
		a.more = append(slices.Clone(a.buf[:]), c)
	}
}

// cte adds c, after the CTEs its query uses, unless a scope or the WITH
// declares it already.
func (a *cteAttacher) cte(c *expr.CTE, sc *cteScope, depth int) {
	if c == nil || c.Table == nil || c.Query == nil || depth > a.max || sc.has(c) || a.has(c) {
		return
	}
	inner := cteScope{one: c, up: sc}
	a.query(c.Query, &inner, depth+1)
	if !a.has(c) {
		a.add(c)
	}
}

// query searches a query used in FROM (or a CTE's).
func (a *cteAttacher) query(q expr.Selectable, sc *cteScope, depth int) {
	if a.runaway(depth) {
		return
	}
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			return
		}
		c := n.Clauses()
		inner := cteScope{ctes: c.With, up: sc}
		a.queries(c.With, &inner, depth+1)
		a.selectFrom(&c, &inner, depth+1)
	case *expr.CompoundSelect:
		if n == nil {
			return
		}
		c := n.Clauses()
		inner := cteScope{ctes: c.With, up: sc}
		a.queries(c.With, &inner, depth+1)
		for _, p := range c.Parts {
			a.query(p, &inner, depth+1)
		}
	}
}

// queries searches the queries of a WITH inside the statement, in the
// scope of its CTEs, which see each other.
func (a *cteAttacher) queries(ctes []*expr.CTE, sc *cteScope, depth int) {
	for _, c := range ctes {
		if c != nil && c.Query != nil {
			a.query(c.Query, sc, depth)
		}
	}
}

// selectFrom searches a SELECT's FROM, written or inferred.
func (a *cteAttacher) selectFrom(q *expr.SelectClauses, sc *cteScope, depth int) {
	if len(q.From) > 0 {
		for _, f := range q.From {
			a.from(f, sc, depth)
		}
		return
	}
	var buf [8]*expr.Table
	for _, t := range inferredTables(q.Items, buf[:0]) {
		a.table(t, sc, depth)
	}
}

func (a *cteAttacher) from(f expr.FromItem, sc *cteScope, depth int) {
	if a.runaway(depth) {
		return
	}
	switch n := f.(type) {
	case *expr.Table:
		if n != nil {
			a.table(n, sc, depth)
		}
	case *expr.CTE:
		a.cte(n, sc, depth)
	case *expr.JoinExpr:
		if n != nil {
			a.from(n.Left, sc, depth+1)
			a.from(n.Right, sc, depth+1)
		}
	}
}

func (a *cteAttacher) table(t *expr.Table, sc *cteScope, depth int) {
	if c := t.Base().CTE(); c != nil {
		a.cte(c, sc, depth)
	} else if q := t.Query(); q != nil {
		a.query(q, sc, depth+1)
	}
}

package compile

import (
	"strconv"
	"strings"

	"github.com/sqlforge/sqlforge/expr"
)

// Labels in GROUP BY and ORDER BY.
//
// A label's name is not a safe way to refer to its select-list item: in
// GROUP BY all three databases read a name that is also a column of a
// FROM table as the column (GroupBy(substr(name, 1, 1).As("name"))
// grouped by the whole name), and so does MySQL's emulated NULLS
// FIRST/LAST ("name" IS NULL). Writing the labelled expression again,
// as SQLAlchemy does, fails on PostgreSQL as soon as it holds a bound
// value: GROUP BY substr(name, $3, $4) does not match the select list's
// substr(name, $1, $2). The item's position (GROUP BY 1) means the item
// on every database, so that is what a label refers to.

// Ways a label is written as a sort or grouping key (recorded in the shape).
const (
	keyName     byte = iota + 1 // its quoted name
	keyPosition                 // its position in the select list
	keyExpr                     // the labelled expression
)

// groupKey writes a GROUP BY item: a label by its select-list position,
// or as its expression when the select list does not have it.
func (s *state) groupKey(e expr.Expr, items []expr.Expr) {
	l, ok := e.(*expr.Label)
	if !s.flag(ok) {
		s.expr(e)
		return
	}
	s.str(l.Name)
	// Which item the label is (pointers) is not in the shape; the
	// outcome is: keyPosition and the position, or keyExpr and the
	// expression.
	if pos := labelPosition(items, l); pos > 0 {
		s.tok(keyPosition)
		s.position(pos)
		return
	}
	s.tok(keyExpr)
	s.expr(l.X)
}

// labelKey writes a label in a SELECT's own ORDER BY: by name, which every
// database reads as the select-list item, unless a FROM table has a
// column of that name or another item has the label's name; then by
// position, or, inside the IS NULL of emulated NULLS FIRST/LAST, where a
// number is no position, as the expression. A label the select list does
// not have (see labelPosition) is its expression.
func (s *state) labelKey(l *expr.Label, sel *expr.SelectClauses, nullKey bool) {
	s.flag(true) // a label, as in labelRefOrExpr
	s.str(l.Name)
	// As in groupKey, the outcome is in the shape: the key's way, and
	// the position or the expression.
	pos := labelPosition(sel.Items, l)
	switch {
	case pos > 0 && !fromHasColumn(sel, l.Name) && labelNamedOnce(sel.Items, l.Name):
		s.tok(keyName)
		s.ident(l.Name)
	case pos > 0 && !nullKey:
		s.tok(keyPosition)
		s.position(pos)
	default:
		s.tok(keyExpr)
		s.expr(l.X)
	}
}

// position writes a select-list position, a number the statement's
// structure decides (never a value).
func (s *state) position(pos int) {
	s.num(pos)
	if s.render {
		s.sql = strconv.AppendInt(s.sql, int64(pos), 10)
	}
}

// labelPosition is the 1-based position of the select-list item that is
// label l, or 0 when the list has none, or when a star or a Text comes
// before it, which may stand for several columns. The item is l itself,
// or a label of the same name over the same expression node
// (t.C("a").As("k") twice: C returns the same column). A label that only
// shares l's name labels another expression: GroupBy(t.C("b").As("k"))
// beside Select(t.C("a").As("k")) groups by b, not by the item.
func labelPosition(items []expr.Expr, l *expr.Label) int {
	for i, it := range items {
		switch n := it.(type) {
		case *expr.Label:
			if n == l || n.Name == l.Name && n.X == l.X {
				return i + 1
			}
		case *expr.Keyword:
			if n.SQL() == "*" {
				return 0
			}
		case *expr.TextClause:
			return 0
		}
	}
	return 0
}

// labelNamedOnce reports whether one item of the select list at most is a
// label named name: an ORDER BY of a name two items have is ambiguous
// (PostgreSQL) or means the first of them.
func labelNamedOnce(items []expr.Expr, name string) bool {
	n := 0
	for _, it := range items {
		if l, ok := it.(*expr.Label); ok && l.Name == name {
			n++
		}
	}
	return n <= 1
}

// fromHasColumn reports whether a table of the SELECT's FROM (written or
// inferred) has a column named name. Names are compared ignoring case, as
// MySQL compares column names: a false clash only costs a position where
// a name would do.
func fromHasColumn(sel *expr.SelectClauses, name string) bool {
	if len(sel.From) == 0 {
		var buf [8]*expr.Table
		for _, t := range inferredTables(sel.Items, buf[:0]) {
			if hasColumn(t, name) {
				return true
			}
		}
		return false
	}
	for _, f := range sel.From {
		if fromItemHasColumn(f, name, 0) {
			return true
		}
	}
	return false
}

func fromItemHasColumn(f expr.FromItem, name string, depth int) bool {
	if depth > 64 {
		return true // a runaway join tree: the position is always right
	}
	switch n := f.(type) {
	case *expr.Table:
		return n != nil && hasColumn(n, name)
	case *expr.CTE:
		return n != nil && n.Table != nil && hasColumn(n.Table, name)
	case *expr.ValuesList:
		return n != nil && n.Table != nil && hasColumn(n.Table, name)
	case *expr.JoinExpr:
		return n != nil && (fromItemHasColumn(n.Left, name, depth+1) || fromItemHasColumn(n.Right, name, depth+1))
	}
	return false
}

func hasColumn(t *expr.Table, name string) bool {
	for _, c := range t.Columns {
		if c != nil && strings.EqualFold(c.Name, name) {
			return true
		}
	}
	return false
}

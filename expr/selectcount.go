package expr

import "strconv"

// CountQuery returns a query of the number of rows s returns once its
// ORDER BY, LIMIT, OFFSET and locking clause are gone: the total a page
// of s (its Limit and Offset) is part of. A select list of plain columns
// over an explicit FROM, without DISTINCT, GROUP BY or HAVING, is counted
// in place (SELECT count(*) with s's WITH, FROM and WHERE), which every
// database plans as cheaply as it can. Anything else (aggregates,
// DISTINCT, groups, a FROM inferred from the columns) is counted as a
// derived table, SELECT count(*) FROM (s) AS counted, whose select list
// MySQL and MariaDB require to have distinct names: the items s leaves
// unnamed are labelled c1, c2, ... by their position (users.id and
// orgs.id would both be "id"); the ones s labels keep their names, which
// its HAVING may use. s itself does not change.
func (s *SelectStmt) CountQuery() *SelectStmt {
	inner := *s
	inner.orderBy, inner.limit, inner.offset, inner.lock = nil, nil, nil, nil
	if inner.countsInPlace() {
		inner.items = []Expr{CountAll()}
		return &inner
	}
	inner.items = countItems(s.items)
	ctes := inner.ctes
	inner.ctes = nil
	q := Select(CountAll()).From(inner.Subquery("counted"))
	q.ctes = ctes
	return q
}

// countsInPlace reports a query whose number of rows does not depend on
// its select list, and whose FROM does not follow from it.
func (s *SelectStmt) countsInPlace() bool {
	if s.distinct || len(s.distinctOn) > 0 || len(s.groupBy) > 0 || len(s.having) > 0 || len(s.from) == 0 {
		return false
	}
	for _, it := range s.items {
		if l, ok := it.(*Label); ok {
			it = l.X
		}
		switch v := it.(type) {
		case *Column:
		case *Keyword:
			if v.sql != "*" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// countItems names the select list of a counted derived table: an item
// without a label (and other than a star, which cannot have one) gets
// c1, c2, ... after its position, or with "_" added while s labels
// another item so.
func countItems(items []Expr) []Expr {
	taken := map[string]bool{}
	for _, it := range items {
		if l, ok := it.(*Label); ok {
			taken[l.Name] = true
		}
	}
	out := make([]Expr, len(items))
	for i, it := range items {
		if _, ok := it.(*Label); ok {
			out[i] = it
		} else if k, ok := it.(*Keyword); ok && k.sql == "*" {
			out[i] = it
		} else {
			name := "c" + strconv.Itoa(i+1)
			for taken[name] {
				name += "_"
			}
			out[i] = newLabel(it, name)
		}
	}
	return out
}

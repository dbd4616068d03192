package expr

// CountQuery returns a query of the number of rows s returns once its
// ORDER BY, LIMIT, OFFSET and locking clause are gone: the total a page
// of s (its Limit and Offset) is part of. A select list of plain columns
// over an explicit FROM, without DISTINCT, GROUP BY or HAVING, is counted
// in place (SELECT count(*) with s's WITH, FROM and WHERE), which every
// database plans as cheaply as it can. Anything else (aggregates,
// DISTINCT, groups, a FROM inferred from the columns) is counted as a
// derived table, SELECT count(*) FROM (s) AS counted, whose select list
// MySQL requires to have distinct names. s itself does not change.
func (s *SelectStmt) CountQuery() *SelectStmt {
	inner := *s
	inner.orderBy, inner.limit, inner.offset, inner.lock = nil, nil, nil, nil
	if inner.countsInPlace() {
		inner.items = []Expr{CountAll()}
		return &inner
	}
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

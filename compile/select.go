package compile

import (
	"slices"
	"strconv"

	"github.com/sqlforge/sqlforge/expr"
)

func (s *state) selectStmt(stmt *expr.SelectStmt) {
	q := stmt.Clauses()
	s.selectClauses(&q, nil)
}

// selectClauses writes a SELECT; with, when not nil, is its WITH in place
// of its own (its own and the CTEs attached to it).
func (s *state) selectClauses(q *expr.SelectClauses, with []*expr.CTE) {
	if with == nil {
		with = q.With
	}
	if len(with) == 0 && len(q.DistinctOn) == 0 && len(q.Items) < 0x80 {
		// The usual start, recorded in one append: the same bytes as
		// the general path below records, tok(tSelect), with (no CTEs),
		// num(0) (no DISTINCT ON), flag(q.Distinct) and
		// num(len(q.Items)).
		if !s.render {
			s.shape = append(s.shape, tSelect, 0, 0, bit(q.Distinct), byte(len(q.Items)))
		}
		s.kw("SELECT ")
		if q.Distinct {
			s.kw("DISTINCT ")
		}
	} else {
		s.tok(tSelect)
		s.with(with)
		s.kw("SELECT ")
		if s.num(len(q.DistinctOn)) > 0 {
			if !s.need(DistinctOn, "DISTINCT ON") {
				return
			}
			s.kw("DISTINCT ON (")
			s.list(q.DistinctOn)
			s.kw(") ")
		} else if s.flag(q.Distinct) {
			s.kw("DISTINCT ")
		}
		s.num(len(q.Items))
	}
	if len(q.Items) == 0 {
		s.invalid("SELECT without columns")
		return
	}
	aliasedBefore := s.aliased
	for i, it := range q.Items {
		if i > 0 {
			s.kw(", ")
		}
		s.selectItem(it)
	}
	if s.num(len(q.From)) > 0 {
		s.kw(" FROM ")
		for i, f := range q.From {
			if i > 0 {
				s.kw(", ")
			}
			s.fromItem(f)
		}
	} else {
		s.inferredFrom(q.Items, aliasedBefore)
	}
	if s.num(len(q.Where)) > 0 {
		s.kw(" WHERE ")
		s.conds(q.Where)
	}
	if s.num(len(q.GroupBy)) > 0 {
		s.kw(" GROUP BY ")
		for i, g := range q.GroupBy {
			if i > 0 {
				s.kw(", ")
			}
			s.groupKey(g, q.Items)
		}
	}
	if s.num(len(q.Having)) > 0 {
		s.kw(" HAVING ")
		s.conds(q.Having)
	}
	if s.num(len(q.OrderBy)) > 0 {
		s.kw(" ORDER BY ")
		s.orderItems(q.OrderBy, false, q)
	}
	s.limitOffset(q.Limit, q.Offset)
	if s.flag(q.Lock != nil) {
		s.lock(q.Lock)
	}
}

// inferredFrom writes FROM with the tables of the selected columns, in the
// order they first appear, when the statement names no FROM items.
func (s *state) inferredFrom(items []expr.Expr, aliasedBefore int) {
	if !s.render && s.aliased == aliasedBefore {
		// Only base tables: they follow from their columns' IDs, which
		// are in the shape already.
		return
	}
	var buf [8]*expr.Table
	tables := inferredTables(items, buf[:0])
	if !s.render {
		// With an alias or a derived table among them, the tables are
		// recorded whole and in order, as an explicit FROM records them:
		// an alias's name does not say what it stands for, nor a
		// column which of two aliases named alike it belongs to.
		s.num(len(tables))
		for _, t := range tables {
			s.table(t)
		}
		return
	}
	if len(tables) == 0 {
		return
	}
	s.kw(" FROM ")
	for i, t := range tables {
		if i > 0 {
			s.kw(", ")
		}
		s.table(t)
	}
}

// inferredTables appends the tables of a FROM inferred from items.
func inferredTables(items []expr.Expr, out []*expr.Table) []*expr.Table {
	for _, it := range items {
		out = collectTables(it, out)
	}
	return out
}

// collectTables appends the tables of the columns (and table stars) in e,
// outside subqueries, that out does not have yet.
func collectTables(e expr.Expr, out []*expr.Table) []*expr.Table {
	left := maxCollectNodes
	return collectTablesFrom(e, out, &left)
}

// maxCollectNodes bounds the nodes collectTables visits, so that a
// hand-built cycle (a Binary whose operand is itself) ends; the walk
// reports such a tree with a *LimitError.
const maxCollectNodes = 1 << 14

// collectTablesFrom is collectTables with *left the nodes it may still
// visit.
func collectTablesFrom(e expr.Expr, out []*expr.Table, left *int) []*expr.Table {
	if *left <= 0 {
		return out
	}
	*left--
	var t *expr.Table
	switch n := e.(type) {
	case *expr.Column:
		if n == nil {
			return out
		}
		t = n.Table
	case *expr.Keyword:
		if n == nil {
			return out
		}
		t = n.Table
	default:
		eachChild(e, func(x expr.Expr) { out = collectTablesFrom(x, out, left) }, nil)
		return out
	}
	if t == nil || slices.Contains(out, t) {
		return out
	}
	return append(out, t)
}

func (s *state) selectItem(e expr.Expr) {
	if l, ok := e.(*expr.Label); s.flag(ok) {
		s.str(l.Name)
		s.expr(l.X)
		s.kw(" AS ")
		s.ident(l.Name)
		return
	}
	s.expr(e)
}

// labelRefOrExpr writes a label by name (the ORDER BY of a compound
// select) and other expressions as themselves. A SELECT's own GROUP BY
// and ORDER BY go through groupKey and labelKey.
func (s *state) labelRefOrExpr(e expr.Expr) {
	if l, ok := e.(*expr.Label); s.flag(ok) {
		s.str(l.Name)
		s.ident(l.Name)
		return
	}
	s.expr(e)
}

// orderBy writes ORDER BY items. For a compound select, columns are
// written by bare name, the only form every database accepts there.
func (s *state) orderBy(items []expr.Expr, compound bool) { s.orderItems(items, compound, nil) }

// orderItems is orderBy; sel is the SELECT whose own ORDER BY it writes
// (nil in a window or a compound select), whose labels it may refer to
// (see labelKey). In a window a label is its expression.
func (s *state) orderItems(items []expr.Expr, compound bool, sel *expr.SelectClauses) {
	s.num(len(items))
	for i, it := range items {
		if i > 0 {
			s.kw(", ")
		}
		o, ok := it.(*expr.Ordering)
		if !ok {
			s.flag(false)
			s.orderKey(it, compound, sel, false)
			continue
		}
		if o == nil {
			s.flag(true)
			s.invalid("nil ordering")
			return
		}
		desc := o.Desc
		if !s.render {
			// As flag(true), tok(tOrdering), tok(o.Nulls), flag(desc).
			s.shape = append(s.shape, 1, tOrdering, byte(o.Nulls), bit(desc))
		}
		if o.Nulls != expr.NullsDefault && !s.c.f.Has(NullsOrdering) {
			// Emulate: sort on "x IS NULL" first (false sorts before true).
			s.orderKey(o.X, compound, sel, true)
			if o.Nulls == expr.NullsFirst {
				s.kw(" IS NULL DESC, ")
			} else {
				s.kw(" IS NULL, ")
			}
		}
		s.orderKey(o.X, compound, sel, false)
		if desc {
			s.kw(" DESC")
		}
		if s.c.f.Has(NullsOrdering) {
			switch o.Nulls {
			case expr.NullsFirst:
				s.kw(" NULLS FIRST")
			case expr.NullsLast:
				s.kw(" NULLS LAST")
			}
		}
	}
}

// orderKey writes one sort key. nullKey: the key is the operand of the
// "x IS NULL" that emulates NULLS FIRST/LAST.
func (s *state) orderKey(e expr.Expr, compound bool, sel *expr.SelectClauses, nullKey bool) {
	if c, ok := e.(*expr.Column); s.flag(compound && ok) {
		s.str(c.Name)
		s.ident(c.Name)
		return
	}
	if l, ok := e.(*expr.Label); ok && (sel != nil || !compound) {
		if sel == nil {
			// A window's ORDER BY: PostgreSQL and SQLite do not see
			// select-list names there.
			s.flag(true) // a label, as in labelRefOrExpr
			s.str(l.Name)
			s.tok(keyExpr)
			s.expr(l.X)
			return
		}
		s.labelKey(l, sel, nullKey)
		return
	}
	s.labelRefOrExpr(e)
}

func (s *state) limitOffset(limit, offset any) {
	// Checked on every compile: the values are not in the shape.
	lit, isLit := limit.(expr.ConstInt)
	if n, ok := limit.(int); ok && n < 0 || isLit && lit.Int() < 0 {
		s.fail(&InvalidError{Reason: "negative LIMIT", Err: ErrNegativeLimit})
		return
	}
	if n, ok := offset.(int); ok && n < 0 {
		s.fail(&InvalidError{Reason: "negative OFFSET", Err: ErrNegativeLimit})
		return
	}
	hasLimit, hasOffset := s.flag(limit != nil), s.flag(offset != nil)
	if hasLimit {
		s.kw(" LIMIT ")
		if s.flag(isLit) { // a constant's digits are SQL text: in the shape
			if n := s.num(lit.Int()); s.render {
				s.sql = strconv.AppendInt(s.sql, int64(n), 10)
			}
		} else {
			s.bind(limit)
		}
	} else if hasOffset && s.c.f.Has(OffsetNeedsLimit) {
		if s.c.f.Has(OnDuplicateKey) { // MySQL: the largest unsigned BIGINT
			s.kw(" LIMIT 18446744073709551615")
		} else { // SQLite: a negative limit means none
			s.kw(" LIMIT -1")
		}
	}
	if hasOffset {
		s.kw(" OFFSET ")
		s.bind(offset)
	}
}

func (s *state) lock(l *expr.Lock) {
	if !s.need(Locking, "FOR UPDATE/FOR SHARE") {
		return
	}
	s.tok(byte(l.Mode))
	switch l.Mode {
	case expr.LockUpdate:
		s.kw(" FOR UPDATE")
	case expr.LockShare:
		if s.c.f.Has(LockInShareMode) {
			s.kw(" LOCK IN SHARE MODE")
		} else {
			s.kw(" FOR SHARE")
		}
	default:
		s.invalid("unknown lock mode")
		return
	}
	if s.num(len(l.Of)) > 0 {
		if !s.need(LockOf, "FOR UPDATE OF") {
			return
		}
		s.kw(" OF ")
		for i, t := range l.Of {
			if i > 0 {
				s.kw(", ")
			}
			if t == nil {
				s.invalid("nil table in FOR UPDATE OF")
				return
			}
			s.tableRef(t)
			s.ident(t.Name)
		}
	}
	if s.flag(l.Nowait) {
		if s.need(Nowait, "NOWAIT") {
			s.kw(" NOWAIT")
		}
	}
	if s.flag(l.SkipLocked) {
		if s.need(SkipLocked, "SKIP LOCKED") {
			s.kw(" SKIP LOCKED")
		}
	}
}

package compile

import (
	"github.com/sqlforge/sqlforge/expr"
)

// statement dispatches on the statement type.
func (s *state) statement(st expr.Statement) {
	switch n := st.(type) {
	case *expr.SelectStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.selectStmt(n)
	case *expr.CompoundSelect:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.compound(n)
	case *expr.InsertStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.insert(n)
	case *expr.UpdateStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.update(n)
	case *expr.DeleteStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.delete(n)
	case *expr.TextClause:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.text(n)
	case *expr.CreateTableStmt, *expr.DropTableStmt, *expr.CreateIndexStmt, *expr.DropIndexStmt:
		s.ddl(n)
	default:
		s.invalid("nil or unknown statement")
	}
	if s.err == nil {
		s.checkParams()
	}
}

// subquery writes a query in parentheses.
func (s *state) subquery(q expr.Selectable) {
	if !s.enter() {
		return
	}
	defer s.leave()
	saved := s.unqualified
	s.unqualified = false
	s.kw("(")
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			s.invalid("nil subquery")
			break
		}
		s.selectStmt(n)
	case *expr.CompoundSelect:
		if n == nil {
			s.invalid("nil subquery")
			break
		}
		s.compound(n)
	default:
		s.invalid("nil or unknown subquery")
	}
	s.kw(")")
	s.unqualified = saved
}

func (s *state) with(ctes []*expr.CTE) {
	if s.num(len(ctes)) == 0 {
		return
	}
	recursive := false
	for _, c := range ctes {
		if c != nil && c.Recursive {
			recursive = true
		}
	}
	if s.flag(recursive) {
		s.kw("WITH RECURSIVE ")
	} else {
		s.kw("WITH ")
	}
	for i, c := range ctes {
		if c == nil || c.Table == nil || c.Query == nil {
			s.invalid("CTE without a query")
			return
		}
		if i > 0 {
			s.kw(", ")
		}
		s.tok(tCTE)
		s.str(c.Name)
		s.ident(c.Name)
		if s.num(len(c.ColumnNames)) > 0 {
			s.kw(" (")
			for j, n := range c.ColumnNames {
				if j > 0 {
					s.kw(", ")
				}
				s.str(n)
				s.ident(n)
			}
			s.kw(")")
		}
		s.kw(" AS ")
		s.subquery(c.Query)
	}
	s.kw(" ")
}

// noExtras stands for a SelectStmt's nil Extras: no WITH, DISTINCT ON,
// OFFSET or locking. It is never written to.
var noExtras expr.SelectExtras

func (s *state) selectStmt(stmt *expr.SelectStmt) {
	q := stmt.Clauses()
	if q.TooLong {
		s.fail(&LimitError{What: "number of expressions in a SELECT's lists", Limit: expr.MaxSelectLists, Got: expr.MaxSelectLists + 1})
		return
	}
	x := q.Extras
	if x == nil {
		x = &noExtras
	}
	if len(x.CTEs) == 0 && len(x.DistinctOnExprs) == 0 && len(q.Items) < 0x80 {
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
		s.with(x.CTEs)
		s.kw("SELECT ")
		if s.num(len(x.DistinctOnExprs)) > 0 {
			if !s.need(DistinctOn, "DISTINCT ON") {
				return
			}
			s.kw("DISTINCT ON (")
			s.list(x.DistinctOnExprs)
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
			s.labelRefOrExpr(g)
		}
	}
	if s.num(len(q.Having)) > 0 {
		s.kw(" HAVING ")
		s.conds(q.Having)
	}
	if s.num(len(q.OrderBy)) > 0 {
		s.kw(" ORDER BY ")
		s.orderBy(q.OrderBy, false)
	}
	s.limitOffset(q.Limit, x.OffsetValue)
	if s.flag(x.Locking != nil) {
		s.lock(x.Locking)
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
	tables := buf[:0]
	for _, it := range items {
		tables = collectTables(it, tables)
	}
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

func collectTables(e expr.Expr, out []*expr.Table) []*expr.Table {
	switch n := e.(type) {
	case *expr.Column:
		if n != nil && n.Table != nil {
			for _, t := range out {
				if t == n.Table {
					return out
				}
			}
			return append(out, n.Table)
		}
	case *expr.Label:
		return collectTables(n.X, out)
	case *expr.Binary:
		out = collectTables(n.Left, out)
		if r, ok := n.Right.(expr.Expr); ok {
			out = collectTables(r, out)
		}
	case *expr.Comparison:
		out = collectTables(n.Left, out)
		if r, ok := n.Right.(expr.Expr); ok {
			out = collectTables(r, out)
		}
	case *expr.FuncCall:
		if n.Star {
			break // name(*) renders no arguments, and the shape records none
		}
		for _, a := range n.Args() {
			out = collectTables(a, out)
		}
	case *expr.CastExpr:
		return collectTables(n.X, out)
	case *expr.Unary:
		return collectTables(n.X, out)
	case *expr.Keyword:
		if n.Table != nil {
			for _, t := range out {
				if t == n.Table {
					return out
				}
			}
			return append(out, n.Table)
		}
	}
	return out
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

// labelRefOrExpr writes a label by name (GROUP BY/ORDER BY may refer to
// select-list labels) and other expressions as themselves.
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
func (s *state) orderBy(items []expr.Expr, compound bool) {
	s.num(len(items))
	for i, it := range items {
		if i > 0 {
			s.kw(", ")
		}
		o, ok := it.(*expr.Ordering)
		if !ok {
			s.flag(false)
			s.orderKey(it, compound)
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
			s.orderKey(o.X, compound)
			if o.Nulls == expr.NullsFirst {
				s.kw(" IS NULL DESC, ")
			} else {
				s.kw(" IS NULL, ")
			}
		}
		s.orderKey(o.X, compound)
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

func (s *state) orderKey(e expr.Expr, compound bool) {
	if c, ok := e.(*expr.Column); s.flag(compound && ok) {
		s.str(c.Name)
		s.ident(c.Name)
		return
	}
	s.labelRefOrExpr(e)
}

func (s *state) limitOffset(limit, offset any) {
	hasLimit, hasOffset := s.flag(limit != nil), s.flag(offset != nil)
	if hasLimit {
		s.kw(" LIMIT ")
		s.bind(limit)
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

// tableRef records a table's identity in the shape: its ID for a defined
// table (whose names never change), its names for anything else.
func (s *state) tableRef(t *expr.Table) {
	if s.render {
		return
	}
	s.tokID(tTable, t.ID())
	if t.IsAlias() || t.Query() != nil || t.CTE() != nil {
		s.aliased++ // see inferredFrom (a star of an alias in a select list)
		s.str(t.Name)
		s.str(t.Schema)
	}
}

// fromItem writes one FROM item.
func (s *state) fromItem(f expr.FromItem) {
	if !s.enter() {
		return
	}
	s.from(f)
	s.depth--
}

func (s *state) from(f expr.FromItem) {
	switch n := f.(type) {
	case *expr.Table:
		if n == nil {
			s.invalid("nil table")
			return
		}
		s.table(n)
	case *expr.CTE:
		if n == nil || n.Table == nil {
			s.invalid("nil CTE")
			return
		}
		s.table(n.Table)
	case *expr.JoinExpr:
		if n == nil {
			s.invalid("nil join")
			return
		}
		s.join(n)
	default:
		s.invalid("nil or unknown FROM item")
	}
}

// table writes a table, alias, derived table or CTE reference.
func (s *state) table(t *expr.Table) {
	s.tableRef(t)
	switch {
	case s.flag(t.CTE() != nil):
		s.ident(t.Name)
	case s.flag(t.Query() != nil):
		if s.flag(t.IsLateral()) {
			if !s.need(Lateral, "LATERAL") {
				return
			}
			s.kw("LATERAL ")
		}
		s.subquery(t.Query())
		s.kw(" AS ")
		s.ident(t.Name)
	case s.flag(t.IsAlias()):
		s.qualifier(t.Base())
		s.kw(" AS ")
		s.ident(t.Name)
	default:
		s.qualifier(t)
	}
}

func (s *state) join(j *expr.JoinExpr) {
	s.tok2(tJoin, byte(j.Kind))
	if j.Left == nil {
		s.invalid("JOIN without a FROM item to join to")
		return
	}
	s.fromItem(j.Left)
	switch j.Kind {
	case expr.InnerJoin:
		s.kw(" JOIN ")
	case expr.LeftJoin:
		s.kw(" LEFT JOIN ")
	case expr.RightJoin:
		if !s.need(RightJoin, "RIGHT JOIN") {
			return
		}
		s.kw(" RIGHT JOIN ")
	case expr.FullJoin:
		if !s.need(FullJoin, "FULL JOIN") {
			return
		}
		s.kw(" FULL JOIN ")
	case expr.CrossJoin:
		s.kw(" CROSS JOIN ")
	default:
		s.invalid("unknown join kind")
		return
	}
	if j.Right == nil {
		s.invalid("JOIN of a nil FROM item")
		return
	}
	s.fromItem(j.Right)
	if j.Kind == expr.CrossJoin {
		return
	}
	if j.On == nil {
		s.invalid("JOIN without ON condition")
		return
	}
	s.kw(" ON ")
	s.expr(j.On)
}

func (s *state) compound(c *expr.CompoundSelect) {
	s.tok2(tCompound, byte(c.Op))
	s.with(c.CTEs)
	all := s.flag(c.All)
	var op string
	switch {
	case c.Op == expr.OpUnion && all:
		op = " UNION ALL "
	case c.Op == expr.OpUnion:
		op = " UNION "
	case c.Op == expr.OpIntersect && all:
		op = " INTERSECT ALL "
	case c.Op == expr.OpIntersect:
		op = " INTERSECT "
	case c.Op == expr.OpExcept && all:
		op = " EXCEPT ALL "
	case c.Op == expr.OpExcept:
		op = " EXCEPT "
	default:
		s.invalid("unknown set operation")
		return
	}
	if c.Op != expr.OpUnion && !s.need(IntersectExcept, "INTERSECT/EXCEPT") {
		return
	}
	if all && c.Op != expr.OpUnion && !s.need(SetOpAll, "INTERSECT ALL/EXCEPT ALL") {
		return
	}
	if s.num(len(c.Parts)) < 2 {
		s.invalid("set operation needs at least two queries")
		return
	}
	for i, p := range c.Parts {
		if i > 0 {
			s.kw(op)
		}
		s.compoundPart(p)
	}
	if s.num(len(c.OrderItems)) > 0 {
		s.kw(" ORDER BY ")
		s.orderBy(c.OrderItems, true)
	}
	s.limitOffset(c.LimitValue, c.OffsetValue)
}

func (s *state) compoundPart(p expr.Selectable) {
	paren := false
	switch n := p.(type) {
	case *expr.CompoundSelect:
		paren = true
	case *expr.SelectStmt:
		if n != nil {
			q := n.Clauses()
			paren = len(q.OrderBy) > 0 || q.Limit != nil ||
				q.Extras != nil && (q.Extras.OffsetValue != nil || q.Extras.Locking != nil)
		}
	}
	if s.flag(paren) {
		if !s.need(ParenSetOperands, "a nested set operation or ORDER BY/LIMIT inside a set operation") {
			return
		}
		s.subquery(p)
		return
	}
	switch n := p.(type) {
	case *expr.SelectStmt:
		if n == nil {
			s.invalid("nil query in set operation")
			return
		}
		s.selectStmt(n)
	default:
		s.invalid("nil or unknown query in set operation")
	}
}

package compile

import "github.com/sqlforge/sqlforge/expr"

func (s *state) compound(cs *expr.CompoundSelect) {
	c := cs.Clauses()
	s.tok2(tCompound, byte(c.Op))
	s.with(c.With)
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
	if s.num(len(c.OrderBy)) > 0 {
		s.kw(" ORDER BY ")
		s.orderBy(c.OrderBy, true)
	}
	s.limitOffset(c.Limit, c.Offset)
}

func (s *state) compoundPart(p expr.Selectable) {
	paren := false
	switch n := p.(type) {
	case *expr.CompoundSelect:
		paren = true
	case *expr.SelectStmt:
		if n != nil {
			q := n.Clauses()
			paren = len(q.OrderBy) > 0 || q.Limit != nil || q.Offset != nil || q.Lock != nil
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

package expr

import "slices"

// SetOp is a set operation between queries.
type SetOp uint8

// Set operations.
const (
	OpUnion SetOp = iota + 1
	OpIntersect
	OpExcept
)

// CompoundSelect is q1 UNION|INTERSECT|EXCEPT [ALL] q2 ..., with an
// optional ORDER BY, LIMIT and OFFSET for the whole. Like a SelectStmt it
// is a plain value: copies are independent of each other.
type CompoundSelect struct {
	ctes    []*CTE
	op      SetOp
	all     bool
	parts   []Selectable
	orderBy []Expr
	limit   any
	offset  any
}

// CompoundClauses are the clauses of a compound select, as Clauses
// returns them. Read the slices; do not change them.
type CompoundClauses struct {
	With    []*CTE
	Op      SetOp
	All     bool
	Parts   []Selectable
	OrderBy []Expr
	Limit   any // nil for none; bound as a parameter
	Offset  any // nil for none; bound as a parameter
}

// Clauses returns the statement's clauses.
func (c *CompoundSelect) Clauses() CompoundClauses {
	return CompoundClauses{
		With:    slices.Clip(c.ctes),
		Op:      c.op,
		All:     c.all,
		Parts:   slices.Clip(c.parts),
		OrderBy: slices.Clip(c.orderBy),
		Limit:   c.limit,
		Offset:  c.offset,
	}
}

func compound(op SetOp, all bool, parts []Selectable) *CompoundSelect {
	return &CompoundSelect{op: op, all: all, parts: slices.Clone(parts)}
}

// Union is q1 UNION q2 ...
func Union(parts ...Selectable) *CompoundSelect { return compound(OpUnion, false, parts) }

// UnionAll is q1 UNION ALL q2 ...
func UnionAll(parts ...Selectable) *CompoundSelect { return compound(OpUnion, true, parts) }

// Intersect is q1 INTERSECT q2 ...
func Intersect(parts ...Selectable) *CompoundSelect { return compound(OpIntersect, false, parts) }

// IntersectAll is q1 INTERSECT ALL q2 ... (not on SQLite).
func IntersectAll(parts ...Selectable) *CompoundSelect { return compound(OpIntersect, true, parts) }

// Except is q1 EXCEPT q2 ...
func Except(parts ...Selectable) *CompoundSelect { return compound(OpExcept, false, parts) }

// ExceptAll is q1 EXCEPT ALL q2 ... (not on SQLite).
func ExceptAll(parts ...Selectable) *CompoundSelect { return compound(OpExcept, true, parts) }

// Clone returns a copy of c that can be changed without changing c (as a
// copy made by assignment can).
func (c *CompoundSelect) Clone() *CompoundSelect {
	n := *c
	return &n
}

// As labels the query, used as a scalar subquery, in a select list.
// Compare a scalar subquery from the other side: x.Eq(sub).
func (c *CompoundSelect) As(name string) *Label { return newLabel(c, name) }

// OrderBy orders the combined rows.
func (c *CompoundSelect) OrderBy(items ...Expr) *CompoundSelect {
	c.orderBy = appendNew(c.orderBy, items)
	return c
}

// Limit sets LIMIT n for the combined rows. A negative n fails to compile.
func (c *CompoundSelect) Limit(n int) *CompoundSelect { c.limit = n; return c }

// Offset sets OFFSET n for the combined rows. A negative n fails to compile.
func (c *CompoundSelect) Offset(n int) *CompoundSelect { c.offset = n; return c }

// With adds common table expressions.
func (c *CompoundSelect) With(ctes ...*CTE) *CompoundSelect {
	c.ctes = appendNew(c.ctes, ctes)
	return c
}

// Subquery turns the compound query into a derived table, with the columns
// of its first part.
func (c *CompoundSelect) Subquery(alias string) *Table {
	return derived(c, firstItems(c), alias, false)
}

// CTE turns the compound query into a common table expression.
func (c *CompoundSelect) CTE(name string) *CTE {
	return derivedCTE(name, firstItems(c)).Define(c)
}

func firstItems(s Selectable) []Expr {
	switch v := s.(type) {
	case *SelectStmt:
		return v.items
	case *CompoundSelect:
		if len(v.parts) > 0 {
			return firstItems(v.parts[0])
		}
	}
	return nil
}

func (*CompoundSelect) exprNode()   {}
func (*CompoundSelect) stmt()       {}
func (*CompoundSelect) selectable() {}

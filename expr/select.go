package expr

import (
	"math"
	"slices"
)

// Statement is anything the compiler turns into SQL: SELECT, compound
// selects, INSERT, UPDATE, DELETE, DDL and Text.
type Statement interface{ stmt() }

// Selectable is a query that returns rows and can stand where a subquery
// may: a *SelectStmt or a *CompoundSelect. It is also an expression (a
// scalar subquery).
type Selectable interface {
	Statement
	Expr
	selectable()
}

// FromItem is what a FROM clause lists: a *Table (a table, alias, derived
// table or CTE), a *CTE or a *JoinExpr.
type FromItem interface{ fromItem() }

// JoinKind is the kind of a join.
type JoinKind uint8

// Join kinds.
const (
	InnerJoin JoinKind = iota + 1
	LeftJoin
	RightJoin
	FullJoin
	CrossJoin
)

// JoinExpr is "Left <kind> JOIN Right ON On".
type JoinExpr struct {
	Kind  JoinKind
	Left  FromItem
	Right FromItem
	On    Expr // nil for CROSS JOIN
}

func (*JoinExpr) fromItem() {}

// Join makes an inner join of two FROM items.
func Join(left, right FromItem, on Expr) *JoinExpr {
	return &JoinExpr{Kind: InnerJoin, Left: left, Right: right, On: on}
}

// LockMode is the row-locking clause of a SELECT.
type LockMode uint8

// Locking modes.
const (
	LockUpdate LockMode = iota + 1 // FOR UPDATE
	LockShare                      // FOR SHARE (LOCK IN SHARE MODE on MariaDB)
)

// Lock is a FOR UPDATE / FOR SHARE clause.
type Lock struct {
	Mode       LockMode
	Nowait     bool
	SkipLocked bool
	Of         []*Table
}

// LockOption refines a locking clause.
type LockOption func(*Lock)

// Nowait makes the lock fail at once instead of waiting.
func Nowait(l *Lock) { l.Nowait = true }

// SkipLocked skips rows that are locked by others.
func SkipLocked(l *Lock) { l.SkipLocked = true }

// Of restricts the lock to rows of the given tables.
func Of(tables ...*Table) LockOption {
	tables = slices.Clone(tables) // the caller's slice may change
	return func(l *Lock) { l.Of = tables }
}

// SelectStmt is a SELECT statement. Build it with Select and its methods,
// which change the statement and return it, so calls chain:
//
//	q := expr.Select(users.C("id"), users.C("name")).
//		Where(users.C("age").Gt(18)).
//		OrderBy(users.C("name").Asc()).
//		Limit(10)
//
// Methods modify the receiver; use Clone to derive variants of a base
// query (a copy made by assignment is as independent: changing either
// leaves the other as it was). Clauses returns the clauses, for compilers
// and inspection.
type SelectStmt struct {
	// The lists live one after another in buf, in the order of the
	// clause constants; ends[c] is where clause c's list ends. A typical
	// query's lists fit, so building it takes a single allocation for the
	// statement, the callers' variadic slices stay on their stacks, and a
	// copy made by assignment copies them with it.
	ends     [numClauses]uint16
	distinct bool
	tooLong  bool // an add would have gone past MaxSelectLists
	// more holds the lists and FROM items once they outgrow buf and
	// fromBuf; nil for most queries.
	more    *selectMore
	fromBuf [1]FromItem // the FROM item, while there is at most one
	limit   any         // nil for none; bound as a parameter
	extras  *SelectExtras
	buf     [selectBufLen]Expr
}

// selectMore is the storage of a SELECT whose lists or FROM clause do not
// fit inline. Copies made by assignment share it, under the rule of a
// spill (see storage.go): its headers never change, each holder reads a
// list only as far as its own ends, and only its owner writes to a list,
// past all written so far, while its view of that list is all of it.
type selectMore struct {
	owner *SelectStmt
	lists [numClauses][]Expr // each clause's list once the lists outgrow buf (len is the capacity); nil until then
	used  [numClauses]int    // how much of each list is written; only the owner reads or writes it
	from  []FromItem         // all FROM items, once there is more than one; never changed
}

// The expression lists of a SELECT, in the order they are kept.
const (
	clauseItems = iota
	clauseWhere
	clauseGroupBy
	clauseHaving
	clauseOrderBy
	numClauses
)

// selectBufLen is the number of list elements a SelectStmt holds inline:
// enough for a select list of four, two conditions, two GROUP BY
// expressions and a HAVING condition, or for three columns, three
// conditions and three ORDER BY items. It makes a SelectStmt 208 bytes,
// an allocation size class.
const selectBufLen = 9

// MaxSelectLists is the number of expressions a SELECT's lists (select
// list, WHERE, GROUP BY, HAVING and ORDER BY) may hold in all. Adding more
// leaves the statement unchanged and makes it fail to compile.
const MaxSelectLists = math.MaxUint16

// SelectClauses are the clauses of a SELECT, as Clauses returns them. The
// slices share the statement's storage: read them, do not change them.
// Each is capped at its length, so appending to one copies it.
type SelectClauses struct {
	Items    []Expr     // the select list
	From     []FromItem // when empty, the tables of the selected columns
	Where    []Expr     // joined with AND
	GroupBy  []Expr
	Having   []Expr // joined with AND
	OrderBy  []Expr
	Limit    any // nil for none; bound as a parameter
	Distinct bool
	// Extras holds the clauses most queries do without (WITH, DISTINCT
	// ON, OFFSET and locking); nil when none is set.
	Extras *SelectExtras
	// TooLong reports that items were refused because the lists would
	// have held more than MaxSelectLists expressions.
	TooLong bool
}

// Clauses returns the statement's clauses. They share the statement's
// storage and stay valid until the statement is next changed.
func (s *SelectStmt) Clauses() SelectClauses {
	return SelectClauses{
		Items:    s.clause(clauseItems),
		From:     s.fromList(),
		Where:    s.clause(clauseWhere),
		GroupBy:  s.clause(clauseGroupBy),
		Having:   s.clause(clauseHaving),
		OrderBy:  s.clause(clauseOrderBy),
		Limit:    s.limit,
		Distinct: s.distinct,
		Extras:   s.extras,
		TooLong:  s.tooLong,
	}
}

// clause returns the list of clause c, capped so that appending to it
// cannot write into the next list.
func (s *SelectStmt) clause(c int) []Expr {
	start, end := s.start(c), s.ends[c]
	if s.spilled() {
		n := end - start
		return s.more.lists[c][:n:n]
	}
	return s.buf[start:end:end]
}

// spilled reports whether the lists live in s.more rather than in buf.
func (s *SelectStmt) spilled() bool { return s.more != nil && s.more.lists[0] != nil }

// fromList returns the FROM items, capped at their length.
func (s *SelectStmt) fromList() []FromItem {
	if s.more != nil && s.more.from != nil {
		f := s.more.from
		return f[:len(f):len(f)]
	}
	if s.fromBuf[0] == nil {
		return nil
	}
	return s.fromBuf[:1:1]
}

// SelectExtras holds the clauses of a SELECT that most queries do not use.
type SelectExtras struct {
	CTEs            []*CTE
	DistinctOnExprs []Expr
	OffsetValue     any // nil for none; bound as a parameter
	Locking         *Lock
}

// moreExtras returns a new SelectExtras for s to change, holding what
// s.extras held: a copy made by assignment may share the old one, and
// must not see the change.
func (s *SelectStmt) moreExtras() *SelectExtras { return changed(&s.extras) }

// Select starts a SELECT of the given columns or expressions.
func Select(items ...Expr) *SelectStmt {
	s := &SelectStmt{}
	s.add(clauseItems, items)
	return s
}

// add appends items to the list of clause c. It never keeps items itself.
func (s *SelectStmt) add(c int, items []Expr) {
	n := len(items)
	if n == 0 {
		return
	}
	total := int(s.ends[numClauses-1])
	if total+n > MaxSelectLists {
		s.tooLong = true
		return
	}
	if at := int(s.ends[c]); !s.spilled() && total+n <= len(s.buf) {
		copy(s.buf[at+n:total+n], s.buf[at:total])
		copy(s.buf[at:], items)
	} else {
		m, have := s.more, s.count(c)
		// owner first: another holder must not read used, which the owner writes.
		if !s.spilled() || m.owner != s || m.used[c] != have || have+n > len(m.lists[c]) {
			m = s.respill(c, n)
		}
		copy(m.lists[c][have:], items)
		m.used[c] = have + n
	}
	for i := c; i < numClauses; i++ {
		s.ends[i] += uint16(n)
	}
}

// respill moves s's lists, as s sees them, to a new selectMore of its own
// with room for n more in clause c (and some in the others).
func (s *SelectStmt) respill(c, n int) *selectMore {
	m := &selectMore{owner: s}
	if s.more != nil {
		m.from = s.more.from
	}
	for i := range m.lists {
		l := s.clause(i)
		size := 2 * len(l)
		if i == c {
			size = 2 * (len(l) + n)
		}
		m.lists[i] = make([]Expr, max(size, 4))
		m.used[i] = copy(m.lists[i], l)
	}
	s.more = m
	return m
}

// count is the length of clause c's list.
func (s *SelectStmt) count(c int) int { return int(s.ends[c] - s.start(c)) }

// start is where clause c's list starts in buf.
func (s *SelectStmt) start(c int) uint16 {
	if c == 0 {
		return 0
	}
	return s.ends[c-1]
}

// setFrom makes from, new storage of two or more items, the FROM clause,
// in a new record: a copy may hold the old one.
func (s *SelectStmt) setFrom(from []FromItem) {
	m := &selectMore{owner: s, from: from}
	if s.spilled() {
		// The lists stay where they are, but capped at s's view: the
		// old record's holders may read past it, so s must not write
		// there (its next append to a list moves that list first).
		for i := range m.lists {
			m.lists[i] = s.clause(i)
			m.used[i] = len(m.lists[i])
		}
	}
	s.fromBuf[0] = nil
	s.more = m
}

// addFrom appends FROM items.
func (s *SelectStmt) addFrom(items []FromItem) {
	if len(items) == 0 {
		return
	}
	old := s.fromList()
	if len(old)+len(items) == 1 {
		s.fromBuf[0] = items[0]
		return
	}
	s.setFrom(slices.Concat(old, items))
}

// Clone returns a copy of s that can be changed without changing s.
func (s *SelectStmt) Clone() *SelectStmt {
	n := new(SelectStmt)
	*n = *s
	return n
}

// Columns adds to the select list.
func (s *SelectStmt) Columns(items ...Expr) *SelectStmt {
	s.add(clauseItems, items)
	return s
}

// Distinct makes it SELECT DISTINCT.
func (s *SelectStmt) Distinct() *SelectStmt { s.distinct = true; return s }

// DistinctOn makes it SELECT DISTINCT ON (exprs) (PostgreSQL only).
func (s *SelectStmt) DistinctOn(exprs ...Expr) *SelectStmt {
	x := s.moreExtras()
	x.DistinctOnExprs = appendNew(x.DistinctOnExprs, exprs)
	return s
}

// From adds FROM items: tables, aliases, derived tables, CTEs, joins.
func (s *SelectStmt) From(items ...FromItem) *SelectStmt {
	s.addFrom(items)
	return s
}

func (s *SelectStmt) join(kind JoinKind, right FromItem, on Expr) *SelectStmt {
	from := s.fromList()
	if len(from) == 0 {
		// Joining without From: start from the first selected column's table.
		var left FromItem
		if t := firstTable(s.clause(clauseItems)); t != nil {
			left = t
		}
		s.fromBuf[0] = &JoinExpr{Kind: kind, Left: left, Right: right, On: on}
		return s
	}
	last := len(from) - 1
	joined := &JoinExpr{Kind: kind, Left: from[last], Right: right, On: on}
	if last == 0 {
		s.fromBuf[0] = joined
		return s
	}
	s.setFrom(append(slices.Clone(from[:last]), joined))
	return s
}

func firstTable(items []Expr) *Table {
	for _, it := range items {
		if l, ok := it.(*Label); ok {
			it = l.X
		}
		if c, ok := it.(*Column); ok && c.Table != nil {
			return c.Table
		}
	}
	return nil
}

// Join joins right to the last FROM item (INNER JOIN ... ON on).
func (s *SelectStmt) Join(right FromItem, on Expr) *SelectStmt { return s.join(InnerJoin, right, on) }

// LeftJoin is LEFT OUTER JOIN.
func (s *SelectStmt) LeftJoin(right FromItem, on Expr) *SelectStmt {
	return s.join(LeftJoin, right, on)
}

// RightJoin is RIGHT OUTER JOIN.
func (s *SelectStmt) RightJoin(right FromItem, on Expr) *SelectStmt {
	return s.join(RightJoin, right, on)
}

// FullJoin is FULL OUTER JOIN (PostgreSQL and SQLite).
func (s *SelectStmt) FullJoin(right FromItem, on Expr) *SelectStmt {
	return s.join(FullJoin, right, on)
}

// CrossJoin is CROSS JOIN.
func (s *SelectStmt) CrossJoin(right FromItem) *SelectStmt { return s.join(CrossJoin, right, nil) }

// Where adds conditions, joined with AND to those already there.
func (s *SelectStmt) Where(conds ...Expr) *SelectStmt {
	s.add(clauseWhere, conds)
	return s
}

// GroupBy adds GROUP BY expressions.
func (s *SelectStmt) GroupBy(exprs ...Expr) *SelectStmt {
	s.add(clauseGroupBy, exprs)
	return s
}

// Having adds HAVING conditions, joined with AND.
func (s *SelectStmt) Having(conds ...Expr) *SelectStmt {
	s.add(clauseHaving, conds)
	return s
}

// OrderBy adds ORDER BY items: expressions (ascending) or orderings made
// with Asc and Desc.
func (s *SelectStmt) OrderBy(items ...Expr) *SelectStmt {
	s.add(clauseOrderBy, items)
	return s
}

// Limit sets LIMIT n, bound as a parameter.
func (s *SelectStmt) Limit(n int) *SelectStmt { s.limit = n; return s }

// Offset sets OFFSET n, bound as a parameter.
func (s *SelectStmt) Offset(n int) *SelectStmt { s.moreExtras().OffsetValue = n; return s }

// ForUpdate adds FOR UPDATE with options (Nowait, SkipLocked, Of).
func (s *SelectStmt) ForUpdate(opts ...LockOption) *SelectStmt { return s.lock(LockUpdate, opts) }

// ForShare adds FOR SHARE with options (Nowait, SkipLocked, Of).
func (s *SelectStmt) ForShare(opts ...LockOption) *SelectStmt { return s.lock(LockShare, opts) }

func (s *SelectStmt) lock(m LockMode, opts []LockOption) *SelectStmt {
	l := &Lock{Mode: m}
	for _, o := range opts {
		o(l)
	}
	s.moreExtras().Locking = l
	return s
}

// With adds common table expressions to the statement's WITH clause.
func (s *SelectStmt) With(ctes ...*CTE) *SelectStmt {
	x := s.moreExtras()
	x.CTEs = appendNew(x.CTEs, ctes)
	return s
}

// Subquery turns the query into a derived table for a FROM clause. Its
// columns, named after the select list's labels and columns, are reached
// with C.
func (s *SelectStmt) Subquery(alias string) *Table {
	return derived(s, s.clause(clauseItems), alias, false)
}

// Lateral is Subquery as a LATERAL derived table (PostgreSQL, MySQL 8).
func (s *SelectStmt) Lateral(alias string) *Table {
	return derived(s, s.clause(clauseItems), alias, true)
}

// CTE turns the query into a common table expression named name.
func (s *SelectStmt) CTE(name string) *CTE {
	return derivedCTE(name, s.clause(clauseItems)).Define(s)
}

// derivedCTE declares a CTE named after a query's select list: its named
// items are reached with C, and no column list is written, so the query's
// own names name the columns (a list would rename them by position, and
// an item without a name, count(*) say, has nothing to list).
func derivedCTE(name string, items []Expr) *CTE {
	cte := NewCTE(name, itemNames(items)...)
	cte.ColumnNames = nil
	return cte
}

// As labels the query, used as a scalar subquery, in a select list. A
// SELECT has no other operator methods (they would make every statement
// larger); compare a scalar subquery from the other side: x.Eq(sub).
func (s *SelectStmt) As(name string) *Label { return newLabel(s, name) }

func (*SelectStmt) exprNode()   {}
func (*SelectStmt) stmt()       {}
func (*SelectStmt) selectable() {}

// itemName is the name a select-list item has in the result.
func itemName(e Expr) string {
	switch v := e.(type) {
	case *Label:
		return v.Name
	case *Column:
		return v.Name
	}
	return ""
}

func itemNames(items []Expr) []string {
	names := make([]string, 0, len(items))
	for _, it := range items {
		if n := itemName(it); n != "" {
			names = append(names, n)
		}
	}
	return names
}

func derived(q Selectable, items []Expr, alias string, lateral bool) *Table {
	t := &Table{Name: alias, sub: q, lateral: lateral, id: newID(), byName: map[string]*Column{}}
	for _, it := range items {
		n := itemName(it)
		if n == "" {
			continue
		}
		var typ Type
		if c, ok := it.(*Column); ok {
			typ = c.Type
		}
		c := &Column{Name: n, Table: t, Type: typ, Nullable: true, id: newID()}
		c.init()
		t.Columns = append(t.Columns, c)
		t.byName[n] = c
	}
	return t
}

// CTE is a common table expression: a named query in a WITH clause, used
// in FROM like a table (its columns are reached with C).
type CTE struct {
	*Table
	// ColumnNames are the CTE's declared column names.
	ColumnNames []string
	// Query is the CTE's query; for a recursive CTE, typically a UnionAll
	// whose second part selects from the CTE itself.
	Query     Selectable
	Recursive bool
}

// NewCTE declares a CTE with the given column names; Define sets its query.
// Declaring first lets a recursive query refer to the CTE's own columns.
func NewCTE(name string, columns ...string) *CTE {
	cte := &CTE{ColumnNames: columns}
	t := &Table{Name: name, id: newID(), byName: map[string]*Column{}, cte: cte}
	for _, n := range columns {
		c := &Column{Name: n, Table: t, Nullable: true, id: newID()}
		c.init()
		t.Columns = append(t.Columns, c)
		t.byName[n] = c
	}
	cte.Table = t
	return cte
}

// NewRecursiveCTE declares a recursive CTE (WITH RECURSIVE).
func NewRecursiveCTE(name string, columns ...string) *CTE {
	c := NewCTE(name, columns...)
	c.Recursive = true
	return c
}

// Define sets the CTE's query and returns the CTE.
func (c *CTE) Define(q Selectable) *CTE { c.Query = q; c.Table.sub = q; return c }

// SetOp is a set operation between queries.
type SetOp uint8

// Set operations.
const (
	OpUnion SetOp = iota + 1
	OpIntersect
	OpExcept
)

// CompoundSelect is q1 UNION|INTERSECT|EXCEPT [ALL] q2 ..., with an
// optional ORDER BY, LIMIT and OFFSET for the whole.
type CompoundSelect struct {
	Ops
	Op          SetOp
	All         bool
	Parts       []Selectable
	OrderItems  []Expr
	LimitValue  any
	OffsetValue any
	CTEs        []*CTE
}

func compound(op SetOp, all bool, parts []Selectable) *CompoundSelect {
	c := &CompoundSelect{Op: op, All: all, Parts: slices.Clone(parts)}
	c.self = c
	return c
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

// OrderBy orders the combined rows.
func (c *CompoundSelect) OrderBy(items ...Expr) *CompoundSelect {
	c.OrderItems = appendNew(c.OrderItems, items)
	return c
}

// Limit sets LIMIT n for the combined rows.
func (c *CompoundSelect) Limit(n int) *CompoundSelect { c.LimitValue = n; return c }

// Offset sets OFFSET n for the combined rows.
func (c *CompoundSelect) Offset(n int) *CompoundSelect { c.OffsetValue = n; return c }

// With adds common table expressions.
func (c *CompoundSelect) With(ctes ...*CTE) *CompoundSelect {
	c.CTEs = appendNew(c.CTEs, ctes)
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
		return v.clause(clauseItems)
	case *CompoundSelect:
		if len(v.Parts) > 0 {
			return firstItems(v.Parts[0])
		}
	}
	return nil
}

func (*CompoundSelect) exprNode()   {}
func (*CompoundSelect) stmt()       {}
func (*CompoundSelect) selectable() {}

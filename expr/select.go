package expr

import "slices"

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
// table or CTE), a *CTE, a *ValuesList or a *JoinExpr.
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

// LockOption refines a locking clause (sealed, as ColumnOption).
type LockOption interface{ applyLock(*Lock) }

type lockOptionFunc func(*Lock)

func (f lockOptionFunc) applyLock(l *Lock) { f(l) }

// Lock options without arguments.
var (
	// Nowait makes the lock fail at once instead of waiting.
	Nowait LockOption = lockOptionFunc(func(l *Lock) { l.Nowait = true })
	// SkipLocked skips rows that are locked by others.
	SkipLocked LockOption = lockOptionFunc(func(l *Lock) { l.SkipLocked = true })
)

// Of restricts the lock to rows of the given tables.
func Of(tables ...*Table) LockOption {
	tables = slices.Clone(tables) // the caller's slice may change
	return lockOptionFunc(func(l *Lock) { l.Of = tables })
}

// SelectStmt is a SELECT statement. Build it with Select and its methods,
// which change the statement and return it, so calls chain:
//
//	q := expr.Select(users.C("id"), users.C("name")).
//		Where(users.C("age").Gt(18)).
//		OrderBy(users.C("name").Asc()).
//		Limit(10)
//
// A SelectStmt is a plain value: a copy made by assignment or Clone is
// independent of the original, because the builders never write into a
// list a copy may share — they append into a fresh array. Clauses returns
// the clauses, for compilers and inspection.
type SelectStmt struct {
	ctes       []*CTE
	distinct   bool
	distinctOn []Expr
	items      []Expr
	from       []FromItem
	where      []Expr
	groupBy    []Expr
	having     []Expr
	orderBy    []Expr
	limit      any // nil for none; bound as a parameter
	offset     any // nil for none; bound as a parameter
	lock       *Lock
}

// SelectClauses are the clauses of a SELECT, as Clauses returns them. The
// slices share the statement's storage: read them, do not change them.
// Each is capped at its length, so appending to one copies it.
type SelectClauses struct {
	With       []*CTE
	Distinct   bool
	DistinctOn []Expr     // PostgreSQL's DISTINCT ON
	Items      []Expr     // the select list
	From       []FromItem // when empty, the tables of the selected columns
	Where      []Expr     // joined with AND
	GroupBy    []Expr
	Having     []Expr // joined with AND
	OrderBy    []Expr
	Limit      any // nil for none; bound as a parameter
	Offset     any // nil for none; bound as a parameter
	Lock       *Lock
}

// Clauses returns the statement's clauses.
func (s *SelectStmt) Clauses() SelectClauses {
	return SelectClauses{
		With:       slices.Clip(s.ctes),
		Distinct:   s.distinct,
		DistinctOn: slices.Clip(s.distinctOn),
		Items:      slices.Clip(s.items),
		From:       slices.Clip(s.from),
		Where:      slices.Clip(s.where),
		GroupBy:    slices.Clip(s.groupBy),
		Having:     slices.Clip(s.having),
		OrderBy:    slices.Clip(s.orderBy),
		Limit:      s.limit,
		Offset:     s.offset,
		Lock:       s.lock,
	}
}

// Select starts a SELECT of the given columns or expressions.
func Select(items ...Expr) *SelectStmt {
	return &SelectStmt{items: appendNew(nil, items)}
}

// Clone returns a copy of s that can be changed without changing s (as a
// copy made by assignment can).
func (s *SelectStmt) Clone() *SelectStmt {
	n := *s
	return &n
}

// Columns adds to the select list.
func (s *SelectStmt) Columns(items ...Expr) *SelectStmt {
	s.items = appendNew(s.items, items)
	return s
}

// Distinct makes it SELECT DISTINCT.
func (s *SelectStmt) Distinct() *SelectStmt { s.distinct = true; return s }

// DistinctOn makes it SELECT DISTINCT ON (exprs) (PostgreSQL only).
func (s *SelectStmt) DistinctOn(exprs ...Expr) *SelectStmt {
	s.distinctOn = appendNew(s.distinctOn, exprs)
	return s
}

// From adds FROM items: tables, aliases, derived tables, CTEs, joins.
func (s *SelectStmt) From(items ...FromItem) *SelectStmt {
	s.from = appendNew(s.from, items)
	return s
}

func (s *SelectStmt) join(kind JoinKind, right FromItem, on Expr) *SelectStmt {
	if len(s.from) == 0 {
		// Joining without From: start from the first selected column's table.
		var left FromItem
		if t := firstTable(s.items); t != nil {
			left = t
		}
		s.from = []FromItem{&JoinExpr{Kind: kind, Left: left, Right: right, On: on}}
		return s
	}
	last := len(s.from) - 1
	joined := &JoinExpr{Kind: kind, Left: s.from[last], Right: right, On: on}
	s.from = append(slices.Clone(s.from[:last]), joined)
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
	s.where = appendNew(s.where, conds)
	return s
}

// GroupBy adds GROUP BY expressions.
func (s *SelectStmt) GroupBy(exprs ...Expr) *SelectStmt {
	s.groupBy = appendNew(s.groupBy, exprs)
	return s
}

// Having adds HAVING conditions, joined with AND.
func (s *SelectStmt) Having(conds ...Expr) *SelectStmt {
	s.having = appendNew(s.having, conds)
	return s
}

// OrderBy adds ORDER BY items: expressions (ascending) or orderings made
// with Asc and Desc.
func (s *SelectStmt) OrderBy(items ...Expr) *SelectStmt {
	s.orderBy = appendNew(s.orderBy, items)
	return s
}

// Limit sets LIMIT n, bound as a parameter. A negative n fails to compile.
func (s *SelectStmt) Limit(n int) *SelectStmt { s.limit = n; return s }

// Offset sets OFFSET n, bound as a parameter. A negative n fails to compile.
func (s *SelectStmt) Offset(n int) *SelectStmt { s.offset = n; return s }

// ForUpdate adds FOR UPDATE with options (Nowait, SkipLocked, Of).
func (s *SelectStmt) ForUpdate(opts ...LockOption) *SelectStmt { return s.setLock(LockUpdate, opts) }

// ForShare adds FOR SHARE with options (Nowait, SkipLocked, Of).
func (s *SelectStmt) ForShare(opts ...LockOption) *SelectStmt { return s.setLock(LockShare, opts) }

func (s *SelectStmt) setLock(m LockMode, opts []LockOption) *SelectStmt {
	l := &Lock{Mode: m}
	for _, o := range opts {
		o.applyLock(l)
	}
	s.lock = l
	return s
}

// With adds common table expressions to the statement's WITH clause. A
// CTE the statement uses in FROM (directly, joined, in a derived table or
// another CTE) needs no With: the compiler declares it in the top-level
// statement's WITH, as SQLAlchemy does. One used only in a subquery of an
// expression (WHERE x IN (SELECT ... FROM cte)) must be given to With.
func (s *SelectStmt) With(ctes ...*CTE) *SelectStmt {
	s.ctes = appendNew(s.ctes, ctes)
	return s
}

// Subquery turns the query into a derived table for a FROM clause. Its
// columns, named after the select list's labels and columns, are reached
// with C.
func (s *SelectStmt) Subquery(alias string) *Table {
	return derived(s, s.items, alias, false)
}

// Lateral is Subquery as a LATERAL derived table (PostgreSQL, MySQL 8).
func (s *SelectStmt) Lateral(alias string) *Table {
	return derived(s, s.items, alias, true)
}

// CTE turns the query into a common table expression named name.
func (s *SelectStmt) CTE(name string) *CTE {
	return derivedCTE(name, s.items).Define(s)
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

// As labels the query, used as a scalar subquery, in a select list.
// Compare a scalar subquery from the other side: x.Eq(sub).
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
		c := &Column{Name: n, Table: t, Type: typ, Nullable: true, Sensitive: selectsSensitive(it), id: newID()}
		c.init()
		t.Columns = append(t.Columns, c)
		t.byName[n] = c
	}
	return t
}

// selectsSensitive reports a select-list item that is a sensitive column,
// alone or under a label: the derived table's column holds its values.
func selectsSensitive(e Expr) bool {
	if l, ok := e.(*Label); ok {
		e = l.X
	}
	c, ok := e.(*Column)
	return ok && c.Sensitive
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

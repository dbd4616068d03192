package compile

import "github.com/sqlforge/sqlforge/expr"

// The FROM linter.
//
// A statement can name tables that its SQL does not bring into scope: a
// column of a table missing from an explicit FROM, a CTE no WITH
// declares. The server rejects such SQL; the linter refuses it at compile
// time with a typed error. It also refuses the silent cross join of a
// FROM inferred from two tables that nothing joins (SQLAlchemy 1.4 warns
// of it): write the FROM out, or compare the tables' columns in WHERE.
//
// The linter is a walk of its own over the statement, run by the render
// pass only. What it decides depends on the shape alone — tables are
// told apart by their IDs, aliases, derived tables and CTEs by the names
// the SQL calls them — and a statement that fails to render is never
// cached, so a cache hit needs no linting.

// scope is the FROM of one query: the tables its columns may belong to.
type scope struct {
	tables []*expr.Table
	// hidden: the query's own FROM while one of its non-LATERAL derived
	// tables is linted, which cannot see its siblings.
	hidden bool
}

type fromLinter struct {
	scopes []scope
	ctes   []*expr.CTE // the CTEs the WITH clauses in scope declare
	err    error
	depth  int
	max    int
}

// lintFrom checks the tables st refers to, and the queries of the CTEs
// the compiler attached to it.
func (s *state) lintFrom(st expr.Statement) {
	l := fromLinter{max: s.c.maxDepth}
	defer l.with(attachedCTEs(st, s.c.maxDepth))()
	l.statement(st)
	if l.err != nil {
		s.fail(l.err)
	}
}

func (l *fromLinter) fail(reason string, err error) {
	if l.err == nil {
		l.err = &InvalidError{Reason: reason, Err: err}
	}
}

func (l *fromLinter) enter() bool {
	l.depth++
	if l.depth > l.max && l.err == nil {
		// Stop everything, not just this branch: a hand-built cycle
		// would otherwise be walked along every path.
		l.err = &LimitError{What: "expression nesting depth", Limit: l.max, Got: l.depth}
	}
	return l.err == nil
}

func (l *fromLinter) statement(st expr.Statement) {
	switch n := st.(type) {
	case *expr.SelectStmt:
		l.query(n)
	case *expr.CompoundSelect:
		l.query(n)
	case *expr.InsertStmt:
		q := n.Clauses()
		defer l.with(q.With)()
		// The query of INSERT ... SELECT does not see the table it
		// inserts into (the server finds no such column): it is linted
		// before the target's scope opens, which only the VALUES, the
		// upsert's assignments and WHERE and RETURNING see.
		if q.Select != nil {
			l.query(q.Select)
		}
		l.scopes = append(l.scopes, scope{tables: []*expr.Table{q.Table}})
		for _, v := range q.Values {
			l.value(v)
		}
		l.assignments(q.ConflictSets)
		l.assignments(q.DuplicateKeySets)
		l.exprs(q.ConflictWhere)
		l.exprs(q.Returning)
	case *expr.UpdateStmt:
		q := n.Clauses()
		defer l.with(q.With)()
		l.dml(q.Table, q.From)
		l.assignments(q.Sets)
		l.exprs(q.Where)
		l.exprs(q.Returning)
	case *expr.DeleteStmt:
		q := n.Clauses()
		defer l.with(q.With)()
		l.dml(q.Table, q.Using)
		l.exprs(q.Where)
		l.exprs(q.Returning)
	}
}

// dml opens the scope of an UPDATE or DELETE: its target and its FROM
// (USING) items.
func (l *fromLinter) dml(target *expr.Table, from []expr.FromItem) {
	tables := []*expr.Table{target}
	var ons []expr.Expr
	for _, f := range from {
		tables, ons = l.fromItem(f, tables, ons, 0)
	}
	l.scopes = append(l.scopes, scope{tables: tables})
	l.derived(tables)
	l.exprs(ons)
}

func (l *fromLinter) assignments(sets []expr.Assignment) {
	for _, a := range sets {
		l.value(a.Value)
	}
}

func (l *fromLinter) value(v any) {
	if e, ok := v.(expr.Expr); ok {
		l.expr(e)
	}
}

// with declares ctes for the statement they belong to and lints their
// queries (a recursive one sees itself, all see each other); it returns
// the function that ends their scope.
func (l *fromLinter) with(ctes []*expr.CTE) func() {
	n := len(l.ctes)
	for _, c := range ctes {
		if c != nil {
			l.ctes = append(l.ctes, c)
		}
	}
	for _, c := range ctes {
		if c != nil && c.Query != nil {
			l.query(c.Query)
		}
	}
	scopes := len(l.scopes)
	return func() {
		l.ctes = l.ctes[:n]
		l.scopes = l.scopes[:scopes]
	}
}

// query lints a SELECT or a compound select in the scopes around it.
func (l *fromLinter) query(q expr.Selectable) {
	if !l.enter() {
		return
	}
	defer func() { l.depth-- }()
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n != nil {
			l.selectStmt(n)
		}
	case *expr.CompoundSelect:
		if n == nil {
			return
		}
		c := n.Clauses()
		defer l.with(c.With)()
		for _, p := range c.Parts {
			l.query(p)
		}
	}
}

func (l *fromLinter) selectStmt(stmt *expr.SelectStmt) {
	q := stmt.Clauses()
	defer l.with(q.With)()
	var tables []*expr.Table
	var ons []expr.Expr
	inferred := len(q.From) == 0
	if inferred {
		tables = inferredTables(q.Items, nil)
	}
	for _, f := range q.From {
		tables, ons = l.fromItem(f, tables, ons, 0)
	}
	l.scopes = append(l.scopes, scope{tables: tables})
	l.derived(tables)
	l.exprs(q.DistinctOn)
	l.exprs(q.Items)
	l.exprs(ons)
	l.exprs(q.Where)
	l.exprs(q.GroupBy)
	l.exprs(q.Having)
	l.exprs(q.OrderBy)
	if q.Lock != nil {
		for _, t := range q.Lock.Of {
			l.ref(t, "")
		}
	}
	if inferred && len(tables) > 1 && l.err == nil {
		l.cartesian(tables, q.Where, q.Having)
	}
}

// fromItem adds the tables of a FROM item to tables and its join
// conditions to ons, and checks that the CTEs it names are declared.
func (l *fromLinter) fromItem(f expr.FromItem, tables []*expr.Table, ons []expr.Expr, depth int) ([]*expr.Table, []expr.Expr) {
	if depth > l.max {
		return tables, ons
	}
	switch n := f.(type) {
	case *expr.Table:
		if n != nil {
			tables = append(tables, n)
		}
	case *expr.CTE:
		if n != nil && n.Table != nil {
			tables = append(tables, n.Table)
		}
	case *expr.ValuesList:
		if n != nil && n.Table != nil {
			tables = append(tables, n.Table)
		}
	case *expr.JoinExpr:
		if n != nil {
			tables, ons = l.fromItem(n.Left, tables, ons, depth+1)
			tables, ons = l.fromItem(n.Right, tables, ons, depth+1)
			if n.On != nil {
				ons = append(ons, n.On)
			}
		}
	}
	return tables, ons
}

// derived checks the CTEs among a query's FROM tables and lints its
// derived tables, which see the query's own FROM only when LATERAL.
func (l *fromLinter) derived(tables []*expr.Table) {
	own := &l.scopes[len(l.scopes)-1]
	for _, t := range tables {
		if c := t.Base().CTE(); c != nil {
			if !l.declared(t.Base()) {
				l.fail("CTE "+quoteName(t.Base().Name)+" is used in FROM but no WITH declares it (call With)", ErrUnattachedCTE)
			}
			continue
		}
		if t.Query() != nil {
			own.hidden = !t.IsLateral()
			l.query(t.Query())
			own = &l.scopes[len(l.scopes)-1]
			own.hidden = false
		}
	}
}

func (l *fromLinter) declared(t *expr.Table) bool {
	for _, c := range l.ctes {
		if c.Table != nil && c.Table.ID() == t.ID() {
			return true
		}
	}
	return false
}

func (l *fromLinter) exprs(es []expr.Expr) {
	for _, e := range es {
		l.expr(e)
	}
}

// expr checks the columns of e against the scopes and lints the
// subqueries in it.
func (l *fromLinter) expr(e expr.Expr) {
	if !l.enter() {
		return
	}
	defer func() { l.depth-- }()
	switch n := e.(type) {
	case *expr.Column:
		if n != nil {
			l.ref(n.Table, n.Name)
		}
	case *expr.Keyword:
		if n != nil && n.Table != nil {
			l.ref(n.Table, "*")
		}
	default:
		eachChild(e, l.expr, l.query)
	}
}

// ref checks that a column's table (or a star's) is in a FROM in scope.
func (l *fromLinter) ref(t *expr.Table, column string) {
	if t == nil {
		return
	}
	for i := len(l.scopes) - 1; i >= 0; i-- {
		if l.scopes[i].hidden {
			continue
		}
		for _, f := range l.scopes[i].tables {
			if sameTable(f, t) {
				return
			}
		}
	}
	name := quoteName(t.Name)
	if column != "" {
		name += "." + quoteName(column)
	}
	l.fail(name+" refers to table "+quoteName(t.Name)+", which is not in FROM (add it with From or Join)", ErrNotInFrom)
}

// sameTable reports whether the SQL names t as f: a table by its
// definition, an alias, derived table or CTE by its name.
func sameTable(f, t *expr.Table) bool {
	if f == t {
		return true
	}
	if isDerived(f) || isDerived(t) {
		return isDerived(f) && isDerived(t) && f.Name == t.Name && f.Schema == t.Schema
	}
	return f.ID() == t.ID()
}

// isDerived reports whether t stands for something other than a table of
// the database: an alias, a derived table, a CTE or a VALUES list. The SQL
// calls it by its name alone.
func isDerived(t *expr.Table) bool {
	return t.IsAlias() || t.Query() != nil || t.CTE() != nil || t.IsValues()
}

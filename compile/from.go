package compile

import "github.com/sqlforge/sqlforge/expr"

// tableRef records a table's identity in the shape: its ID for a defined
// table (whose names never change), its names for anything else.
func (s *state) tableRef(t *expr.Table) {
	if s.render {
		return
	}
	if t.IsValues() {
		// By its name, as valuesList records the list itself.
		s.aliased++
		s.tok(tValues)
		s.str(t.Name)
		return
	}
	if t.Query() != nil {
		// A derived table is what its query and name make it: the
		// query's shape follows, its columns are recorded by name, and
		// the FROM linter tells derived tables apart by name too. Its
		// ID (new for every Subquery call) would make each statement
		// built anew a cache miss. IDs start at 1.
		s.tokID(tTable, 0)
	} else {
		s.tokID(tTable, t.ID())
	}
	if isDerived(t) {
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
	case *expr.ValuesList:
		if n == nil || n.Table == nil {
			s.invalid("nil VALUES list")
			return
		}
		s.valuesList(n)
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
	if t.Base().IsValues() {
		// Its rows are in the *expr.ValuesList, not its Table.
		s.invalid("VALUES list " + quoteName(t.Base().Name) + " used as a table: give the list itself to From or Join (not its Table, nor an alias of it)")
		return
	}
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

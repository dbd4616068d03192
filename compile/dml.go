package compile

import (
	"github.com/sqlforge/sqlforge/expr"
)

func (s *state) dmlWith(ctes []*expr.CTE) {
	if len(ctes) > 0 && !s.need(CTEInDML, "WITH in INSERT/UPDATE/DELETE") {
		return
	}
	s.with(ctes)
}

func (s *state) targetTable(t *expr.Table, verb string) bool {
	if t == nil {
		s.invalid(verb + " of a nil table")
		return false
	}
	if t.Query() != nil || t.CTE() != nil || t.IsAlias() {
		s.invalid(verb + " needs a table, not an alias, derived table or CTE")
		return false
	}
	s.tableRef(t)
	s.qualifier(t)
	return true
}

func (s *state) returning(items []expr.Expr, f Feature, what string) {
	if s.num(len(items)) == 0 {
		return
	}
	if !s.need(f, what) {
		return
	}
	s.kw(" RETURNING ")
	saved := s.unqualified
	s.unqualified = s.c.f.Has(UnqualifiedReturning)
	for i, it := range items {
		if i > 0 {
			s.kw(", ")
		}
		s.selectItem(it)
	}
	s.unqualified = saved
}

// noInsertExtras and noUpdateExtras stand for a statement's nil Extras.
// They are never written to.
var (
	noInsertExtras expr.InsertExtras
	noUpdateExtras expr.UpdateExtras
)

func (s *state) insert(q *expr.InsertStmt) {
	s.tok(tInsert)
	x := q.Extras
	if x == nil {
		x = &noInsertExtras
	}
	s.dmlWith(x.CTEs)
	s.kw("INSERT INTO ")
	if !s.targetTable(q.Table, "INSERT") {
		return
	}
	if q.RaggedRows() {
		s.invalid("INSERT rows have different numbers of values")
		return
	}
	nrows := q.NumRows()
	cols := q.Cols
	if len(cols) == 0 && (nrows > 0 || q.FromSelect != nil) {
		cols = q.Table.Columns
	}
	// Columns with a client-side default that the rows do not name.
	var defBuf [8]*expr.Column
	defaults := defBuf[:0]
	if nrows > 0 {
		for _, c := range q.Table.Columns {
			if c.Default != nil && !containsColumn(cols, c) {
				defaults = append(defaults, c)
			}
		}
	}
	s.num(len(cols))
	s.num(len(defaults))
	for _, c := range cols {
		if c == nil || c.Table != q.Table {
			s.invalid("INSERT column does not belong to the table")
			return
		}
		s.id(c.ID())
	}
	switch {
	case s.flag(q.FromSelect != nil):
		if nrows > 0 {
			s.invalid("INSERT with both VALUES and SELECT")
			return
		}
		s.columnList(cols, nil)
		s.kw(" ")
		switch sel := q.FromSelect.(type) {
		case *expr.SelectStmt:
			s.selectStmt(sel)
		case *expr.CompoundSelect:
			s.compound(sel)
		default:
			s.invalid("nil INSERT ... SELECT query")
		}
	case s.num(nrows) == 0:
		if s.c.f.Has(DefaultValuesEmptyList) {
			s.kw(" () VALUES ()")
		} else {
			s.kw(" DEFAULT VALUES")
		}
	default:
		s.columnList(cols, defaults)
		s.kw(" VALUES ")
		for i := range nrows {
			row := q.Row(i)
			if len(row) != len(cols) {
				s.invalid("INSERT row has a different number of values than columns")
				return
			}
			if i > 0 {
				s.kw(", ")
			}
			s.kw("(")
			for j, v := range row {
				if j > 0 {
					s.kw(", ")
				}
				s.value(cols[j], v)
			}
			for j, c := range defaults {
				if j > 0 || len(row) > 0 {
					s.kw(", ")
				}
				d := c.Default
				if fn, ok := d.(func() any); ok {
					d = fn()
				}
				s.value(c, d)
			}
			s.kw(")")
		}
	}
	s.upsert(q.Table, x)
	s.returning(q.ReturningItems, ReturningInsert, "INSERT ... RETURNING")
}

func containsColumn(cols []*expr.Column, c *expr.Column) bool {
	for _, x := range cols {
		if x == c {
			return true
		}
	}
	return false
}

func (s *state) columnList(cols, more []*expr.Column) {
	s.kw(" (")
	for i, c := range cols {
		if i > 0 {
			s.kw(", ")
		}
		s.ident(c.Name)
	}
	for i, c := range more {
		if i > 0 || len(cols) > 0 {
			s.kw(", ")
		}
		s.id(c.ID())
		s.ident(c.Name)
	}
	s.kw(")")
}

// value writes a value for column c: an expression, or a bound value.
func (s *state) value(c *expr.Column, v any) {
	if e, ok := v.(expr.Expr); s.flag(ok) {
		s.expr(e)
		return
	}
	s.bindFor(c, v)
}

func (s *state) upsert(t *expr.Table, q *expr.InsertExtras) {
	hasConflict := s.flag(q.Conflict != expr.ConflictNone || len(q.ConflictTarget) > 0)
	hasDup := s.flag(len(q.DuplicateKeySets) > 0)
	if hasConflict && hasDup {
		s.invalid("INSERT with both ON CONFLICT and ON DUPLICATE KEY UPDATE")
		return
	}
	if hasDup {
		if !s.need(OnDuplicateKey, "ON DUPLICATE KEY UPDATE") {
			return
		}
		s.kw(" ON DUPLICATE KEY UPDATE ")
		s.assignments(t, q.DuplicateKeySets, false)
		return
	}
	if !hasConflict {
		return
	}
	if !s.need(OnConflict, "ON CONFLICT") {
		return
	}
	s.tok(byte(q.Conflict))
	s.kw(" ON CONFLICT")
	if s.num(len(q.ConflictTarget)) > 0 {
		s.kw(" (")
		for i, c := range q.ConflictTarget {
			if c == nil || c.Table != t {
				s.invalid("ON CONFLICT column does not belong to the table")
				return
			}
			if i > 0 {
				s.kw(", ")
			}
			s.id(c.ID())
			s.ident(c.Name)
		}
		s.kw(")")
	}
	switch q.Conflict {
	case expr.ConflictDoNothing:
		s.kw(" DO NOTHING")
	case expr.ConflictDoUpdate:
		if len(q.ConflictTarget) == 0 {
			s.invalid("ON CONFLICT DO UPDATE needs a conflict target")
			return
		}
		s.kw(" DO UPDATE SET ")
		s.assignments(t, q.ConflictSets, false)
		if s.num(len(q.ConflictWhere)) > 0 {
			s.kw(" WHERE ")
			s.conds(q.ConflictWhere)
		}
	default:
		s.invalid("ON CONFLICT without DoNothing or DoUpdate")
	}
}

// assignments writes "col = value, ...", checking that every column
// belongs to the target table.
func (s *state) assignments(t *expr.Table, sets []expr.Assignment, qualified bool) {
	if s.num(len(sets)) == 0 {
		s.invalid("empty SET")
		return
	}
	for i, a := range sets {
		if a.Column == nil || a.Column.Table != t {
			s.invalid("SET column does not belong to the table being updated")
			return
		}
		if i > 0 {
			s.kw(", ")
		}
		s.id(a.Column.ID())
		if qualified {
			s.qualifier(t)
			s.kw(".")
		}
		s.ident(a.Column.Name)
		s.kw(" = ")
		s.value(a.Column, a.Value)
	}
}

func (s *state) update(q *expr.UpdateStmt) {
	s.tok(tUpdate)
	x := q.Extras
	if x == nil {
		x = &noUpdateExtras
	}
	s.dmlWith(x.CTEs)
	s.kw("UPDATE ")
	if !s.targetTable(q.Table, "UPDATE") {
		return
	}
	multi := s.num(len(x.FromItems)) > 0 && s.c.f.Has(UpdateMultiTable)
	if multi {
		for _, f := range x.FromItems {
			s.kw(", ")
			s.fromItem(f)
		}
	}
	s.kw(" SET ")
	s.assignments(q.Table, q.Sets(), multi)
	if len(x.FromItems) > 0 && !multi {
		if !s.need(UpdateFrom, "UPDATE ... FROM") {
			return
		}
		s.kw(" FROM ")
		for i, f := range x.FromItems {
			if i > 0 {
				s.kw(", ")
			}
			s.fromItem(f)
		}
	}
	s.whereDML("UPDATE", q.WhereConds(), q.AllowAllRows)
	s.returning(x.ReturningItems, ReturningUpdate, "UPDATE ... RETURNING")
}

func (s *state) whereDML(verb string, conds []expr.Expr, all bool) {
	if s.num(len(conds)) == 0 {
		if !s.flag(all) {
			s.fail(&InvalidError{Reason: verb + " without WHERE (call AllRows to change every row)", Err: ErrNoWhere})
		}
		return
	}
	s.kw(" WHERE ")
	s.conds(conds)
}

func (s *state) delete(q *expr.DeleteStmt) {
	s.tok(tDelete)
	s.dmlWith(q.CTEs)
	if s.num(len(q.UsingItems)) > 0 {
		switch {
		case s.c.f.Has(DeleteUsing):
			s.kw("DELETE FROM ")
			if !s.targetTable(q.Table, "DELETE") {
				return
			}
			s.kw(" USING ")
			for i, f := range q.UsingItems {
				if i > 0 {
					s.kw(", ")
				}
				s.fromItem(f)
			}
		case s.c.f.Has(DeleteMultiTable):
			if len(q.ReturningItems) > 0 {
				s.unsupported("RETURNING in a multi-table DELETE")
				return
			}
			s.kw("DELETE ")
			if !s.targetTable(q.Table, "DELETE") {
				return
			}
			s.kw(" FROM ")
			s.qualifier(q.Table)
			for _, f := range q.UsingItems {
				s.kw(", ")
				s.fromItem(f)
			}
		default:
			s.unsupported("DELETE ... USING")
			return
		}
	} else {
		s.kw("DELETE FROM ")
		if !s.targetTable(q.Table, "DELETE") {
			return
		}
	}
	s.whereDML("DELETE", q.WhereConds(), q.AllowAllRows)
	s.returning(q.ReturningItems, ReturningDelete, "DELETE ... RETURNING")
}

package compile

import "github.com/sqlforge/sqlforge/expr"

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
	if isDerived(t) {
		s.invalid(verb + " needs a table, not an alias, derived table, CTE or VALUES list")
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

func (s *state) update(stmt *expr.UpdateStmt) {
	q := stmt.Clauses()
	s.tok(tUpdate)
	s.dmlWith(q.With)
	s.kw("UPDATE ")
	if !s.targetTable(q.Table, "UPDATE") {
		return
	}
	multi := s.num(len(q.From)) > 0 && s.c.f.Has(UpdateMultiTable)
	if multi {
		for _, f := range q.From {
			s.kw(", ")
			s.fromItem(f)
		}
	}
	s.kw(" SET ")
	s.assignments(q.Table, q.Sets, multi)
	if len(q.From) > 0 && !multi {
		if !s.need(UpdateFrom, "UPDATE ... FROM") {
			return
		}
		s.kw(" FROM ")
		for i, f := range q.From {
			if i > 0 {
				s.kw(", ")
			}
			s.fromItem(f)
		}
	}
	s.whereDML("UPDATE", q.Where, q.AllRows)
	s.returning(q.Returning, ReturningUpdate, "UPDATE ... RETURNING")
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

func (s *state) delete(stmt *expr.DeleteStmt) {
	q := stmt.Clauses()
	s.tok(tDelete)
	s.dmlWith(q.With)
	if s.num(len(q.Using)) > 0 {
		switch {
		case s.c.f.Has(DeleteUsing):
			s.kw("DELETE FROM ")
			if !s.targetTable(q.Table, "DELETE") {
				return
			}
			s.kw(" USING ")
			for i, f := range q.Using {
				if i > 0 {
					s.kw(", ")
				}
				s.fromItem(f)
			}
		case s.c.f.Has(DeleteMultiTable):
			if len(q.Returning) > 0 {
				s.unsupported("RETURNING in a multi-table DELETE")
				return
			}
			s.kw("DELETE ")
			if !s.targetTable(q.Table, "DELETE") {
				return
			}
			s.kw(" FROM ")
			s.qualifier(q.Table)
			for _, f := range q.Using {
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
	s.whereDML("DELETE", q.Where, q.AllRows)
	s.returning(q.Returning, ReturningDelete, "DELETE ... RETURNING")
}

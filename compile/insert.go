package compile

import "github.com/sqlforge/sqlforge/expr"

func (s *state) insert(stmt *expr.InsertStmt) {
	q := stmt.Clauses()
	s.tok(tInsert)
	s.dmlWith(q.With)
	s.kw("INSERT INTO ")
	if !s.targetTable(q.Table, "INSERT") {
		return
	}
	if q.RaggedRows {
		s.invalid("INSERT rows have different numbers of values")
		return
	}
	nrows := q.NumRows
	cols := q.Columns
	if len(cols) == 0 && (nrows > 0 || q.Select != nil) {
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
	case s.flag(q.Select != nil):
		if nrows > 0 {
			s.invalid("INSERT with both VALUES and SELECT")
			return
		}
		s.columnList(cols, nil)
		s.kw(" ")
		s.insertSelect(q)
	case s.num(nrows) == 0:
		if s.c.f.Has(DefaultValuesEmptyList) {
			s.kw(" () VALUES ()")
		} else {
			s.kw(" DEFAULT VALUES")
		}
	default:
		if q.RowWidth != len(cols) {
			s.invalid("INSERT row has a different number of values than columns")
			return
		}
		s.columnList(cols, defaults)
		s.kw(" VALUES ")
		for i := range nrows {
			if i > 0 {
				s.kw(", ")
			}
			s.kw("(")
			for j, v := range q.Row(i) {
				if j > 0 {
					s.kw(", ")
				}
				s.value(cols[j], v)
			}
			for j, c := range defaults {
				if j > 0 || len(cols) > 0 {
					s.kw(", ")
				}
				s.defaultValue(c)
			}
			s.kw(")")
		}
	}
	s.upsert(&q)
	s.returning(q.Returning, ReturningInsert, "INSERT ... RETURNING")
}

// insertSelect writes the query of INSERT ... SELECT.
func (s *state) insertSelect(q expr.InsertClauses) {
	switch sel := q.Select.(type) {
	case *expr.SelectStmt:
		s.selectStmt(sel)
	case *expr.CompoundSelect:
		s.compound(sel)
	default:
		s.invalid("nil INSERT ... SELECT query")
		return
	}
	s.upsertSelectWhere(q)
}

// upsertSelectWhere ends the query of INSERT ... SELECT ... ON CONFLICT
// with WHERE true where the dialect needs it: SQLite reads an ON right
// after a FROM clause as a join's ON, so without a WHERE between them the
// upsert is a syntax error (near "DO"). SQLite's documentation gives the
// WHERE as the way out. Only a query whose SQL ends with its FROM clause
// needs it; the others end with a WHERE, GROUP BY, HAVING, ORDER BY or
// LIMIT already, which SQLite parses.
func (s *state) upsertSelectWhere(q expr.InsertClauses) {
	if !s.c.f.Has(UpsertSelectNeedsWhere) {
		return
	}
	upsert := q.Conflict != expr.ConflictNone || len(q.ConflictTarget) > 0
	if s.flag(upsert && endsWithFrom(q.Select)) {
		s.kw(" WHERE true")
	}
}

// endsWithFrom reports whether the SQL of q ends with its FROM clause (or
// with its select list, when it has no FROM): a SELECT without WHERE,
// GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET and locking, or a set
// operation without ORDER BY, LIMIT and OFFSET whose last query is such a
// SELECT. It follows the order in which selectStmt and compound write the
// clauses; a SELECT that is parenthesized in a set operation has one of
// ORDER BY, LIMIT, OFFSET or a lock, so it ends with ")" and gets false.
func endsWithFrom(q expr.Selectable) bool {
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			return false
		}
		c := n.Clauses()
		return len(c.Where) == 0 && len(c.GroupBy) == 0 && len(c.Having) == 0 && len(c.OrderBy) == 0 &&
			c.Limit == nil && c.Offset == nil && c.Lock == nil
	case *expr.CompoundSelect:
		if n == nil {
			return false
		}
		c := n.Clauses()
		if len(c.Parts) == 0 || len(c.OrderBy) > 0 || c.Limit != nil || c.Offset != nil {
			return false
		}
		last, ok := c.Parts[len(c.Parts)-1].(*expr.SelectStmt)
		return ok && endsWithFrom(last)
	}
	return false
}

// defaultValue binds column c's client-side default. A func default is
// called once per row and compile: not again when the SQL is rendered
// after the shape pass collected the arguments.
func (s *state) defaultValue(c *expr.Column) {
	if fn, ok := c.Default.(func() any); ok {
		// No flag: the column, recorded already, says it has a func.
		s.bindDefault(c, fn)
		return
	}
	s.value(c, c.Default)
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

func (s *state) upsert(q *expr.InsertClauses) {
	t := q.Table
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

package compile

import (
	"slices"

	"github.com/sqlforge/sqlforge/expr"
)

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
	if q.BadArrays != "" {
		s.invalid(q.BadArrays)
		return
	}
	nrows := q.NumRows
	arrays := len(q.Arrays) > 0
	cols := q.Columns
	if len(cols) == 0 && (nrows > 0 || q.Select != nil || arrays) {
		cols = q.Table.Columns
	}
	// Columns with a client-side default that the rows do not name.
	var defBuf [8]*expr.Column
	defaults := defBuf[:0]
	if nrows > 0 || arrays {
		for _, c := range q.Table.Columns {
			if c.Default != nil && !containsColumn(cols, c) {
				defaults = append(defaults, c)
			}
		}
	}
	s.num(len(cols))
	s.num(len(defaults))
	if !s.countOnly && s.plan == nil && nrows > 1 {
		// A multi-row INSERT binds rows x columns values: room for them
		// at once, not by doubling.
		s.args = slices.Grow(s.args, nrows*(len(cols)+len(defaults)))
	}
	for _, c := range cols {
		if c == nil || c.Table != q.Table {
			s.invalid("INSERT column does not belong to the table")
			return
		}
		s.id(c.ID())
	}
	switch {
	case s.flag(arrays):
		if nrows > 0 || q.Select != nil {
			s.invalid("INSERT with ValuesArrays and VALUES or SELECT")
			return
		}
		s.insertArrays(q.Arrays, cols, defaults)
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
		// An expr.Value takes c's type as a raw value does: no cast
		// that could contradict it, and c's conversion.
		if !s.operandBeside(c, e) {
			s.expr(e)
		}
		return
	}
	s.bindFor(c, v)
}

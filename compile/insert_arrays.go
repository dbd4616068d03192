package compile

import "github.com/sqlforge/sqlforge/expr"

// insertArrays writes the rows of expr.InsertStmt.ValuesArrays, one
// array parameter per column, as a SELECT from unnest:
//
//	(a, b) SELECT * FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS TEXT[]))
//
// Each cast is spelt from its column's type (uncutType), which the shape
// records, so the SQL depends on the columns and never on the values or
// their number.
func (s *state) insertArrays(arrays []any, cols, defaults []*expr.Column) {
	if !s.need(InsertArrays, "INSERT ... SELECT FROM unnest of array parameters (ValuesArrays)") {
		return
	}
	if len(arrays) != len(cols) {
		s.invalid("INSERT ValuesArrays has a different number of arrays than columns")
		return
	}
	if len(defaults) > 0 {
		// A Default is made once per row; an array parameter has no rows
		// to make it for.
		s.invalid("INSERT ValuesArrays leaves out column " + defaults[0].Name + ", whose client-side Default is made per row: name the column")
		return
	}
	s.columnList(cols, nil)
	s.kw(" SELECT * FROM unnest(")
	for j, a := range arrays {
		if j > 0 {
			s.kw(", ")
		}
		s.arrayBind(cols[j], a)
	}
	s.kw(")")
}

// arrayBind binds the array a of column c's values, cast to an array of
// c's type. A decorated column's values are converted one by one, as
// bindFor converts a value in VALUES; that needs a []any.
func (s *state) arrayBind(c *expr.Column, a any) {
	t := uncutType(c.Type)
	s.tok(byte(t.Kind))
	if c.Type.User != nil && !s.countOnly {
		vals, ok := a.([]any)
		if !ok {
			s.invalid("ValuesArrays for column " + c.Name + ", of a decorated type, needs a []any")
			return
		}
		conv := make([]any, len(vals))
		for i, v := range vals {
			dv, err := columnValue(c, v)
			if err != nil {
				s.fail(err)
				return
			}
			conv[i] = dv
		}
		a = conv
	}
	s.kw("CAST(")
	s.bind(a)
	s.markSensitive(c)
	s.kw(" AS ")
	if s.render && s.err == nil {
		var err error
		if s.sql, err = s.c.d.AppendType(s.sql, t, TypeCast); err != nil {
			s.fail(err)
		}
	}
	s.kw("[])")
}

// uncutType is the type a column's values are cast to where a cast must
// name one (the elements of an array parameter, a VALUES list's first
// row): the column's kind without the length, precision or enum labels
// that an explicit cast would enforce by cutting or rounding a value (a
// VARCHAR or ENUM is TEXT). Assigning the value to the column then
// checks it as it checks one given in INSERT's VALUES.
func uncutType(t expr.Type) expr.Type {
	switch t.Kind {
	case expr.KindVarchar, expr.KindEnum:
		return expr.String
	}
	return expr.Type{Kind: t.Kind}
}

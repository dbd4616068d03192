package expr

import "reflect"

// ValuesArrays gives the rows of the INSERT column by column: arrays[j]
// is a slice holding the value of the statement's column j (see Columns)
// for every row, so that all the rows take one bound parameter per
// column, whatever their number. On PostgreSQL it compiles to
//
//	INSERT INTO t (a, b) SELECT * FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS TEXT[]))
//
// The server then parses and plans one short statement, where VALUES
// would bind every value of every row as a parameter of its own (7,000
// for 1,000 rows of 7 columns), and no split under the 65,535-parameter
// limit is needed. The casts are spelt from the columns' types, never
// from the values: a VARCHAR(n) or ENUM column's array is TEXT[] and a
// NUMERIC(p, s) one is NUMERIC[], so that a value too long or too
// precise fails, or rounds, as it would in VALUES rather than being cut
// by the cast. The SQL does not depend on the number of rows.
//
// Each slice is bound as it is, one parameter, and the driver encodes
// it as an array: a nil element (of a []any or a slice of pointers) is
// NULL. A column whose type is decorated (Decorate) needs a []any, whose
// elements the compiler converts with BindValue as it would in VALUES.
// The driver must encode every element as it would that value alone
// for the parameter to mean what VALUES means: pgx does for Go's
// integers, floats, bools, strings, time.Time and []byte, and for
// driver.Valuer elements; the mapper's InsertBatch keeps to those.
//
// Other dialects refuse the statement (compile.ErrUnsupported), as does
// a table with a column whose client-side Default the INSERT leaves out
// (a Default is made once per row, which an array cannot do). Slices of
// different lengths, or an argument that is not a slice (a []byte is a
// value, not an array), make a statement that does not compile. It
// cannot be mixed with Values or Select.
func (s *InsertStmt) ValuesArrays(arrays ...any) *InsertStmt {
	n := -1
	for _, a := range arrays {
		v := reflect.ValueOf(a)
		switch {
		case v.Kind() != reflect.Slice || v.Type().Elem().Kind() == reflect.Uint8:
			s.badArrays = "ValuesArrays needs one slice per column (a []byte is a value, not an array)"
		case n >= 0 && v.Len() != n:
			s.badArrays = "ValuesArrays slices have different lengths"
		default:
			n = v.Len()
			continue
		}
		s.arrays = nil
		return s
	}
	s.arrays = appendNew(s.arrays[:0:0], arrays)
	return s
}

// arrayRows is the number of rows the arrays of ValuesArrays hold.
func arrayRows(arrays []any) int {
	if len(arrays) == 0 {
		return 0
	}
	return reflect.ValueOf(arrays[0]).Len()
}

package mapper

import (
	"reflect"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// BatchArrays implements engine.ArrayBatch: where the dialect can
// (PostgreSQL), the rows go as one array parameter per column
// (expr.InsertStmt.ValuesArrays) rather than as VALUES, for tables whose
// written columns all qualify (see arrayColumn), in statements of more
// than one row.
func (b *InsertBatch[T]) BatchArrays(ok bool) { b.arraysOK = ok }

// arrayColumns reports whether the fields in idx can all be sent as
// arrays, each with the same meaning as its values bound one by one in
// VALUES: the table has no client-side Default that the INSERT leaves
// out (made per row, which an array cannot do) and every field passes
// arrayColumn. Otherwise the whole table uses VALUES.
func (md *model) arrayColumns(idx []int) bool {
	for i, c := range md.table.Columns {
		if c.Default != nil && !slices.Contains(idx, i) {
			return false
		}
	}
	for _, i := range idx {
		if !arrayColumn(md.fields[i], md.table.Columns[i].Type) {
			return false
		}
	}
	return true
}

// arrayColumn reports whether field f of a column of type t can be sent
// in an array. The driver (pgx) encodes an array's elements in binary,
// each by the codec of the array's element type, where a value bound
// alone may go as text for the server to parse — a string does, so a
// string for a UUID, NUMERIC or JSON column means what the server makes
// of the text. Only the pairs whose binary encoding is that of the value
// alone qualify: Go's integers for integer columns, strings for TEXT,
// VARCHAR and ENUM, bools, floats, time.Time for DATE and TIMESTAMP
// [WITH TIME ZONE], []byte for BYTES; a pointer to one, or database/sql's
// Null type of one, for NULL. JSON fields, driver.Valuer types of our
// own, named types and decorated columns (whose BindValue may return
// anything) use VALUES.
func arrayColumn(f *field, t expr.Type) bool {
	if t.User != nil || f.kind == kindJSON || f.valuerAt {
		return false
	}
	gt := f.elem
	if gt.PkgPath() == "database/sql" && strings.HasPrefix(gt.Name(), "Null") && gt.Kind() == reflect.Struct && gt.NumField() == 2 {
		gt = gt.Field(0).Type // NullInt64{Int64, Valid}: a Valuer of its first field
	} else if gt.Implements(valuerType) {
		return false
	}
	if gt.PkgPath() != "" && gt != timeType {
		return false // a named type: its driver encoding is its own
	}
	switch gt.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return t.Kind == expr.KindSmallInt || t.Kind == expr.KindInteger || t.Kind == expr.KindBigInt
	case reflect.String:
		return t.Kind == expr.KindText || t.Kind == expr.KindVarchar || t.Kind == expr.KindEnum
	case reflect.Bool:
		return t.Kind == expr.KindBoolean
	case reflect.Float32, reflect.Float64:
		return t.Kind == expr.KindFloat || t.Kind == expr.KindDouble
	}
	switch gt {
	case timeType:
		return t.Kind == expr.KindDate || t.Kind == expr.KindTimestamp || t.Kind == expr.KindTimestampTZ
	case bytesType:
		return t.Kind == expr.KindBytes
	}
	return false
}

// appendArrays sets rows as st's ValuesArrays, one slice per field in
// idx: a typed slice read straight from the structs for the common
// non-NULL types, else a []any of the values VALUES would bind (nil for
// NULL).
func (md *model) appendArrays(st *expr.InsertStmt, rows []unsafe.Pointer, idx []int) error {
	arrays := make([]any, len(idx))
	for j, i := range idx {
		f := md.fields[i]
		if f.kind == kindDirect && !f.pointer {
			switch f.typ {
			case int64Type:
				arrays[j] = columnOf[int64](rows, f.offset)
				continue
			case intType:
				arrays[j] = columnOf[int](rows, f.offset)
				continue
			case int32Type:
				arrays[j] = columnOf[int32](rows, f.offset)
				continue
			case stringType:
				arrays[j] = columnOf[string](rows, f.offset)
				continue
			case boolType:
				arrays[j] = columnOf[bool](rows, f.offset)
				continue
			case float64Type:
				arrays[j] = columnOf[float64](rows, f.offset)
				continue
			case timeType:
				arrays[j] = columnOf[time.Time](rows, f.offset)
				continue
			}
		}
		vals := make([]any, len(rows))
		for r, base := range rows {
			v, err := md.valueAt(base, i)
			if err != nil {
				return err
			}
			vals[r] = v
		}
		arrays[j] = vals
	}
	st.ValuesArrays(arrays...)
	return nil
}

// columnOf copies the field at offset off of every row.
func columnOf[V any](rows []unsafe.Pointer, off uintptr) []V {
	out := make([]V, len(rows))
	for r, base := range rows {
		out[r] = *(*V)(unsafe.Add(base, off))
	}
	return out
}

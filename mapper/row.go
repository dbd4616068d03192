package mapper

import (
	"reflect"
	"unsafe"
)

// RowSource is a result positioned on a row, as Row reads it: it names
// its columns, scans the current row, and keeps a slot of state for as
// long as the result lasts. The engine's *engine.Rows is one, which makes
// Row[T] an engine.ScanFunc[T] without either module importing the other:
//
//	users, err := engine.All(ctx, e, q, mapper.Row[User])
type RowSource interface {
	Columns() ([]string, error)
	Scan(dest ...any) error
	// ScanState returns a slot that lives as long as the result; Row
	// keeps its plan and destinations there, so that it works them out
	// at the first row only.
	ScanState() *any
}

// Row scans the current row of rows into a new T, as One scans the first,
// but leaves the iteration to the caller: it neither advances nor closes
// rows. That is the shape of a scan function for the engine's All, One,
// OneOrNone and Iter, which own the iteration. T is a struct, a pointer to
// a struct, map[string]any or a single column's type, as for All; a
// column that no field takes is an *UnknownColumnError, NULL for a field
// that cannot hold it a *NullError.
func Row[T any, R RowSource](rows R) (T, error) {
	st := rows.ScanState()
	rc, ok := (*st).(*rowCursor[T])
	if !ok {
		cols, err := rows.Columns()
		if err != nil {
			var zero T
			return zero, err
		}
		rc = new(rowCursor[T])
		if err := rc.init(rows, cols, reflect.TypeFor[T](), nil); err != nil {
			var zero T
			return zero, err
		}
		rc.src = rows
		if ss, ok := any(rows).(sliceScanner); ok {
			rc.src = sliceScan{ss}
		}
		*st = rc
	}
	var zero T
	rc.v = zero // each row starts from the zero T, as One's does
	if err := rc.scanTo(rc.src, unsafe.Pointer(&rc.v)); err != nil {
		return zero, err
	}
	return rc.v, nil
}

// sliceScanner is the optional method of a RowSource that scans into a
// slice without copying it (engine.Rows.ScanSlice): the cursor's dest is
// on the heap and reused, so the copy would only cost time.
type sliceScanner interface{ ScanSlice(dest []any) error }

// sliceScan adapts a sliceScanner to the cursor's scanner.
type sliceScan struct{ s sliceScanner }

func (s sliceScan) Scan(dest ...any) error { return s.s.ScanSlice(dest) }

// rowCursor is Row's state for one result: the cursor and the T that every
// row is scanned into and then copied out of, so that a row costs no
// allocation of its own.
type rowCursor[T any] struct {
	cursor
	src scanner // the rows, through ScanSlice where they have it
	v   T
}

package mapper

import (
	"errors"
	"reflect"
	"slices"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// ErrKeys: the values a database generated for inserted rows cannot be
// read back into the structs (see KeysError).
var ErrKeys = errors.New("mapper: generated values cannot be read back")

// KeysError reports why generated keys or server defaults could not be
// read back: a RETURNING result with another number of rows than were
// inserted, or a database without RETURNING where the values are not
// the key's LAST_INSERT_ID range.
type KeysError struct {
	Table  string
	Reason string
}

func (e *KeysError) Error() string {
	return "mapper: table " + quote(e.Table) + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrKeys) true.
func (e *KeysError) Unwrap() error { return ErrKeys }

// insertFields returns the fields an INSERT of rows writes: every mapped
// field except readonly ones and generated ones (autoincrement or
// server-defaulted) that are zero in every row. A generated field set in
// some rows and zero in others is a *ValueError.
func (md *model) insertFields(rows []unsafe.Pointer) ([]int, error) {
	idx := make([]int, 0, len(md.fields))
	for i, f := range md.fields {
		if f.opts.readOnly {
			continue
		}
		if md.generated(i) {
			set := 0
			for _, r := range rows {
				if !f.isZero(r) {
					set++
				}
			}
			if set == 0 {
				continue
			}
			if set != len(rows) {
				return nil, &ValueError{Table: md.table.Name, Column: f.column,
					Reason: "generated column is set in some rows and zero in others; insert them separately"}
			}
		}
		idx = append(idx, i)
	}
	return idx, nil
}

// rowPointers views a []*T as the untyped struct pointers the model
// reads through field offsets.
func rowPointers[T any](rows []*T) []unsafe.Pointer {
	return unsafe.Slice((*unsafe.Pointer)(unsafe.Pointer(unsafe.SliceData(rows))), len(rows))
}

// generated reports whether the database can fill field i when an INSERT
// leaves it out: autoincrement, serverdefault, or an expr.ServerDefault.
func (md *model) generated(i int) bool {
	f := md.fields[i]
	return f.opts.autoIncrement || f.opts.serverDefault || md.table.Columns[i].ServerDefault != nil
}

// readBack returns the generated fields an INSERT writing the fields in
// written leaves to the database: the ones to read back.
func (md *model) readBack(written []int) []int {
	var back []int
	for i := range md.fields {
		if md.generated(i) && !slices.Contains(written, i) {
			back = append(back, i)
		}
	}
	return back
}

// autoKey returns the field index of the table's one-column
// autoincrement primary key, or -1.
func (md *model) autoKey() int {
	if len(md.pk) == 1 && md.fields[md.pk[0]].opts.autoIncrement {
		return md.pk[0]
	}
	return -1
}

// exprsAt returns the columns of the fields in idx as expressions.
func (md *model) exprsAt(idx []int) []expr.Expr {
	out := make([]expr.Expr, len(idx))
	for j, i := range idx {
		out[j] = md.table.Columns[i]
	}
	return out
}

// appendRows adds rows to st as VALUES, taking the fields in idx; scratch
// is reused for each row, as Values copies it.
func (md *model) appendRows(st *expr.InsertStmt, rows []unsafe.Pointer, idx []int, scratch []any) error {
	st.Grow(len(rows))
	for _, base := range rows {
		scratch = scratch[:len(idx)]
		for j, i := range idx {
			v, err := md.valueAt(base, i)
			if err != nil {
				return err
			}
			scratch[j] = v
		}
		st.Values(scratch...)
	}
	clear(scratch)
	return nil
}

// IntoEach scans row i of rows into *dst[i], leaving fields the result
// does not name untouched, and closes rows: the way to read the
// RETURNING rows of a multi-row INSERT back into the structs inserted,
// which PostgreSQL, SQLite and MariaDB return in the order of VALUES. A
// result with another number of rows than len(dst) is a *KeysError.
func IntoEach[T any](rows Rows, dst []*T, opts ...ScanOption) (err error) {
	defer func() { err = closeWith(rows, err) }()
	cur, err := newCursor(rows, reflect.TypeFor[T](), opts)
	if err != nil {
		return err
	}
	cur.single = true
	for i, d := range dst {
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return &KeysError{Table: cur.typeName(), Reason: "the result has " + itoa(i) + " rows for " + itoa(len(dst)) + " inserted"}
		}
		if err := cur.scanTo(rows, unsafe.Pointer(d)); err != nil {
			return err
		}
	}
	if rows.Next() {
		return &KeysError{Table: cur.typeName(), Reason: "the result has more rows than the " + itoa(len(dst)) + " inserted"}
	}
	return rows.Err()
}

// setInt stores v in the integer field f of the struct at base (through
// its pointer for a pointer field, allocating it when nil).
func (f *field) setInt(base unsafe.Pointer, v int64) {
	fv := reflect.NewAt(f.typ, unsafe.Add(base, f.offset)).Elem()
	if f.pointer {
		if fv.IsNil() {
			fv.Set(reflect.New(f.elem))
		}
		fv = fv.Elem()
	}
	if fv.CanInt() {
		fv.SetInt(v)
	} else {
		fv.SetUint(uint64(v))
	}
}

// zero sets the field f of the struct at base to its zero value.
func (f *field) zero(base unsafe.Pointer) {
	reflect.NewAt(f.typ, unsafe.Add(base, f.offset)).Elem().SetZero()
}

// intValue reads the integer field f of the struct at base (0 for nil).
func (f *field) intValue(base unsafe.Pointer) int64 {
	fv := reflect.NewAt(f.typ, unsafe.Add(base, f.offset)).Elem()
	if f.pointer {
		if fv.IsNil() {
			return 0
		}
		fv = fv.Elem()
	}
	if fv.CanInt() {
		return fv.Int()
	}
	return int64(fv.Uint())
}

package mapper

import (
	"database/sql/driver"
	"encoding/json"
	"reflect"
	"time"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// value returns the value to bind for the field in the struct at base:
// nil for NULL, the pointed-to value for a pointer, a JSON document as a
// string, and the field's own value otherwise. A decorated type's value is
// returned as it is; the compiler applies its BindValue.
func (f *field) value(base unsafe.Pointer) (any, error) {
	fp := unsafe.Add(base, f.offset)
	switch f.kind {
	case kindJSON:
		v := reflect.NewAt(f.typ, fp).Elem()
		if f.nullable && v.IsNil() {
			return nil, nil
		}
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return nil, err
		}
		return string(b), nil
	case kindNullZero:
		if reflect.NewAt(f.typ, fp).Elem().IsZero() {
			return nil, nil
		}
	}
	t := f.typ
	if f.pointer {
		fp = *(*unsafe.Pointer)(fp)
		if fp == nil {
			return nil, nil
		}
		t = f.elem
	}
	if f.valuerAt { // only *T is a driver.Valuer: bind the pointer
		return pointerAt(f.ptrWord, fp), nil
	}
	switch t {
	case int64Type:
		return *(*int64)(fp), nil
	case intType:
		return *(*int)(fp), nil
	case int32Type:
		return *(*int32)(fp), nil
	case stringType:
		return *(*string)(fp), nil
	case boolType:
		return *(*bool)(fp), nil
	case float64Type:
		return *(*float64)(fp), nil
	case timeType:
		return *(*time.Time)(fp), nil
	case bytesType:
		return *(*[]byte)(fp), nil
	}
	return reflect.NewAt(t, fp).Elem().Interface(), nil
}

var (
	int64Type   = reflect.TypeFor[int64]()
	intType     = reflect.TypeFor[int]()
	int32Type   = reflect.TypeFor[int32]()
	stringType  = reflect.TypeFor[string]()
	boolType    = reflect.TypeFor[bool]()
	float64Type = reflect.TypeFor[float64]()
)

func (f *field) isZero(base unsafe.Pointer) bool {
	return reflect.NewAt(f.typ, unsafe.Add(base, f.offset)).Elem().IsZero()
}

// isNull reports whether the field in the struct at base holds NULL: the
// value it binds is NULL. Only a nullable field can, or a Valuer tagged
// nullable, whose Value decides.
func (f *field) isNull(base unsafe.Pointer) bool {
	if !f.nullable && !f.nullValuer {
		return false
	}
	fp := unsafe.Add(base, f.offset)
	switch {
	case f.pointer:
		return *(*unsafe.Pointer)(fp) == nil
	case f.kind == kindNullZero, f.kind == kindJSON: // json: a nil map, slice or interface
		return reflect.NewAt(f.typ, fp).Elem().IsZero()
	}
	// sql.NullInt64 and its kind, Sensitive[*T]: the value decides.
	v, err := f.value(base)
	if err != nil {
		return false
	}
	if dv, ok := v.(driver.Valuer); ok {
		x, err := dv.Value()
		return err == nil && x == nil
	}
	return v == nil
}

func (md *model) valueAt(base unsafe.Pointer, i int) (any, error) {
	v, err := md.fields[i].value(base)
	if err != nil {
		return nil, &ValueError{Table: md.table.Name, Column: md.fields[i].column, Reason: "cannot encode the value", Err: err}
	}
	return v, nil
}

// Values appends to dst the values of the given columns of row, in order;
// without columns, of every mapped column in table order. It is the
// building block for statements the helpers below do not cover and for
// snapshots of an object's state. A column of another table is a
// *ValueError.
func (m *Mapping[T]) Values(dst []any, row *T, cols ...*expr.Column) ([]any, error) {
	md := m.m
	base := unsafe.Pointer(row)
	if len(cols) == 0 {
		for i := range md.fields {
			v, err := md.valueAt(base, i)
			if err != nil {
				return dst, err
			}
			dst = append(dst, v)
		}
		return dst, nil
	}
	for _, c := range cols {
		i, ok := md.colIndex[c]
		if !ok {
			return dst, &ValueError{Table: md.table.Name, Column: c.Name, Reason: "column is not a column of this mapping"}
		}
		v, err := md.valueAt(base, i)
		if err != nil {
			return dst, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

// Insert returns an INSERT of rows. It writes every mapped column except
// readonly ones and generated ones — autoincrement and server-defaulted
// columns (serverdefault, or an expr.ServerDefault option) — whose field
// is the zero value in every row. A generated column set in some rows and
// zero in others is a *ValueError: one INSERT cannot both leave it to the
// database and set it. Add Returning to read generated values back.
func (m *Mapping[T]) Insert(rows ...*T) (*expr.InsertStmt, error) {
	md := m.m
	if len(rows) == 0 {
		return nil, &ValueError{Table: md.table.Name, Reason: "INSERT without rows"}
	}
	ptrs := rowPointers(rows)
	idx, err := md.insertFields(ptrs)
	if err != nil {
		return nil, err
	}
	st := expr.Insert(md.table).Columns(md.columnsAt(idx)...)
	if err := md.appendRows(st, ptrs, idx, make([]any, len(idx))); err != nil {
		return nil, err
	}
	return st, nil
}

// columnsAt returns the columns of the fields in idx.
func (md *model) columnsAt(idx []int) []*expr.Column {
	cols := make([]*expr.Column, len(idx))
	for j, i := range idx {
		cols[j] = md.table.Columns[i]
	}
	return cols
}

// Update returns an UPDATE of row's table row, found by its primary key,
// setting every mapped column except the key, readonly, insertonly,
// autoincrement and deferred columns (UpdateColumns names a deferred one
// to write it). With a version column it also sets
// version = version + 1 and adds version = (the row's version) to the
// WHERE clause: when the statement affects no row, someone else changed
// the row first. Update does not change row; Updated, given the rows the
// statement affected, turns that into ErrStale or bumps row's version,
// and UpdateBatch does both for engine.RunBatch.
func (m *Mapping[T]) Update(row *T) (*expr.UpdateStmt, error) {
	return m.update(row, nil)
}

// UpdateColumns is Update restricted to the given columns (plus the
// version bump). Naming a key, readonly or insertonly column, or a column
// of another table, is a *ValueError.
func (m *Mapping[T]) UpdateColumns(row *T, cols ...*expr.Column) (*expr.UpdateStmt, error) {
	if len(cols) == 0 {
		return nil, &ValueError{Table: m.m.table.Name, Reason: "UpdateColumns without columns"}
	}
	return m.update(row, cols)
}

func (m *Mapping[T]) update(row *T, only []*expr.Column) (*expr.UpdateStmt, error) {
	md := m.m
	if len(md.pk) == 0 {
		return nil, &ValueError{Table: md.table.Name, Reason: "UPDATE by primary key needs a primary key"}
	}
	base := unsafe.Pointer(row)
	st := expr.Update(md.table)
	writable := func(i int) bool {
		f := md.fields[i]
		return !md.table.Columns[i].PrimaryKey && !f.opts.readOnly && !f.opts.insertOnly &&
			!f.opts.autoIncrement && i != md.version
	}
	set := func(i int) error {
		v, err := md.valueAt(base, i)
		if err != nil {
			return err
		}
		st.Set(md.table.Columns[i], v)
		return nil
	}
	if only == nil {
		for i := range md.fields {
			// A deferred column is written only when named: Select
			// leaves it out, so a row read and written back would
			// otherwise blank it.
			if writable(i) && !md.fields[i].opts.deferred {
				if err := set(i); err != nil {
					return nil, err
				}
			}
		}
	} else {
		for _, c := range only {
			i, ok := md.colIndex[c]
			if !ok || !writable(i) {
				return nil, &ValueError{Table: md.table.Name, Column: c.Name,
					Reason: "not an updatable column of this mapping (key, readonly, insertonly, autoincrement, version or foreign)"}
			}
			if err := set(i); err != nil {
				return nil, err
			}
		}
	}
	if md.version >= 0 {
		vc := md.table.Columns[md.version]
		st.Set(vc, vc.Add(1))
	}
	if len(st.Clauses().Sets) == 0 {
		return nil, &ValueError{Table: md.table.Name, Reason: "no updatable columns"}
	}
	conds := make([]expr.Expr, 0, len(md.pk)+1)
	for _, i := range md.pk {
		v, err := md.valueAt(base, i)
		if err != nil {
			return nil, err
		}
		conds = append(conds, md.table.Columns[i].Eq(v))
	}
	if md.version >= 0 {
		v, err := md.valueAt(base, md.version)
		if err != nil {
			return nil, err
		}
		conds = append(conds, md.table.Columns[md.version].Eq(v))
	}
	return st.Where(conds...), nil
}

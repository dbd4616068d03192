package mapper

import (
	"reflect"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// Model is a Mapping without its type parameter: what code that handles
// structs of many mapped types at once — the unit of work — needs to read
// and write their columns. Objects are passed as pointers to the mapped
// struct (a *User for the User mapping), held in an any; another type is a
// *ValueError. Columns are named by their index in Table().Columns.
//
// Like the Mapping it comes from, a Model is read-only and safe for
// concurrent use.
type Model struct {
	md *model
	// ptrWord is the interface type word of *T, to check objects by.
	ptrWord unsafe.Pointer
	// newInsert makes an InsertBatch[T] for the mapping's T.
	newInsert func(rows []unsafe.Pointer) Batch
}

// Batch is the bulk write the mapper hands to something that runs
// statements: it has engine.Batch's and engine.BatchUndoer's methods,
// declared here so that the mapper does not import the engine.
type Batch interface {
	PlanBatch(maxParams int, returning bool, idStep func() (int64, error)) (statements int, err error)
	NextStatement() (stmt expr.Statement, query bool, err error)
	BatchRows(rows interface {
		Next() bool
		Scan(dest ...any) error
		Err() error
	}) error
	BatchResult(lastInsertID, rowsAffected int64) error
	UndoBatch()
}

// Model returns the untyped view of the mapping.
func (m *Mapping[T]) Model() *Model { return m.m.pub }

// Model returns the mapping of struct type t, or nil when t is not mapped
// in this registry.
func (r *Registry) Model(t reflect.Type) *Model {
	r.mu.Lock()
	defer r.mu.Unlock()
	if md := r.byType[t]; md != nil {
		return md.pub
	}
	return nil
}

// Models returns every mapping of the registry, in the order they were
// mapped.
func (r *Registry) Models() []*Model {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*Model, len(r.models))
	for i, md := range r.models {
		out[i] = md.pub
	}
	return out
}

// Type returns the mapped struct type.
func (m *Model) Type() reflect.Type { return m.md.info.typ }

// Table returns the mapped table.
func (m *Model) Table() *expr.Table { return m.md.table }

// PrimaryKey returns the column indexes of the primary key, in key order.
func (m *Model) PrimaryKey() []int { return m.md.pk }

// Version returns the column index of the optimistic-locking column, or -1.
func (m *Model) Version() int { return m.md.version }

// FieldColumn returns the column index of the Go field at path ("Body",
// "Audit.CreatedAt"), or false.
func (m *Model) FieldColumn(path string) (int, bool) {
	i, ok := m.md.byPath[path]
	return i, ok
}

// Deferred reports whether column i is deferred (the tag's deferred):
// left out of the unit of work's queries, loaded when asked for.
func (m *Model) Deferred(i int) bool { return m.md.fields[i].opts.deferred }

// Select is Mapping.Select for the untyped view: the columns that are not
// deferred.
func (m *Model) Select() *expr.SelectStmt {
	cols := m.md.table.Columns
	items := make([]expr.Expr, 0, len(cols))
	for i, c := range cols {
		if !m.Deferred(i) {
			items = append(items, c)
		}
	}
	return expr.Select(items...).From(m.md.table)
}

// SoftDelete returns the index of the softdelete column (the tag's
// softdelete: a *time.Time, NULL while the row is live), or -1. The unit
// of work marks such rows deleted instead of deleting them, and leaves
// them out of its queries.
func (m *Model) SoftDelete() int { return m.md.softDel }

// New returns a pointer to a new zero struct of the mapped type.
func (m *Model) New() any { return reflect.New(m.md.info.typ).Interface() }

// ColumnIndex returns the index of column c, or false when c is not a
// column of this mapping.
func (m *Model) ColumnIndex(c *expr.Column) (int, bool) {
	i, ok := m.md.colIndex[c]
	return i, ok
}

// Generated reports whether the database fills column i when an INSERT
// leaves it out (autoincrement or a server default).
func (m *Model) Generated(i int) bool { return m.md.generated(i) }

// Updatable reports whether an UPDATE may set column i: it is not part of
// the key, readonly, insertonly, autoincrement or the version column.
func (m *Model) Updatable(i int) bool {
	md := m.md
	f := md.fields[i]
	return !md.table.Columns[i].PrimaryKey && !f.opts.readOnly && !f.opts.insertOnly &&
		!f.opts.autoIncrement && i != md.version
}

// Relationships resolves the registry and returns the mapping's
// relationships in field order.
func (m *Model) Relationships() ([]*Relationship, error) {
	if m.md.relsReady.Load() {
		return m.md.rels, nil
	}
	if err := m.md.reg.Resolve(); err != nil {
		return nil, err
	}
	return m.md.rels, nil
}

// pointer returns the struct address in obj, which must be a non-nil
// pointer to the mapped type: one comparison of interface type words,
// no reflection.
func (m *Model) pointer(obj any) (unsafe.Pointer, error) {
	e := (*eface)(unsafe.Pointer(&obj))
	if e.typ == m.ptrWord && e.data != nil {
		return e.data, nil
	}
	got := "nil"
	if obj != nil {
		got = reflect.TypeOf(obj).String()
	}
	return nil, &ValueError{Table: m.md.table.Name, Reason: "expected a non-nil *" + m.md.info.typ.String() + ", got " + got}
}

// Check reports whether obj is a non-nil pointer to the mapped type; the
// other methods taking an object panic when it is not.
func (m *Model) Check(obj any) error {
	_, err := m.pointer(obj)
	return err
}

// must is pointer for methods whose caller has checked obj.
func (m *Model) must(obj any) unsafe.Pointer {
	p, err := m.pointer(obj)
	if err != nil {
		panic(err)
	}
	return p
}

// Value returns the value to bind for column i of obj: nil for NULL, a
// JSON document as a string, the field's value otherwise.
func (m *Model) Value(obj any, i int) (any, error) { return m.md.valueAt(m.must(obj), i) }

// FieldValue returns column i's field of obj as the Go value it holds
// (a pointer field's pointer, not its target): what the unit of work keys
// its identity map with and compares keys by.
func (m *Model) FieldValue(obj any, i int) any {
	f := m.md.fields[i]
	fp := unsafe.Add(m.must(obj), f.offset)
	switch f.typ {
	case int64Type:
		return *(*int64)(fp)
	case intType:
		return *(*int)(fp)
	case int32Type:
		return *(*int32)(fp)
	case stringType:
		return *(*string)(fp)
	}
	return reflect.NewAt(f.typ, fp).Elem().Interface()
}

// IsZero reports whether column i's field of obj holds its zero value.
func (m *Model) IsZero(obj any, i int) bool { return m.md.fields[i].isZero(m.must(obj)) }

// IsNull reports whether column i's field of obj holds NULL — what Value
// binds as NULL: a nil pointer, a nullzero field at its zero value, a nil
// json field, an invalid sql.NullInt64 (any driver.Valuer whose Value is
// nil). A field that cannot hold NULL never does, its zero value included.
func (m *Model) IsNull(obj any, i int) bool { return m.md.fields[i].isNull(m.must(obj)) }

// SetField stores v in column i's field of obj, converting between Go
// types of the same kind (an int64 key into an int32 or *int64 foreign
// key); nil sets the zero value (NULL for a pointer). It is how the unit
// of work copies a parent's key into its children.
func (m *Model) SetField(obj any, i int, v any) error {
	f := m.md.fields[i]
	fv := reflect.NewAt(f.typ, unsafe.Add(m.must(obj), f.offset)).Elem()
	if v == nil {
		fv.SetZero()
		return nil
	}
	src := reflect.ValueOf(v)
	if f.pointer {
		if src.Type() == f.typ {
			fv.Set(src)
			return nil
		}
		if !convertible(src.Type(), f.elem) {
			return m.setError(i, src.Type())
		}
		p := reflect.New(f.elem)
		p.Elem().Set(src.Convert(f.elem))
		fv.Set(p)
		return nil
	}
	if src.Kind() == reflect.Pointer && src.Type().Elem() == f.typ {
		if src.IsNil() {
			fv.SetZero()
			return nil
		}
		src = src.Elem()
	}
	if !convertible(src.Type(), f.typ) {
		return m.setError(i, src.Type())
	}
	fv.Set(src.Convert(f.typ))
	return nil
}

// convertible reports whether a value of type from may be stored in a
// field of type to: Go's conversions, except integer to string, which
// makes a rune rather than the number's text.
func convertible(from, to reflect.Type) bool {
	if to.Kind() == reflect.String && from.Kind() != reflect.String {
		return false
	}
	return from.ConvertibleTo(to)
}

func (m *Model) setError(i int, t reflect.Type) error {
	f := m.md.fields[i]
	return &ValueError{Table: m.md.table.Name, Column: f.column,
		Reason: "cannot store a " + t.String() + " in field " + f.path + " of type " + f.typ.String()}
}

// InsertBatch is Mapping.InsertBatch for structs held untyped: objs are
// pointers to the mapped type.
func (m *Model) InsertBatch(objs []any) Batch {
	rows := make([]unsafe.Pointer, len(objs))
	for i, o := range objs {
		rows[i] = m.must(o)
	}
	return m.newInsert(rows)
}

// Into scans the first row of rows into the struct at obj, leaving fields
// the result does not name untouched, and closes rows: Into for an
// object whose type is known only at run time (a Refresh).
func (m *Model) Into(rows Rows, obj any, opts ...ScanOption) error {
	p, err := m.pointer(obj)
	if err != nil {
		return closeWith(rows, err)
	}
	return intoFirst(rows, m.md.info.typ, p, opts)
}

// FieldType returns the Go type of column i's field.
func (m *Model) FieldType(i int) reflect.Type { return m.md.fields[i].typ }

// Row scans the current row of rows into a new struct of the mapped type
// and returns the pointer to it: Row[*T] for a type known at run time,
// with the same plan kept in the rows' ScanState slot.
func (m *Model) Row(rows RowSource) (any, error) {
	st := rows.ScanState()
	c, ok := (*st).(*modelCursor)
	if !ok || c.m != m {
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		c = &modelCursor{m: m}
		if err := c.init(rows, cols, m.md.info.typ, nil); err != nil {
			return nil, err
		}
		c.src = rows
		if ss, ok := rows.(sliceScanner); ok {
			c.src = sliceScan{ss}
		}
		*st = c
	}
	obj := c.next()
	if err := c.scanTo(c.src, obj.UnsafePointer()); err != nil {
		return nil, err
	}
	return obj.Interface(), nil
}

// modelCursor is Model.Row's state for one result.
type modelCursor struct {
	cursor
	m     *Model
	src   scanner
	block unsafe.Pointer // structs allocated together, [chunkSize]T
	left  int            // how many of block's structs are not handed out yet
	rows  int            // rows handed out so far
}

// next returns a new struct for the next row: the first alone, as for a
// lookup by key, the rest from blocks of chunkSize, as Row[*T] does.
func (c *modelCursor) next() reflect.Value {
	c.rows++
	if c.rows == 1 {
		return reflect.New(c.m.md.info.typ)
	}
	t := c.m.md.info.typ
	if c.left == 0 {
		c.block = reflect.New(reflect.ArrayOf(chunkSize, t)).UnsafePointer()
		c.left = chunkSize
	}
	// Addressed from the block's start: a pointer past its end would be
	// no pointer Go allows. (A reflect slice of the block would allocate
	// its header at each step.)
	obj := reflect.NewAt(t, unsafe.Add(c.block, uintptr(chunkSize-c.left)*t.Size()))
	c.left--
	return obj
}

// FieldInt64 returns column i's field of obj when it is an int64, without
// boxing it: the common key, read for every row a session loads.
func (m *Model) FieldInt64(obj any, i int) (int64, bool) {
	f := m.md.fields[i]
	if f.typ != int64Type {
		return 0, false
	}
	return *(*int64)(unsafe.Add(m.must(obj), f.offset)), true
}

// FieldString is FieldInt64 for a string field.
func (m *Model) FieldString(obj any, i int) (string, bool) {
	f := m.md.fields[i]
	if f.typ != stringType {
		return "", false
	}
	return *(*string)(unsafe.Add(m.must(obj), f.offset)), true
}

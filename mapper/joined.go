package mapper

import (
	"errors"
	"reflect"
	"time"
	"unsafe"
)

// JoinedScanner scans the rows of a query that selects several mapped
// types side by side — each part's columns in a run, one part after the
// other — as eager loading by a join does: a user, then the user's
// order, then the order's item, in every row. Each part is scanned into
// a struct of its own that the scanner reuses for every row; New copies
// it out for the rows that hold an object the caller has not seen yet,
// so a parent repeated on fifty rows is allocated once.
//
// Parts after the first come from outer joins: a part whose key columns
// are NULL holds no row (Present is false), whatever the nullability of
// its fields.
type JoinedScanner struct {
	parts []joinedPart
	dest  []any
}

// JoinedPart is one run of columns of a JoinedScanner: the mapping's
// columns at the indexes Columns (in Table().Columns), in that order.
type JoinedPart struct {
	Model   *Model
	Columns []int
}

type joinedPart struct {
	m       *Model
	scratch reflect.Value // *T the row is scanned into
	base    unsafe.Pointer
	fields  []*field      // the first part's fields, by column
	block   reflect.Value // [chunkSize]T that New hands out
	left    int           // structs of block not handed out
	outer   []outerSlot
	absent  bool // a key column was NULL
	badNull *field
}

// outerSlot scans one column of an outer-joined part: NULL is taken
// whatever the field, and judged once the whole row is read.
type outerSlot struct {
	p   *joinedPart
	f   *field
	key bool
}

// NewJoinedScanner returns a scanner for rows whose columns are parts'
// runs, in order. The first part's NULLs follow the fields' own rules;
// the others may be missing from a row.
func NewJoinedScanner(parts []JoinedPart) *JoinedScanner {
	n := 0
	for _, p := range parts {
		n += len(p.Columns)
	}
	js := &JoinedScanner{parts: make([]joinedPart, len(parts)), dest: make([]any, 0, n)}
	for k, jp := range parts {
		md := jp.Model.md
		p := &js.parts[k]
		p.m = jp.Model
		p.scratch = reflect.New(md.info.typ)
		p.base = p.scratch.UnsafePointer()
		if k == 0 {
			for _, i := range jp.Columns {
				f := md.fields[i]
				p.fields = append(p.fields, f)
				if f.kind == kindDirect {
					js.dest = append(js.dest, pointerAt(f.ptrWord, unsafe.Add(p.base, f.offset)))
				} else {
					js.dest = append(js.dest, &helper{f: f, base: p.base})
				}
			}
			continue
		}
		p.outer = make([]outerSlot, len(jp.Columns))
		for j, i := range jp.Columns {
			p.outer[j] = outerSlot{p: p, f: md.fields[i], key: md.table.Columns[i].PrimaryKey}
			js.dest = append(js.dest, &p.outer[j])
		}
	}
	return js
}

// Scan reads the current row of rows into the parts' structs.
func (js *JoinedScanner) Scan(rows interface{ Scan(dest ...any) error }) error {
	for k := range js.parts {
		p := &js.parts[k]
		// A driver may scan into what a field holds (a []byte's array,
		// a pointer's target): start each row from zero values, so that
		// objects copied out never share them.
		p.scratch.Elem().SetZero()
		p.absent, p.badNull = false, nil
	}
	if err := rows.Scan(js.dest...); err != nil {
		return js.diagnose(rows, err)
	}
	for k := range js.parts {
		p := &js.parts[k]
		if !p.absent && p.badNull != nil {
			return &NullError{Type: p.m.md.info.typ.String(), Field: p.badNull.path, Column: p.badNull.column}
		}
	}
	return nil
}

// diagnose turns a failed Scan into the error a scan of the first part
// alone would give: a *NullError naming the field that met NULL, found
// from the error (pgx) or by reading the row again as values.
func (js *JoinedScanner) diagnose(rows interface{ Scan(dest ...any) error }, err error) error {
	root := &js.parts[0]
	name := root.m.md.info.typ.String()
	var ne *NullError
	if errors.As(err, &ne) {
		if ne.Type == "" {
			ne.Type = name
		}
		return ne
	}
	var se *ScanError
	if errors.As(err, &se) {
		return se
	}
	nullAt := func(i int) error {
		if i < len(root.fields) && !root.fields[i].nullable && !root.fields[i].scanner {
			return &NullError{Type: name, Field: root.fields[i].path, Column: root.fields[i].column}
		}
		return nil
	}
	var nc nullColumner
	if errors.As(err, &nc) {
		if ne := nullAt(nc.NullColumn()); ne != nil {
			return ne
		}
	}
	vals := make([]any, len(js.dest))
	ptrs := make([]any, len(js.dest))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if rows.Scan(ptrs...) == nil {
		for i := range root.fields {
			if vals[i] == nil {
				if ne := nullAt(i); ne != nil {
					return ne
				}
			}
		}
	}
	return &ScanError{Err: err}
}

// Present reports whether part k holds a row in the current row.
func (js *JoinedScanner) Present(k int) bool { return !js.parts[k].absent }

// Current returns part k's struct for the current row, as a *T: read it
// (its key, to find the object it is), never keep it — the next Scan
// overwrites it.
func (js *JoinedScanner) Current(k int) any { return js.parts[k].scratch.Interface() }

// New returns a new *T holding part k's values of the current row. The
// structs of one part are allocated chunkSize at a time, so that those
// New returns one after the other lie end to end, as Model.Row's do.
func (js *JoinedScanner) New(k int) any {
	p := &js.parts[k]
	if p.left == 0 {
		p.block = reflect.New(reflect.ArrayOf(chunkSize, p.scratch.Type().Elem())).Elem()
		p.left = chunkSize
	}
	obj := p.block.Index(chunkSize - p.left).Addr()
	p.left--
	obj.Elem().Set(p.scratch.Elem())
	return obj.Interface()
}

func (s *outerSlot) Scan(src any) error {
	f := s.f
	if src == nil {
		switch {
		case s.key:
			s.p.absent = true
		case f.scanner && !f.pointer:
			// The field's own Scan decides what NULL means, as for
			// any scan; a part found absent is dropped anyway.
			return convertInto(f, reflect.NewAt(f.typ, unsafe.Add(s.p.base, f.offset)).Elem(), nil)
		case !f.nullable && s.p.badNull == nil:
			s.p.badNull = f
		}
		return nil // the field keeps its zero value
	}
	if f.kind == kindDirect && !f.pointer && storeCommon(f, unsafe.Add(s.p.base, f.offset), src) {
		return nil
	}
	if f.kind == kindDirect {
		target := reflect.NewAt(f.typ, unsafe.Add(s.p.base, f.offset)).Elem()
		if !f.pointer {
			return convertInto(f, target, src)
		}
		elem := reflect.New(f.elem)
		if err := convertInto(&field{column: f.column, path: f.path, typ: f.elem}, elem.Elem(), src); err != nil {
			return err
		}
		target.Set(elem)
		return nil
	}
	h := helper{f: f, base: s.p.base}
	return h.Scan(src)
}

// storeCommon stores src in the field at fp without reflection when both
// are among the common kinds — the key and text columns of every joined
// row — and reports whether it did.
func storeCommon(f *field, fp unsafe.Pointer, src any) bool {
	switch v := src.(type) {
	case int64:
		if f.typ == int64Type {
			*(*int64)(fp) = v
			return true
		}
	case string:
		if f.typ == stringType {
			*(*string)(fp) = v
			return true
		}
	case []byte:
		if f.typ == stringType {
			*(*string)(fp) = string(v)
			return true
		}
	case float64:
		if f.typ == float64Type {
			*(*float64)(fp) = v
			return true
		}
	case bool:
		if f.typ == boolType {
			*(*bool)(fp) = v
			return true
		}
	case time.Time:
		if f.typ == timeType {
			*(*time.Time)(fp) = v
			return true
		}
	}
	return false
}

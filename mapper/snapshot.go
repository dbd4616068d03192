package mapper

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
	"time"
	"unsafe"
)

// Snapshot is a copy of an object's column values, taken when the unit of
// work loads or flushes it. Go cannot see a field being assigned, so
// changes are found by comparing the object with its snapshot: Changed
// lists the columns that differ, Restore puts the snapshot's values back
// (a rolled-back transaction).
//
// A snapshot is one shallow copy of the struct — one allocation — in
// which the fields that refer to memory the program can change in place
// (a pointer's target, a []byte's bytes) are replaced by copies of what
// they refer to; a JSON column is kept as its document, and a column of
// another type with references (a map or slice Valuer) as a deep copy.
type Snapshot struct {
	copy unsafe.Pointer // the struct copy
	enc  []any          // by column: a JSON column's document, a clone (reflect.Value) of another compared column
}

// snapMode says how a column is copied and compared.
type snapMode uint8

const (
	snapBits    snapMode = iota // integers, floats, bools: the bytes
	snapString                  // strings
	snapTime                    // time.Time: the same instant
	snapEqual                   // structs of plain values (refFree): compared by sameValue
	snapPointer                 // pointer to one of the above: a copy of the target
	snapBytes                   // []byte: a copy of the bytes, nil kept apart from empty
	snapEncoded                 // anything else: the bound value
)

type snapField struct {
	mode snapMode
	elem snapMode // for snapPointer: the target's mode
	size uintptr  // for snapBits
}

// snapPlan is a model's snapshot modes, worked out at the first snapshot.
type snapPlan struct {
	once   sync.Once
	fields []snapField
	deep   []int // the fields the struct's bytes do not copy: all but snapBits, snapString, snapTime, snapEqual
	enc    bool  // some column is compared encoded
}

func plainMode(t reflect.Type) (snapMode, bool) {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return snapBits, true
	case reflect.String:
		return snapString, true
	}
	if t == timeType {
		return snapTime, true
	}
	if t.Kind() == reflect.Struct && refFree(t) {
		return snapEqual, true
	}
	return 0, false
}

// refFree reports whether a value of type t refers to no memory outside
// itself (time.Time's location aside), so that a copy of its bytes is a
// snapshot no change made in place can reach. A struct holding a pointer,
// such as a decimal type's digits, is not: it is compared encoded, deep.
func refFree(t reflect.Type) bool {
	if t == timeType {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface,
		reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	case reflect.Array:
		return refFree(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !refFree(t.Field(i).Type) {
				return false
			}
		}
	}
	return true
}

func (md *model) snapPlan() *snapPlan {
	sp := &md.snap
	sp.once.Do(func() {
		sp.fields = make([]snapField, len(md.fields))
		for i, f := range md.fields {
			sf := &sp.fields[i]
			switch mode, ok := plainMode(f.typ); {
			case f.kind == kindJSON:
				sf.mode = snapEncoded
			case ok:
				sf.mode, sf.size = mode, f.typ.Size()
			case f.typ == bytesType:
				sf.mode = snapBytes
			case f.pointer:
				if em, ok := plainMode(f.elem); ok {
					sf.mode, sf.elem, sf.size = snapPointer, em, f.elem.Size()
				} else {
					sf.mode = snapEncoded
				}
			default:
				sf.mode = snapEncoded
			}
			sp.enc = sp.enc || sf.mode == snapEncoded
			if sf.mode == snapPointer || sf.mode == snapBytes || sf.mode == snapEncoded {
				sp.deep = append(sp.deep, i)
			}
		}
	})
	return sp
}

// Snapshot copies obj's column values. Reusing s's memory, when s comes
// from an earlier Snapshot of this model, avoids the allocation.
func (m *Model) Snapshot(obj any, s *Snapshot) error {
	md := m.md
	p, err := m.pointer(obj)
	if err != nil {
		return err
	}
	sp := md.snapPlan()
	t := md.info.typ
	if s.copy == nil {
		s.copy = reflect.New(t).UnsafePointer()
	}
	reflect.NewAt(t, s.copy).Elem().Set(reflect.NewAt(t, p).Elem())
	if sp.enc && s.enc == nil {
		s.enc = make([]any, len(md.fields))
	}
	for _, i := range sp.deep { // the rest is copied with the struct
		if err := md.snapField(sp, s, p, i); err != nil {
			return err
		}
	}
	return nil
}

// snapField makes s's copy of field i its own, after the struct's bytes
// were copied from p: pointers and byte slices deep, encoded columns in
// s.enc.
func (md *model) snapField(sp *snapPlan, s *Snapshot, p unsafe.Pointer, i int) error {
	f := md.fields[i]
	dst := unsafe.Add(s.copy, f.offset)
	switch sp.fields[i].mode {
	case snapPointer:
		if src := *(*unsafe.Pointer)(dst); src != nil {
			c := reflect.New(f.elem)
			c.Elem().Set(reflect.NewAt(f.elem, src).Elem())
			*(*unsafe.Pointer)(dst) = c.UnsafePointer()
		}
	case snapBytes:
		if b := *(*[]byte)(dst); b != nil {
			*(*[]byte)(dst) = bytes.Clone(b)
		}
	case snapEncoded:
		if f.kind != kindJSON {
			s.enc[i] = cloneValue(reflect.NewAt(f.typ, unsafe.Add(p, f.offset)).Elem())
			return nil
		}
		v, err := md.valueAt(p, i)
		if err != nil {
			return err
		}
		s.enc[i] = v
	}
	return nil
}

// SnapshotColumn copies column i's value of obj into s, an earlier
// Snapshot of obj, leaving the other columns as they were: a column
// loaded after the rest (a deferred one) joins the snapshot.
func (m *Model) SnapshotColumn(obj any, s *Snapshot, i int) error {
	md := m.md
	p, err := m.pointer(obj)
	if err != nil {
		return err
	}
	if s.copy == nil {
		return m.Snapshot(obj, s)
	}
	sp := md.snapPlan()
	if sp.enc && s.enc == nil {
		s.enc = make([]any, len(md.fields))
	}
	f := md.fields[i]
	reflect.NewAt(f.typ, unsafe.Add(s.copy, f.offset)).Elem().Set(reflect.NewAt(f.typ, unsafe.Add(p, f.offset)).Elem())
	return md.snapField(sp, s, p, i)
}

// Changed appends to dst the indexes of the columns whose values in obj
// differ from the snapshot s, in column order.
func (m *Model) Changed(dst []int, obj any, s *Snapshot) ([]int, error) {
	md := m.md
	p, err := m.pointer(obj)
	if err != nil {
		return dst, err
	}
	sp := md.snapPlan()
	for i, f := range md.fields {
		a, b := unsafe.Add(p, f.offset), unsafe.Add(s.copy, f.offset)
		var same bool
		switch sf := &sp.fields[i]; sf.mode {
		case snapPointer:
			pa, pb := *(*unsafe.Pointer)(a), *(*unsafe.Pointer)(b)
			same = pa == nil && pb == nil ||
				pa != nil && pb != nil && samePlain(sf.elem, f.elem, sf.size, pa, pb)
		case snapBytes:
			ba, bb := *(*[]byte)(a), *(*[]byte)(b)
			same = (ba == nil) == (bb == nil) && bytes.Equal(ba, bb)
		case snapEncoded:
			if f.kind != kindJSON {
				same = sameValue(reflect.NewAt(f.typ, a).Elem(), s.enc[i].(reflect.Value))
				break
			}
			v, err := md.valueAt(p, i)
			if err != nil {
				return dst, err
			}
			same = sameEncoded(v, s.enc[i])
		default:
			same = samePlain(sf.mode, f.typ, sf.size, a, b)
		}
		if !same {
			dst = append(dst, i)
		}
	}
	return dst, nil
}

// samePlain compares two values of a plain type t at a and b.
func samePlain(mode snapMode, t reflect.Type, size uintptr, a, b unsafe.Pointer) bool {
	switch mode {
	case snapBits:
		return unsafe.String((*byte)(a), size) == unsafe.String((*byte)(b), size)
	case snapString:
		return *(*string)(a) == *(*string)(b)
	case snapTime:
		return (*time.Time)(a).Equal(*(*time.Time)(b))
	}
	return sameValue(reflect.NewAt(t, a).Elem(), reflect.NewAt(t, b).Elem())
}

// sameEncoded compares two bound values of a column compared encoded.
func sameEncoded(a, b any) bool {
	if ba, ok := a.([]byte); ok {
		bb, ok := b.([]byte)
		return ok && (ba == nil) == (bb == nil) && bytes.Equal(ba, bb)
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta := reflect.TypeOf(a)
	if ta != reflect.TypeOf(b) {
		return false
	}
	if ta.Comparable() {
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

// Restore writes the snapshot's column values back into obj; the
// snapshot stays valid. A JSON column is decoded from the document the
// snapshot kept; a map, slice or other reference column gets a copy of
// the value its field held when the snapshot was taken.
func (m *Model) Restore(obj any, s *Snapshot) error {
	md := m.md
	p, err := m.pointer(obj)
	if err != nil {
		return err
	}
	sp := md.snapPlan()
	for i, f := range md.fields {
		dst, src := unsafe.Add(p, f.offset), unsafe.Add(s.copy, f.offset)
		fv := reflect.NewAt(f.typ, dst).Elem()
		switch sp.fields[i].mode {
		case snapPointer:
			if sv := *(*unsafe.Pointer)(src); sv == nil {
				fv.SetZero()
			} else {
				c := reflect.New(f.elem)
				c.Elem().Set(reflect.NewAt(f.elem, sv).Elem())
				fv.Set(c)
			}
		case snapBytes:
			b := *(*[]byte)(src)
			if b != nil {
				b = bytes.Clone(b)
			}
			*(*[]byte)(dst) = b
		case snapEncoded:
			if f.kind == kindJSON {
				nv := reflect.New(f.typ)
				if doc, ok := s.enc[i].(string); ok {
					if err := json.Unmarshal([]byte(doc), nv.Interface()); err != nil {
						return &ScanError{Column: f.column, Field: f.path, Err: err}
					}
				}
				fv.Set(nv.Elem())
				continue
			}
			fv.Set(cloneValue(s.enc[i].(reflect.Value)))
		default:
			fv.Set(reflect.NewAt(f.typ, src).Elem())
		}
	}
	return nil
}

// SnapshotBlock is the memory of the struct copies of the snapshots of
// one query's objects, allocated together: Take hands it out without an
// allocation per snapshot. The zero SnapshotBlock is empty.
type SnapshotBlock struct {
	base    unsafe.Pointer // n copies of the model's struct
	size    uintptr
	used, n int
}

// NewSnapshots returns a block for n snapshots of m's objects.
func (m *Model) NewSnapshots(n int) SnapshotBlock {
	t := m.md.info.typ
	return SnapshotBlock{base: reflect.MakeSlice(reflect.SliceOf(t), n, n).UnsafePointer(), size: t.Size(), n: n}
}

// Left returns how many snapshots the block can still hand out.
func (b *SnapshotBlock) Left() int { return b.n - b.used }

// Take makes s, an empty snapshot, use the block's next struct copy,
// and reports false when the block is used up.
func (b *SnapshotBlock) Take(s *Snapshot) bool {
	if b.used == b.n {
		return false
	}
	s.copy = unsafe.Add(b.base, uintptr(b.used)*b.size) // from the start: never past the end
	b.used++
	return true
}

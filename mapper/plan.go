package mapper

import (
	"encoding/json"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// planMode is the shape of the scan target.
type planMode uint8

const (
	modeStruct    planMode = iota // T is a struct
	modeStructPtr                 // T is *struct: one new struct per row
	modeMap                       // T is map[string]any
	modeScalar                    // T is one column's value
)

// plan scans one result column list into one Go type. Plans are immutable
// once built and shared by all goroutines.
type plan struct {
	typ     reflect.Type // the scan target T
	elem    reflect.Type // the struct type for modeStructPtr
	chunk   reflect.Type // [chunkSize]elem, for modeStructPtr
	mode    planMode
	columns []string
	slots   []slot
	unknown int  // index of the first result column without a field, or -1
	nhelp   int  // number of helper slots
	strict  bool // some direct field cannot hold NULL
}

// slot is one result column.
type slot struct {
	f      *field // nil: no field takes the column
	helper int    // index among the cursor's helpers, or -1 for a direct pointer
}

// maxPlansPerType bounds the cache for one Go type, so that queries with
// ever-changing column lists cannot grow it without end; beyond it plans
// are built per call.
const maxPlansPerType = 64

// planSet holds the plans of one Go type. Readers load list without a
// lock; writers copy it under mu.
type planSet struct {
	mu   sync.Mutex // serializes writers of list
	list atomic.Pointer[[]*plan]
}

var plans sync.Map // reflect.Type -> *planSet

var mapType = reflect.TypeFor[map[string]any]()

// planFor returns the cached plan for t and columns, building it once.
func planFor(t reflect.Type, columns []string) (*plan, error) {
	v, ok := plans.Load(t)
	if !ok {
		v, _ = plans.LoadOrStore(t, &planSet{})
	}
	ps := v.(*planSet)
	if p := ps.find(columns); p != nil {
		return p, nil
	}
	p, err := buildPlan(t, slices.Clone(columns))
	if err != nil {
		return nil, err
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if q := ps.find(columns); q != nil {
		return q, nil
	}
	var list []*plan
	if old := ps.list.Load(); old != nil {
		list = *old
	}
	if len(list) < maxPlansPerType {
		list = append(list[:len(list):len(list)], p)
		ps.list.Store(&list)
	}
	return p, nil
}

func (ps *planSet) find(columns []string) *plan {
	l := ps.list.Load()
	if l == nil {
		return nil
	}
	for _, p := range *l {
		if slices.Equal(p.columns, columns) {
			return p
		}
	}
	return nil
}

func buildPlan(t reflect.Type, columns []string) (*plan, error) {
	p := &plan{typ: t, columns: columns, slots: make([]slot, len(columns)), unknown: -1}
	st := t
	switch {
	case t == mapType:
		p.mode = modeMap
		return p, nil
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && !isLeafStruct(t.Elem()):
		p.mode, st = modeStructPtr, t.Elem()
		p.elem, p.chunk = st, reflect.ArrayOf(chunkSize, st)
	case t.Kind() == reflect.Struct && !isLeafStruct(t):
		p.mode = modeStruct
	default:
		p.mode = modeScalar
		if len(columns) != 1 {
			return nil, &MappingError{Type: t.String(), Reason: "a scalar takes exactly one result column, got " + itoa(len(columns))}
		}
		f := &field{column: columns[0], typ: t, elem: t}
		ti := &typeInfo{typ: t}
		if err := ti.classify(f); err != nil {
			return nil, err
		}
		p.slots[0] = p.slotFor(f)
		return p, nil
	}
	info, err := infoFor(st)
	if err != nil {
		return nil, err
	}
	for i, c := range columns {
		f := info.byColumn[c]
		if f == nil {
			if p.unknown < 0 {
				p.unknown = i
			}
			p.slots[i] = slot{helper: -1}
			continue
		}
		if slices.Index(columns, c) != i {
			return nil, &UnknownColumnError{Type: st.String(), Column: c, Duplicate: true}
		}
		p.slots[i] = p.slotFor(f)
	}
	return p, nil
}

func (p *plan) slotFor(f *field) slot {
	if f.kind == kindDirect {
		if !f.nullable && !f.scanner {
			p.strict = true
		}
		return slot{f: f, helper: -1}
	}
	p.nhelp++
	return slot{f: f, helper: p.nhelp - 1}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// helper converts one column's value on its way into a field: JSON,
// user-defined types and nullzero fields. The driver calls Scan with the
// column's value; base is the current row's struct.
type helper struct {
	f    *field
	base unsafe.Pointer
}

// discard takes a result column that no field wants.
type discard struct{}

func (discard) Scan(any) error { return nil }

func (h *helper) Scan(src any) error {
	f := h.f
	fp := unsafe.Add(h.base, f.offset)
	target := reflect.NewAt(f.typ, fp).Elem()
	if src == nil {
		if !f.nullable {
			return &NullError{Field: f.path, Column: f.column}
		}
		target.SetZero()
		return nil
	}
	switch f.kind {
	case kindJSON:
		var b []byte
		switch s := src.(type) {
		case []byte:
			b = s
		case string:
			b = []byte(s)
		default:
			return &ScanError{Column: f.column, Field: f.path, Err: errString("JSON column returned " + reflect.TypeOf(src).String())}
		}
		target.SetZero()
		if err := json.Unmarshal(b, fp2any(f, fp)); err != nil {
			return &ScanError{Column: f.column, Field: f.path, Err: err}
		}
		return nil
	case kindUser:
		v, err := f.user.ResultValue(src)
		if err != nil {
			return &ScanError{Column: f.column, Field: f.path, Err: err}
		}
		if v == nil {
			if !f.nullable {
				return &NullError{Field: f.path, Column: f.column}
			}
			target.SetZero()
			return nil
		}
		return assign(f, target, reflect.ValueOf(v))
	default: // kindNullZero
		return convertInto(f, target, src)
	}
}

// fp2any returns a pointer to the field as an interface value.
func fp2any(f *field, fp unsafe.Pointer) any { return pointerAt(f.ptrWord, fp) }

// assign stores v in target, through the pointer for pointer fields.
func assign(f *field, target, v reflect.Value) error {
	if f.pointer {
		if !v.Type().AssignableTo(f.elem) {
			if !v.Type().ConvertibleTo(f.elem) {
				return &ScanError{Column: f.column, Field: f.path, Err: errString("cannot store " + v.Type().String() + " in " + f.typ.String())}
			}
			v = v.Convert(f.elem)
		}
		n := reflect.New(f.elem)
		n.Elem().Set(v)
		target.Set(n)
		return nil
	}
	if !v.Type().AssignableTo(f.typ) {
		if !v.Type().ConvertibleTo(f.typ) {
			return &ScanError{Column: f.column, Field: f.path, Err: errString("cannot store " + v.Type().String() + " in " + f.typ.String())}
		}
		v = v.Convert(f.typ)
	}
	target.Set(v)
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

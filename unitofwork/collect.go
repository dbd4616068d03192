package unitofwork

import (
	"reflect"
	"slices"
	"unsafe"

	"github.com/sqlforge/sqlforge/mapper"
)

// A collection loader (one-to-many, many-to-many) links each row it reads
// to the parents whose key the row refers to. The keys are compared as
// relKeys, read without boxing where the key field is an int64 — the
// usual key. The collections a loader fills share one array: each
// parent's slice is a window of it, capped at the window's end, so that
// appending to one collection copies it rather than writing into the
// next parent's. One array, not one slice grown row by row per parent.

// relKey is a key value as a map key that matches however the field that
// holds it is typed: integers by value (an int64 field, an int32 or a
// *int64 one alike), other keys as normKey makes them.
type relKey struct {
	n int64
	v any // a key other than an integer; nil for an integer
}

// keyAt returns column i of obj, an object of m, as a relKey; false for
// a field that binds NULL.
func keyAt(m *mapper.Model, obj any, i int) (relKey, bool) {
	if m.IsNull(obj, i) { // a nullzero field's zero value too
		return relKey{}, false
	}
	if n, ok := m.FieldInt64(obj, i); ok {
		return relKey{n: n}, true
	}
	return relKeyOf(m.FieldValue(obj, i))
}

// relKeyOf returns key value v as a relKey; false for nil.
func relKeyOf(v any) (relKey, bool) {
	switch k := normKey(v).(type) {
	case nil:
		return relKey{}, false
	case int64:
		return relKey{n: k}, true
	default:
		return relKey{v: k}, true
	}
}

// value is k as a value to bind.
func (k relKey) value() any {
	if k.v != nil {
		return k.v
	}
	return k.n
}

// collecting is a collection loader's parents, sorted: those whose
// collection is not loaded (todo), grouped by the key — the value of the
// column the rows refer to — and the objects of the collections already
// loaded (related), which the path goes on through.
type collecting struct {
	l       *loader
	todo    []any
	fields  []reflect.Value // todo's collection fields
	group   []int32         // each todo parent's group; -1 for a NULL key
	ints    map[int64]int32
	others  map[any]int32 // the groups of the keys: integer ones, other ones
	keys    []any         // each group's key, to bind
	related []any
}

// collect sorts parents by their collection's field and their column
// ref.
func (l *loader) collect(parents []any, ref int) (*collecting, error) {
	c := &collecting{l: l, ints: make(map[int64]int32, len(parents)),
		todo: make([]any, 0, len(parents)), fields: make([]reflect.Value, 0, len(parents)), group: make([]int32, 0, len(parents))}
	for _, p := range parents {
		fv, err := l.field(p)
		if err != nil {
			return nil, err
		}
		if !fv.IsNil() {
			c.related = appendElems(c.related, fv)
			continue
		}
		g := int32(-1)
		if k, ok := keyAt(l.m, p, ref); ok {
			if g = c.groupOf(k, true); g < 0 {
				g = int32(len(c.keys))
				c.keys = append(c.keys, k.value())
				if k.v == nil {
					c.ints[k.n] = g
				} else {
					if c.others == nil {
						c.others = map[any]int32{}
					}
					c.others[k.v] = g
				}
			}
		}
		c.todo = append(c.todo, p)
		c.fields = append(c.fields, fv)
		c.group = append(c.group, g)
	}
	return c, nil
}

// groupOf returns the group of key k, or -1 when no parent has it.
func (c *collecting) groupOf(k relKey, ok bool) int32 {
	if !ok {
		return -1
	}
	var g int32
	if k.v == nil {
		g, ok = c.ints[k.n]
	} else {
		g, ok = c.others[k.v]
	}
	if !ok {
		return -1
	}
	return g
}

// fill sets each todo parent's collection to its group's objects: objs
// with group(i) the group of objs[i], -1 for no parent's; a group's
// objects keep their order. It records the collections as the flush's
// baseline and returns the related objects, those already loaded and
// then the new collections' in parent order.
func (c *collecting) fill(objs []any, group func(i int) int32) []any {
	if len(c.todo) == 0 {
		return c.related
	}
	// The windows of the array: group g's objects are at [start[g],
	// start[g+1]).
	start := make([]int, len(c.keys)+1)
	groups := make([]int32, len(objs)) // each object's group, found once
	for i := range objs {
		g := group(i)
		groups[i] = g
		if g >= 0 {
			start[g+1]++
		}
	}
	for g := 1; g < len(start); g++ {
		start[g] += start[g-1]
	}
	total := start[len(c.keys)]
	// The fields are []*T with T the target type, the type of every
	// object given: a []unsafe.Pointer has their layout, and fills them
	// without reflect (a reflect.Value slice of a slice allocates).
	// Against reflect's Index.Set and Slice3 over one shared array,
	// BenchmarkSessionLoadRelations (impl=sqlforge, -count 6
	// interleaved): allocs/op -3.7% on SQLite, -12.6% on PostgreSQL
	// (p=0.002), B/op -0.9%; cpu-ns/op no significant change (p=0.59,
	// 0.70). The unsafe view stays in this function; TestFillWindows
	// guards it.
	all := make([]unsafe.Pointer, total)
	placed := make([]any, total) // all's elements, for the path's next step
	next := append([]int(nil), start[:len(c.keys)]...)
	for i, g := range groups {
		if g < 0 {
			continue
		}
		all[next[g]] = reflect.ValueOf(objs[i]).UnsafePointer()
		placed[next[g]] = objs[i]
		next[g]++
	}
	filled := make([]bool, len(c.keys))
	for j, fv := range c.fields {
		dst := (*[]unsafe.Pointer)(fv.Addr().UnsafePointer())
		switch g := c.group[j]; {
		case g < 0:
			*dst = all[:0:0] // empty, not nil: loaded
		case filled[g]: // a second parent with the same key: a slice of its own
			*dst = slices.Clone(all[start[g]:start[g+1]])
		default:
			filled[g] = true
			*dst = all[start[g]:start[g+1]:start[g+1]]
		}
		c.l.baseline(c.todo[j])
	}
	return append(c.related, placed...)
}

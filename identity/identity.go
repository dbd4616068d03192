// Package identity is an identity map: at most one Go object per database
// row, keyed by the row's mapped type and primary key.
//
// The unit of work (package unitofwork) keeps one Map per Session, so that
// two queries returning the same row give the same *User, a change made
// through one reference is the change every reference sees, and looking
// an object up by its key needs no SQL when the session holds it:
//
//	var m identity.Map[*User]
//	k := identity.NewKey(reflect.TypeFor[User](), int64(7))
//	if u, ok := m.Get(k); ok { ... }
//
// A key's values are compared with Go's ==, so they must have the types
// the mapped fields have: int64(7) and int(7) are different keys. The
// unit of work converts the values a caller passes before it looks up.
//
// It depends on the standard library only. A Map is not safe for
// concurrent use; neither is the Session that owns it.
package identity

import (
	"iter"
	"reflect"
	"strconv"
)

// MaxKeyColumns is the most primary-key columns a Key holds.
const MaxKeyColumns = 4

// Key identifies a row: its mapped Go type and its primary-key values in
// key order. Keys are comparable and hashable. A one-column int64 or
// string key is held as such, not in an interface: it hashes faster and
// builds without allocating.
type Key struct {
	Type reflect.Type
	n    uint8
	kind keyKind
	i    int64
	s    string
	// other holds a one-column key of another type, or a composite key
	// as a [MaxKeyColumns]any array, which interfaces compare by value.
	other any
}

type keyKind uint8

const (
	kindAny keyKind = iota
	kindInt
	kindString
)

// NewKey returns the key of the row of type t whose primary key is
// values. A []byte value is keyed by its bytes (a slice is not
// comparable). It panics with more than MaxKeyColumns values: a mapping with a
// longer key is refused before any key is made (see CheckKeyColumns).
func NewKey(t reflect.Type, values ...any) Key {
	if err := CheckKeyColumns(len(values)); err != nil {
		panic(err)
	}
	if len(values) == 1 {
		switch v := values[0].(type) {
		case int64:
			return IntKey(t, v)
		case string:
			return StringKey(t, v)
		case []byte:
			return StringKey(t, string(v))
		}
	}
	k := Key{Type: t, n: uint8(len(values))}
	if len(values) == 1 {
		k.other = values[0]
		return k
	}
	var vals [MaxKeyColumns]any
	for i, v := range values {
		if b, ok := v.([]byte); ok {
			v = string(b) // a slice is not comparable; its bytes are
		}
		vals[i] = v
	}
	k.other = vals
	return k
}

// IntKey is NewKey(t, v) for a one-column int64 key.
func IntKey(t reflect.Type, v int64) Key { return Key{Type: t, n: 1, kind: kindInt, i: v} }

// StringKey is NewKey(t, v) for a one-column string key.
func StringKey(t reflect.Type, v string) Key { return Key{Type: t, n: 1, kind: kindString, s: v} }

// Len returns the number of key columns.
func (k Key) Len() int { return int(k.n) }

// Value returns the value of key column j.
func (k Key) Value(j int) any {
	switch k.kind {
	case kindInt:
		return k.i
	case kindString:
		return k.s
	}
	if k.n == 1 {
		return k.other
	}
	return k.other.([MaxKeyColumns]any)[j]
}

// String describes the key for error messages: the type and the number of
// key columns, never the values, which may be personal data.
func (k Key) String() string {
	name := "<nil>"
	if k.Type != nil {
		name = k.Type.String()
	}
	return name + " key (" + strconv.Itoa(int(k.n)) + " columns)"
}

// KeyError reports a primary key with more columns than a Key holds.
type KeyError struct{ Columns int }

func (e *KeyError) Error() string {
	return "identity: a primary key of " + strconv.Itoa(e.Columns) + " columns; at most " +
		strconv.Itoa(MaxKeyColumns) + " are supported"
}

// CheckKeyColumns returns a *KeyError when a key of n columns cannot be a
// Key, and for n == 0: a row without a primary key has no identity.
func CheckKeyColumns(n int) error {
	if n < 1 || n > MaxKeyColumns {
		return &KeyError{Columns: n}
	}
	return nil
}

// Map maps keys to the one object of each row. The zero Map is empty and
// ready to use.
//
// One-column int64 keys, the common case, live in one map[int64] per
// type, the cheapest map Go has to hash and probe; the map of the type
// used last is kept at hand, since a query or a flush works on one type
// at a time.
type Map[V any] struct {
	ints  map[reflect.Type]map[int64]V
	lastT reflect.Type
	lastM map[int64]V
	m     map[Key]V // every other key
}

// intsOf returns the int64 map of type t, made when create is set.
func (m *Map[V]) intsOf(t reflect.Type, create bool) map[int64]V {
	if t == m.lastT && m.lastM != nil {
		return m.lastM
	}
	im := m.ints[t]
	if im == nil {
		if !create {
			return nil
		}
		if m.ints == nil {
			m.ints = make(map[reflect.Type]map[int64]V)
		}
		im = make(map[int64]V)
		m.ints[t] = im
	}
	m.lastT, m.lastM = t, im
	return im
}

// Get returns the object of key k.
func (m *Map[V]) Get(k Key) (V, bool) {
	if k.kind == kindInt {
		v, ok := m.intsOf(k.Type, false)[k.i]
		return v, ok
	}
	v, ok := m.m[k]
	return v, ok
}

// Put makes v the object of key k, replacing any other.
func (m *Map[V]) Put(k Key, v V) {
	if k.kind == kindInt {
		m.intsOf(k.Type, true)[k.i] = v
		return
	}
	if m.m == nil {
		m.m = make(map[Key]V)
	}
	m.m[k] = v
}

// Reserve makes room for n objects of type t with one-column int64 keys
// when the map has held none of them, so that filling it — a session's
// first query or flush of the type — does not grow it step by step.
func (m *Map[V]) Reserve(t reflect.Type, n int) {
	if m.ints[t] == nil {
		if m.ints == nil {
			m.ints = make(map[reflect.Type]map[int64]V)
		}
		im := make(map[int64]V, n)
		m.ints[t] = im
		m.lastT, m.lastM = t, im
	}
}

// Delete forgets key k.
func (m *Map[V]) Delete(k Key) {
	if k.kind == kindInt {
		delete(m.intsOf(k.Type, false), k.i)
		return
	}
	delete(m.m, k)
}

// Len returns the number of objects held.
func (m *Map[V]) Len() int {
	n := len(m.m)
	for _, im := range m.ints {
		n += len(im)
	}
	return n
}

// Clear forgets every key.
func (m *Map[V]) Clear() {
	for _, im := range m.ints {
		clear(im)
	}
	clear(m.m)
}

// All yields every key and object, in no particular order.
func (m *Map[V]) All() iter.Seq2[Key, V] {
	return func(yield func(Key, V) bool) {
		for t, im := range m.ints {
			for i, v := range im {
				if !yield(IntKey(t, i), v) {
					return
				}
			}
		}
		for k, v := range m.m {
			if !yield(k, v) {
				return
			}
		}
	}
}

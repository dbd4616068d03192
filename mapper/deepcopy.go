package mapper

import (
	"reflect"
	"time"
	"unsafe"
)

// The snapshot of a column whose Go value refers to memory the program
// can change in place — a map, a slice, a pointer, inside a Valuer type
// such as an hstore map or a string array — must not share that memory,
// or a change made in place would compare equal to itself. cloneValue
// copies through references; sameValue compares the way a database
// would see the values: time instants by Equal, nil apart from empty.
//
// A column type's references often sit in unexported fields (a decimal's
// digits behind a pointer), so cloneValue copies those too. reflect lets
// no one set a value read through an unexported field; cloneValue reaches
// one only as a field of its own fresh, addressable copy, and views that
// field through reflect.NewAt at its address, which reflect treats as
// exported. The view never leaves cloneValue, and sameValue needs none:
// reading through unexported fields is allowed.

// cloneValue returns a copy of v that shares no map, slice or pointer
// target with it, also through unexported struct fields. A time.Time is
// copied as it is: its location is shared, immutable data, and Equal
// compares instants.
func cloneValue(v reflect.Value) reflect.Value {
	t := v.Type()
	if t == timeType {
		n := reflect.New(t).Elem()
		n.Set(v)
		return n
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.New(t.Elem())
		n.Elem().Set(cloneValue(v.Elem()))
		return n
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			n.Index(i).Set(cloneValue(v.Index(i)))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			n.SetMapIndex(cloneValue(it.Key()), cloneValue(it.Value()))
		}
		return n
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.New(t).Elem()
		n.Set(cloneValue(v.Elem()))
		return n
	case reflect.Array:
		n := reflect.New(t).Elem()
		for i := range v.Len() {
			n.Index(i).Set(cloneValue(v.Index(i)))
		}
		return n
	case reflect.Struct:
		n := reflect.New(t).Elem()
		n.Set(v)
		for i := range t.NumField() {
			f := n.Field(i) // holds v's field: n is v's shallow copy
			if !t.Field(i).IsExported() {
				f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			}
			f.Set(cloneValue(f))
		}
		return n
	}
	return v
}

// sameValue reports whether a and b, of one type, hold the same value.
func sameValue(a, b reflect.Value) bool {
	t := a.Type()
	if t == timeType {
		return timeOf(a).Equal(timeOf(b))
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() && b.IsNil()
		}
		if a.Kind() == reflect.Interface && a.Elem().Type() != b.Elem().Type() {
			return false
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Slice, reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.Kind() == reflect.Map {
			for it := a.MapRange(); it.Next(); {
				bv := b.MapIndex(it.Key())
				if !bv.IsValid() || !sameValue(it.Value(), bv) {
					return false
				}
			}
			return true
		}
		fallthrough
	case reflect.Array:
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range t.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return a.Pointer() == b.Pointer()
	}
	return a.Equal(b)
}

// timeOf reads a time.Time value, also one reached through an unexported
// field, whose Interface would panic.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *(*time.Time)(v.Addr().UnsafePointer())
	}
	if v.CanInterface() {
		return v.Interface().(time.Time)
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return c.Interface().(time.Time)
}

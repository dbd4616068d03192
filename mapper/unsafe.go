package mapper

import (
	"reflect"
	"unsafe"
)

// The per-row path hands the driver interface values that point into the
// destination struct. An interface holding a pointer is two words: the
// pointer type's descriptor and the pointer itself. typeWord takes the
// descriptor from a pointer type once, when a plan is built; pointerAt
// pairs it with a field's address per row, with no allocation and no
// reflection.

type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// typeWord returns the interface type word of pointer type pt.
func typeWord(pt reflect.Type) unsafe.Pointer {
	if pt.Kind() != reflect.Pointer {
		panic("mapper: typeWord of a non-pointer type")
	}
	v := reflect.Zero(pt).Interface()
	return (*eface)(unsafe.Pointer(&v)).typ
}

// pointerAt returns an interface value of the pointer type described by
// word, pointing at p.
func pointerAt(word, p unsafe.Pointer) (v any) {
	e := (*eface)(unsafe.Pointer(&v))
	e.typ, e.data = word, p
	return v
}

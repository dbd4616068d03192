package identity

import (
	"reflect"
	"testing"
)

// A session reserves for every query and flush, also of types whose keys
// are not int64 and never enter the int64 maps: a Reserve for room that
// was already made must not allocate a new map each time.
func TestReserveAgainAllocatesNothing(t *testing.T) {
	var m Map[int]
	typ := reflect.TypeFor[string]() // a type with string keys
	m.Put(StringKey(typ, "a"), 1)
	m.Reserve(typ, 1000)
	if n := testing.AllocsPerRun(10, func() { m.Reserve(typ, 1000) }); n != 0 {
		t.Errorf("Reserve of room already made: %v allocations", n)
	}
}

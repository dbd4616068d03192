package compile

import (
	"testing"
	"unsafe"
)

// TestStateFillsCacheLines checks the padding of state: a size of whole
// cache lines keeps states used on different cores off each other's lines.
func TestStateFillsCacheLines(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if n := unsafe.Sizeof(state{}); n != 192 {
		t.Errorf("state is %d bytes; adjust statePad so that it is 192", n)
	}
}

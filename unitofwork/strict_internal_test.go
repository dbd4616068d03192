package unitofwork

import (
	"testing"
	"unsafe"
)

// TestStateFlagsShareAWord: the session holds one state record per
// object, so its one-byte fields (status and the flags, strict among
// them) must fit in the word after the last wider field: a flag more
// must not grow every record.
func TestStateFlagsShareAWord(t *testing.T) {
	var st state
	if got, want := unsafe.Sizeof(st), unsafe.Offsetof(st.status)+unsafe.Sizeof(uintptr(0)); got != want {
		t.Errorf("state record: %d bytes; want %d (the one-byte fields in one word)", got, want)
	}
}

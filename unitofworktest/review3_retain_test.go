package unitofworktest

import (
	"runtime"
	"testing"
	"weak"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Close of a large session must let its objects go: reset keeps a small
// session's maps and drops a large one's "so that its memory goes with
// the objects", but s.sorted[:0:0] keeps the old sorted array — a
// pointer to every state, and through it every object and snapshot
// block — reachable from the closed session until it holds objects again.
func TestReview3CloseReleasesLargeSessionObjects(t *testing.T) {
	log := &statementLog{}
	d := &testDB{name: "sqlite", e: openSQLite(t), log: log}
	sc := newSchema(t, d)
	ctx := timeout(t)
	w := sc.session(d)
	const n = 300
	for i := range n {
		if err := w.Add(&Tag{Name: "tag" + itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	w.Close()

	s := sc.session(d)
	defer s.Close()
	var first weak.Pointer[Tag]
	func() {
		tags, err := unitofwork.All[Tag](ctx, s, sc.Tags.Select())
		if err != nil {
			t.Fatal(err)
		}
		if len(tags) != n {
			t.Fatalf("loaded %d tags; want %d", len(tags), n)
		}
		first = weak.Make(tags[0])
	}()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		runtime.GC()
	}
	if first.Value() != nil {
		t.Errorf("the first of %d objects a closed session loaded is still reachable from the session (kept s.sorted backing array)", n)
	}
	runtime.KeepAlive(s)
}

func itoa(i int) string {
	b := []byte{}
	if i == 0 {
		return "0"
	}
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

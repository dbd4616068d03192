package unitofwork

import (
	"context"
	"reflect"
	"testing"
)

// TestObjectSetRuns: a query's rows are held mostly by runs — few map
// entries — and each is still found on its own with its own state,
// visited once by all, and removed alone by Expunge.
func TestObjectSetRuns(t *testing.T) {
	const rows = 300
	s, w := ownerSessions(t)
	ctx := context.Background()
	addRows(t, w, rows)
	m := s.reg.Model(reflect.TypeFor[ownedRow]())
	objs, err := All[ownedRow](ctx, s, m.Select())
	if err != nil || len(objs) != rows {
		t.Fatalf("loaded %d rows, %v; want %d", len(objs), err, rows)
	}
	if n := len(s.objects.m); n > rows/8 {
		t.Errorf("%d map entries for %d rows; want at most %d (the rest by runs)", n, rows, rows/8)
	}
	if n := s.objects.len(); n != rows {
		t.Fatalf("len %d; want %d", n, rows)
	}
	for i, o := range objs {
		st, ok := s.objects.get(o)
		if !ok || st.obj != any(o) || st.key != keyOf(m, o) {
			t.Fatalf("row %d: state %v, %v", i, st, ok)
		}
	}
	if _, ok := s.objects.get(*objs[3]); ok {
		t.Error("a struct value is found as an object")
	}
	if err := s.Expunge(objs[7]); err != nil {
		t.Fatal(err)
	}
	if state, _ := s.State(objs[7]); state != Detached {
		t.Errorf("expunged row: %v; want detached", state)
	}
	if state, _ := s.State(objs[8]); state != Persistent {
		t.Errorf("its neighbour: %v; want persistent", state)
	}
	seen := map[*state]bool{}
	for st := range s.objects.all() {
		if seen[st] || st.obj == any(objs[7]) {
			t.Fatalf("all yields %p twice, or the expunged row", st.obj)
		}
		seen[st] = true
	}
	if len(seen) != rows-1 || s.objects.len() != rows-1 {
		t.Errorf("all yields %d, len %d; want %d", len(seen), s.objects.len(), rows-1)
	}
}

// addRows inserts n rows through w, a session of ownerSessions.
func addRows(t *testing.T, w *Session, n int) {
	t.Helper()
	for range n {
		if err := w.Add(&ownedRow{Name: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

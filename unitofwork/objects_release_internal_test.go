package unitofwork

import (
	"context"
	"reflect"
	"runtime"
	"testing"
	"weak"
)

// TestExpungedRowsCollected: the rows of a query, expunged one at a
// time, are not kept alive by their state records, which stay in the
// session's state blocks after the objects left.
func TestExpungedRowsCollected(t *testing.T) {
	const rows = 300
	s, w := ownerSessions(t)
	addRows(t, w, rows)
	w.Close()
	ws := loadAndExpunge(t, s, rows)
	if len(s.objects.runs) == 0 {
		t.Fatal("the query's rows were not held by runs")
	}
	// The detached set holds expunged objects on its own account; let it
	// go, so that only the object set is left to hold them.
	s.gone = nil
	for range 3 {
		runtime.GC()
	}
	alive := 0
	for _, p := range ws {
		if p.Value() != nil {
			alive++
		}
	}
	if alive > 0 {
		t.Errorf("%d of %d expunged rows kept alive by the session", alive, len(ws))
	}
	if n, _ := s.Len(); n != 0 {
		t.Errorf("the session holds %d objects; want none", n)
	}
	runtime.KeepAlive(s)
}

// loadAndExpunge loads every row of the table into s, expunges each and
// returns weak pointers to them.
//
//go:noinline
func loadAndExpunge(t *testing.T, s *Session, rows int) []weak.Pointer[ownedRow] {
	objs, err := All[ownedRow](context.Background(), s, s.reg.Model(reflect.TypeFor[ownedRow]()).Select())
	if err != nil || len(objs) != rows {
		t.Fatalf("loaded %d rows, %v; want %d", len(objs), err, rows)
	}
	ws := make([]weak.Pointer[ownedRow], len(objs))
	for i, o := range objs {
		ws[i] = weak.Make(o)
		if err := s.Expunge(o); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

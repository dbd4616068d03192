package unitofwork

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"
	"unsafe"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type ownedRow struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Name string `db:"name"`
}

func ownerSessions(t *testing.T) (*Session, *Session) {
	t.Helper()
	e, err := sqlitedialect.Open(context.Background(), filepath.Join(t.TempDir(), "owner.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapper.MustMap[ownedRow](reg, "owned_rows")
	reg.MustResolve()
	if err := e.CreateAll(context.Background(), meta); err != nil {
		t.Fatal(err)
	}
	return New(e, reg), New(e, reg)
}

// entriesOf counts the registry entries naming s, live or not: the
// objects' own and the runs' (once each, whatever pages they are filed
// under).
func entriesOf(s *Session) int {
	n := 0
	runs := map[*ownedRun]bool{}
	for i := range owners {
		sh := &owners[i]
		sh.mu.Lock()
		for _, o := range sh.m {
			if o.s == s.self {
				n++
			}
		}
		for _, rs := range sh.runs {
			for _, r := range rs {
				if r.o.s == s.self {
					runs[r] = true
				}
			}
		}
		sh.mu.Unlock()
	}
	return n + len(runs)
}

// TestOwnershipEndsWithTheEpoch: ExpungeAll and Close let go of every
// object at once; another session may then take them, and the session
// itself may take them back.
func TestOwnershipEndsWithTheEpoch(t *testing.T) {
	a, b := ownerSessions(t)
	obj := &ownedRow{Name: "x"}
	if err := a.Add(obj); err != nil {
		t.Fatal(err)
	}
	var oe *ObjectError
	if err := b.Add(obj); !errors.As(err, &oe) {
		t.Fatalf("Add of another session's object: %v; want an *ObjectError", err)
	}
	if err := a.ExpungeAll(); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(obj); err != nil {
		t.Fatalf("Add after the owner's ExpungeAll: %v", err)
	}
	if err := a.Add(obj); !errors.As(err, &oe) {
		t.Fatalf("Add back while the other session holds it: %v; want an *ObjectError", err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(obj); err != nil {
		t.Fatalf("Add after the other session's Close: %v", err)
	}
	if err := b.Add(obj); !errors.As(err, &oe) {
		t.Fatalf("a closed session taking back an object held again: %v; want an *ObjectError", err)
	}
}

// TestOwnerEntriesAreSwept: the entries a Close leaves behind are removed
// once many have been left, so the registry does not grow with the
// objects sessions have let go of.
func TestOwnerEntriesAreSwept(t *testing.T) {
	a, _ := ownerSessions(t)
	for range sweepAfter + 1 {
		if err := a.Add(&ownedRow{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := entriesOf(a); n != sweepAfter+1 {
		t.Fatalf("%d entries before Close; want %d", n, sweepAfter+1)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	// The sweep runs in the background: wait for it to end, not for a
	// time (the deadline only keeps a broken sweep from hanging).
	deadline := time.Now().Add(time.Minute)
	for entriesOf(a) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d entries left a minute after Close; want 0", entriesOf(a))
		}
		time.Sleep(time.Millisecond)
	}
}

// TestQueryRowsClaimedByRuns: the rows of a query are claimed a run at a
// time, far fewer entries than rows, and each row is still owned on its
// own: another session cannot add any of them, an Expunge frees only the
// object expunged, ExpungeAll frees the rest.
func TestQueryRowsClaimedByRuns(t *testing.T) {
	const rows = 300 // several of the mapper's blocks
	a, b := ownerSessions(t)
	ctx := context.Background()
	for range rows { // written through b, which lets go of them
		if err := b.Add(&ownedRow{Name: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	m := a.reg.Model(reflect.TypeFor[ownedRow]())
	objs, err := All[ownedRow](ctx, a, m.Select())
	if err != nil || len(objs) != rows {
		t.Fatalf("loaded %d rows, %v; want %d", len(objs), err, rows)
	}
	if n := entriesOf(a); n == 0 || n > rows/8 {
		t.Errorf("%d registry entries for %d rows loaded; want between 1 and %d", n, rows, rows/8)
	}
	var oe *ObjectError
	for i, o := range objs {
		if err := b.Add(o); !errors.As(err, &oe) {
			t.Fatalf("Add of a's row %d to b: %v; want an *ObjectError", i, err)
		}
	}
	if err := a.Expunge(objs[40]); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(objs[40]); err != nil {
		t.Fatalf("Add of the row a expunged: %v", err)
	}
	for _, i := range []int{0, 39, 41, rows - 1} {
		if err := b.Add(objs[i]); !errors.As(err, &oe) {
			t.Fatalf("Add of a's row %d after another was expunged: %v; want an *ObjectError", i, err)
		}
	}
	if err := a.Add(objs[40]); !errors.As(err, &oe) {
		t.Fatalf("a taking back the row b holds: %v; want an *ObjectError", err)
	}
	if err := a.ExpungeAll(); err != nil {
		t.Fatal(err)
	}
	for i, o := range objs {
		if err := b.Add(o); err != nil {
			t.Fatalf("Add of row %d after a's ExpungeAll: %v", i, err)
		}
	}
	sweepOwners()
	if n := entriesOf(a); n != 0 {
		t.Errorf("%d of a's entries left after a sweep; want 0", n)
	}
}

// TestRunHoldsItsTypeOnly: a run claims objects of its type at its
// objects' addresses only — not a struct of another type at the same
// address, nor an address inside one of its objects.
func TestRunHoldsItsTypeOnly(t *testing.T) {
	type outer struct {
		Row  ownedRow
		More int64
	}
	block := make([]outer, 4)
	r := &ownedRun{start: uintptr(unsafe.Pointer(&block[0])), size: unsafe.Sizeof(outer{}), n: 4, typ: reflect.TypeFor[*outer]()}
	for i := range block {
		if got, ok := r.index(ownerKeyOf(&block[i])); !ok || got != uint(i) {
			t.Errorf("object %d: index %d, %v", i, got, ok)
		}
		if _, ok := r.index(ownerKeyOf(&block[i].Row)); ok {
			t.Errorf("the struct embedded first in object %d is taken for it", i)
		}
		if _, ok := r.index(ownerKey{uintptr(unsafe.Pointer(&block[i].More)), r.typ}); ok {
			t.Errorf("an address inside object %d is taken for an object", i)
		}
	}
	after := new(outer)
	if _, ok := r.index(ownerKeyOf(after)); ok && uintptr(unsafe.Pointer(after)) >= r.start+r.n*r.size {
		t.Error("an object past the run is taken for one of its objects")
	}
}

//go:build !race

package unitofwork_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// TestGetHitAllocatesNothing: Get of an object the session holds, with
// the key of the key field's type, is a lookup in the identity map and
// allocates nothing — the call site's key included. (The race detector
// allocates, hence the build tag.)
func TestGetHitAllocatesNothing(t *testing.T) {
	ctx := context.Background()
	e, err := sqlitedialect.Open(ctx, filepath.Join(t.TempDir(), "alloc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatal(err)
	}
	s := unitofwork.New(e, models)
	defer s.Close()
	// A key above 255: smaller integers are boxed without allocating
	// (the runtime keeps them in a static table), which would hide an
	// allocation of the interface conversion.
	org := &Org{ID: 1_000_003, Name: "Acme"}
	if err := s.Add(org); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	id := org.ID // int64, the key field's type
	var got *Org
	allocs := testing.AllocsPerRun(100, func() {
		got, err = unitofwork.Get[Org](ctx, s, id)
	})
	if err != nil || got != org {
		t.Fatalf("Get = %p, %v; want the session's object %p", got, err, org)
	}
	if allocs != 0 {
		t.Errorf("Get of a held object: %v allocations; want 0", allocs)
	}
}

// TestLoadAllocsPerObject: loading through the session costs a bounded
// number of allocations per object — the struct, its snapshot, and a
// share of the blocks and maps — not one per bookkeeping record (state
// records come in blocks).
func TestLoadAllocsPerObject(t *testing.T) {
	ctx := context.Background()
	e, err := sqlitedialect.Open(ctx, filepath.Join(t.TempDir(), "load.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatal(err)
	}
	const n = 512
	seed := unitofwork.New(e, models)
	for i := range n {
		if err := seed.Add(&Org{Name: "org" + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	seed.Close()
	allocs := testing.AllocsPerRun(5, func() {
		s := unitofwork.New(e, models)
		orgs, err := unitofwork.All[Org](ctx, s, Orgs.Select())
		if err != nil || len(orgs) != n {
			t.Fatalf("All: %d, %v", len(orgs), err)
		}
		s.Close()
	})
	// Per object: the struct, its snapshot, its name from the driver,
	// and the interfaces the driver scans through; the rest amortized.
	t.Logf("%.2f allocations per object", allocs/n)
	if per := allocs / n; per > 4.5 {
		t.Errorf("loading %d objects: %.2f allocations per object; want at most 4.5 (one more per object means the state records lost their blocks)", n, per)
	}
}

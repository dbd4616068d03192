package unitofwork

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

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
	reg := mapper.NewRegistry(expr.NewMetaData())
	mapper.MustMap[ownedRow](reg, "owned_rows")
	reg.MustResolve()
	return New(e, reg), New(e, reg)
}

// entriesOf counts the registry entries naming s, live or not.
func entriesOf(s *Session) int {
	n := 0
	for i := range owners {
		sh := &owners[i]
		sh.mu.Lock()
		for _, o := range sh.m {
			if o.s == s.self {
				n++
			}
		}
		sh.mu.Unlock()
	}
	return n
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

package unitofworktest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// A query does not overwrite an object's unflushed changes unless asked
// (PopulateExisting); autoflush sends them first, and can be switched off
// per session or per block.
func TestQueriesAndAutoflush(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		org := &Org{Name: "Acme"}
		commit(t, d, s, org)

		// Without autoflush the change stays unflushed, and the query
		// does not overwrite it.
		org.Name = "Renamed"
		quiet := unitofwork.WithoutAutoflushIn(ctx)
		got, err := unitofwork.One[Org](quiet, s, sc.Orgs.Select())
		if err != nil || got != org || org.Name != "Renamed" {
			t.Fatalf("One: %v %v, name %q", got, err, org.Name)
		}
		wantStatements(t, d, "SELECT")
		// PopulateExisting overwrites it with the row.
		if _, err := unitofwork.All[Org](quiet, s, sc.Orgs.Select(), unitofwork.PopulateExisting()); err != nil {
			t.Fatal(err)
		}
		if org.Name != "Acme" {
			t.Errorf("after PopulateExisting: %q", org.Name)
		}
		d.log.take()
		// Autoflush sends the change before the query.
		org.Name = "Renamed"
		if _, err := unitofwork.All[Org](ctx, s, sc.Orgs.Select().Where(sc.Orgs.C("name").Eq("Renamed"))); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "UPDATE orgs", "SELECT")
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if org.Name != "Acme" {
			t.Errorf("after rollback: %q", org.Name)
		}
		// A failing autoflush says so.
		if err := s.Add(&Org{Name: "Acme"}); err != nil {
			t.Fatal(err)
		}
		var fe *unitofwork.FlushError
		if _, err := unitofwork.All[Org](ctx, s, sc.Orgs.Select()); !errors.As(err, &fe) || !fe.Autoflush {
			t.Fatalf("autoflush error: %v", err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		off := sc.session(d, unitofwork.WithoutAutoflush())
		defer off.Close()
		if err := off.Add(&Org{Name: "Pending"}); err != nil {
			t.Fatal(err)
		}
		d.log.take()
		if _, err := unitofwork.All[Org](ctx, off, sc.Orgs.Select()); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "SELECT")
	})
}

// Refresh reloads an object; Expunge forgets one; Close forgets all.
func TestRefreshExpunge(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		org := &Org{Name: "Acme"}
		commit(t, d, s, org)
		org.Name = "Changed"
		if err := s.Refresh(ctx, org); err != nil {
			t.Fatal(err)
		}
		if org.Name != "Acme" {
			t.Errorf("after Refresh: %q", org.Name)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "SELECT") // the refresh, then nothing to write
		if err := s.Expunge(org); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.State(org); st != unitofwork.Detached {
			t.Errorf("after Expunge: %v", st)
		}
		again, err := unitofwork.Get[Org](ctx, s, org.ID)
		if err != nil || again == org {
			t.Fatalf("Get after Expunge: %p %v (the old object is %p)", again, err, org)
		}
		if err := s.Add(org); !errors.Is(err, unitofwork.ErrObject) {
			t.Errorf("Add of a detached object: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Len(); n != 0 || err != nil {
			t.Errorf("%d objects after Close (%v)", n, err)
		}
		_ = sc
	})
}

type flushLog struct {
	mu     sync.Mutex
	events []unitofwork.FlushEvent
}

type spanKey struct{}

func (l *flushLog) BeforeFlush(ctx context.Context) context.Context {
	return context.WithValue(ctx, spanKey{}, "flush")
}

func (l *flushLog) AfterFlush(ctx context.Context, ev *unitofwork.FlushEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ctx.Value(spanKey{}) != "flush" {
		ev.Err = errors.New("AfterFlush did not get BeforeFlush's context")
	}
	l.events = append(l.events, *ev)
}

// Each flush emits one event with the counts per table.
func TestFlushEvents(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		hooks := &flushLog{}
		s := sc.session(d, unitofwork.WithFlushHooks(hooks))
		defer s.Close()
		org := &Org{Name: "Acme", Users: []*User{{Email: "a@x"}, {Email: "b@x"}}}
		commit(t, d, s, org)
		org.Name = "Renamed"
		if err := s.Delete(org.Users[1]); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil { // nothing to do: no event
			t.Fatal(err)
		}
		if len(hooks.events) != 2 {
			t.Fatalf("%d events, want 2", len(hooks.events))
		}
		first, second := hooks.events[0], hooks.events[1]
		if first.Inserts["orgs"] != 1 || first.Inserts["users"] != 2 || first.Err != nil || first.Autoflush {
			t.Errorf("first flush: %+v", first)
		}
		if second.Updates["orgs"] != 1 || second.Deletes["users"] != 1 || len(second.Inserts) != 0 || second.Err != nil {
			t.Errorf("second flush: %+v", second)
		}
	})
}

// An object belongs to one session at a time.
func TestOneSessionPerObject(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, a := setup(t, d)
		org := &Org{Name: "Acme"}
		commit(t, d, a, org)
		b := sc.session(d)
		defer b.Close()
		if err := b.Add(org); !errors.Is(err, unitofwork.ErrObject) {
			t.Fatalf("Add of another session's object: %v", err)
		}
		loaded, err := unitofwork.Get[Org](ctx, b, org.ID) // b's own object for the row
		if err != nil || loaded == org {
			t.Fatalf("Get in b: %p %v", loaded, err)
		}
		if err := a.Add(loaded); !errors.Is(err, unitofwork.ErrObject) {
			t.Errorf("Add of b's loaded object to a: %v", err)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if err := a.Expunge(org); err != nil {
			t.Fatal(err)
		}
		c := sc.session(d)
		defer c.Close()
		merged, err := unitofwork.Merge(ctx, c, org)
		if err != nil || merged == org {
			t.Fatalf("Merge after Expunge: %p %v", merged, err)
		}
	})
}

package unitofworktest

// Review tests: each one fails on the code as it landed.

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

func sqliteDB(t *testing.T) *testDB {
	return &testDB{name: "sqlite", e: openSQLite(t), log: &statementLog{}}
}

// Len reads the session's map without the concurrent-use guard: a data
// race under -race, where the spec says concurrent use is "never a data race".
func TestReviewLenRace(t *testing.T) {
	d := sqliteDB(t)
	sc := newSchema(t, d)
	s := sc.session(d)
	defer s.Close()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 500 {
			_ = s.Add(&Org{Name: fmt.Sprint(i)})
		}
	}()
	go func() {
		defer wg.Done()
		for range 500 {
			_, _ = s.Len()
		}
	}()
	wg.Wait()
}

// Account has a 32-bit key.
type Account struct {
	ID   int32  `db:"id,pk"`
	Name string `db:"name,type=varchar(50)"`
}

// Get converts the key value with reflect's Convert, which wraps integers
// and truncates floats: asking for id 4294967301 (1<<32 + 5) or 5.9
// returns account 5.
func TestReviewGetKeyConversionWraps(t *testing.T) {
	d := sqliteDB(t)
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapper.MustMap[Account](reg, "accounts")
	reg.MustResolve()
	ctx := timeout(t)
	if err := d.e.CreateAll(ctx, meta); err != nil {
		t.Fatal(err)
	}
	s := unitofwork.New(d.e, reg)
	defer s.Close()
	must(t, s.Add(&Account{ID: 5, Name: "victim"}))
	must(t, s.Commit(ctx))

	for _, key := range []any{int64(1<<32 + 5), 5.9} {
		// identity-map hit
		if a, err := unitofwork.Get[Account](ctx, s, key); err == nil {
			t.Errorf("Get(%v) (held) returned account %d %q; want an error or ErrNoRows", key, a.ID, a.Name)
		}
		// a fresh session: the SELECT path
		fresh := unitofwork.New(d.e, reg)
		if a, err := unitofwork.Get[Account](ctx, fresh, key); err == nil {
			t.Errorf("Get(%v) (loaded) returned account %d %q; want an error or ErrNoRows", key, a.ID, a.Name)
		}
		fresh.Close()
	}
}

// Labels is a map column through driver.Valuer / sql.Scanner (hstore-like,
// or lib/pq's StringArray for slices).
type Labels map[string]string

func (l Labels) Value() (driver.Value, error) {
	b, err := json.Marshal(map[string]string(l))
	return string(b), err
}

func (l *Labels) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	case nil:
		*l = nil
		return nil
	}
	return json.Unmarshal(b, (*map[string]string)(l))
}

type Doc struct {
	ID     int64  `db:"id,pk,autoincrement"`
	Labels Labels `db:"labels,type=text"`
}

func docSchema(t *testing.T, d *testDB) *mapper.Registry {
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapper.MustMap[Doc](reg, "docs")
	reg.MustResolve()
	if err := d.e.CreateAll(timeout(t), meta); err != nil {
		t.Fatal(err)
	}
	return reg
}

// The snapshot of a Valuer map (or slice) column keeps the field's value
// itself, which shares memory with the object: a change made in place is
// never seen, so it is never written (silent data loss).
func TestReviewValuerMapChangeInPlaceLost(t *testing.T) {
	d := sqliteDB(t)
	reg := docSchema(t, d)
	ctx := timeout(t)
	s := unitofwork.New(d.e, reg)
	defer s.Close()
	doc := &Doc{Labels: Labels{"env": "dev"}}
	must(t, s.Add(doc))
	must(t, s.Commit(ctx))

	doc.Labels["env"] = "prod"
	must(t, s.Commit(ctx))

	fresh := unitofwork.New(d.e, reg)
	defer fresh.Close()
	got, err := unitofwork.Get[Doc](ctx, fresh, doc.ID)
	must(t, err)
	if got.Labels["env"] != "prod" {
		t.Errorf("after Commit the row holds labels %v; the change env=prod was never written", got.Labels)
	}
}

// ... and Rollback cannot put the value back either: the object keeps a
// value the database does not hold.
func TestReviewValuerMapRollbackNotRestored(t *testing.T) {
	d := sqliteDB(t)
	reg := docSchema(t, d)
	ctx := timeout(t)
	s := unitofwork.New(d.e, reg)
	defer s.Close()
	doc := &Doc{Labels: Labels{"env": "dev"}}
	must(t, s.Add(doc))
	must(t, s.Commit(ctx))

	doc.Labels["env"] = "prod"
	must(t, s.Rollback(ctx))
	if doc.Labels["env"] != "dev" {
		t.Errorf("after Rollback the object shows labels %v; the database holds env=dev", doc.Labels)
	}
}

// After a savepoint is rolled back the collections are not loaded; loaded
// again, a comment removed from its post afterwards is deleted.
func TestReviewDeleteOrphanAfterNestedRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}}}
		commit(t, d, s, post)

		n, err := s.BeginNested(ctx)
		must(t, err)
		must(t, n.Rollback(ctx))
		must(t, unitofwork.Load(ctx, s, []*Post{post}, "Comments"))

		post.Comments = post.Comments[:1]
		must(t, s.Commit(ctx))
		if got := countRows(t, d, sc.Comments.Table); got != 1 {
			t.Errorf("%d comments after removing one of two from a delete-orphan collection; want 1", got)
		}
	})
}

// The same after a plain Rollback of an unrelated change.
func TestReviewDeleteOrphanAfterRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}}}
		commit(t, d, s, post)

		post.Title = "oops"
		must(t, s.Rollback(ctx))
		must(t, unitofwork.Load(ctx, s, []*Post{post}, "Comments"))

		post.Comments = post.Comments[:1]
		must(t, s.Commit(ctx))
		if got := countRows(t, d, sc.Comments.Table); got != 1 {
			t.Errorf("%d comments after removing one of two from a delete-orphan collection; want 1", got)
		}
	})
}

// A post and its comments loaded by a fresh session: removing a comment
// from the loaded collection does not delete it, as no flush has recorded
// the collection yet.
func TestReviewDeleteOrphanLoadedCollection(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		post := &Post{Title: "hello", Comments: []*Comment{{Body: "a"}, {Body: "b"}}}
		commit(t, d, s, post)

		fresh := sc.session(d)
		defer fresh.Close()
		p, err := unitofwork.Get[Post](ctx, fresh, post.ID)
		must(t, err)
		p.Comments, err = unitofwork.All[Comment](ctx, fresh,
			sc.Comments.Select().Where(sc.Comments.Table.C("post_id").Eq(p.ID)))
		must(t, err)
		if len(p.Comments) != 2 {
			t.Fatalf("loaded %d comments", len(p.Comments))
		}
		// A collection filled by hand is seen by the session at its next
		// flush (here one with nothing to write); removals are found
		// against what it saw, never against the children's keys alone.
		must(t, fresh.Flush(ctx))
		p.Comments = p.Comments[:1]
		must(t, fresh.Commit(ctx))
		if got := countRows(t, d, sc.Comments.Table); got != 1 {
			t.Errorf("%d comments after removing one of two from a loaded delete-orphan collection; want 1", got)
		}
	})
}

// An error of the autoflush's preparation (here: a new object with the key
// of a held one) does not say it came from an autoflush.
func TestReviewAutoflushPrepareErrorUnmarked(t *testing.T) {
	d := sqliteDB(t)
	sc, ctx, s := setup(t, d)
	org := &Org{Name: "Acme"}
	commit(t, d, s, org)
	must(t, s.Add(&Org{ID: org.ID, Name: "Dup"}))
	_, err := unitofwork.All[Org](ctx, s, sc.Orgs.Select())
	var fe *unitofwork.FlushError
	if !errors.As(err, &fe) || !fe.Autoflush {
		t.Errorf("query after a refused autoflush: %v (%T); want a *FlushError with Autoflush set", err, err)
	}
}

// Delete of a pending object is documented as "forgets it: it is never
// inserted"; one its pending parent's collection holds is inserted anyway.
func TestReviewDeletePendingReinsertedByCascade(t *testing.T) {
	d := sqliteDB(t)
	sc, ctx, s := setup(t, d)
	c := &Comment{Body: "c"}
	post2 := &Post{Title: "two", Comments: []*Comment{c}}
	must(t, s.Add(post2, c))
	must(t, s.Delete(c))
	must(t, s.Commit(ctx))
	if got := countRows(t, d, sc.Comments.Table); got != 0 {
		if st, _ := s.State(c); true {
			t.Errorf("%d comments inserted after Delete of the pending comment (state now %v); Delete says it is never inserted", got, st)
		}
	}
}

// A unique violation's error reaches the FlushError text and the flush
// hook's event; on MariaDB the server's message quotes the duplicate
// value (here an e-mail address), which the spec says must never reach
// error text or hooks.
func TestReviewFlushErrorLeaksValue(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		fl := &flushLog{}
		s := sc.session(d, unitofwork.WithFlushHooks(fl))
		defer s.Close()
		ctx := timeout(t)
		org := &Org{Name: "Acme"}
		commit(t, d, s, org)
		must(t, s.Add(&Org{Name: "Acme"}))
		err := s.Commit(ctx)
		if err == nil {
			t.Fatal("duplicate committed")
		}
		// The caller's own error keeps the server's message; what the
		// flush hooks see must not carry the value the server quotes.
		if len(fl.events) == 0 {
			t.Fatal("no flush event")
		}
		ev := fl.events[len(fl.events)-1]
		if ev.Err == nil || strings.Contains(ev.Err.Error(), "Acme") || !errors.Is(ev.Err, engine.ErrUniqueViolation) {
			t.Errorf("%s: the hooks' flush error %q carries the value or lost its class", d.name, ev.Err)
		}
	})
}

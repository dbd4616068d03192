package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// A deferred value the program added and committed is the row's; the
// rollback of a later change puts the same value back, still loaded.
func TestDeferredColumnLoadedAfterRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[Article](reg, "articles")
		})
		s := openSession(t, d, reg, unitofwork.StrictLoading())
		a := &Article{Title: "t", Body: "hello"}
		must(t, s.Add(a))
		must(t, s.Commit(ctx))
		a.Title = "u"
		must(t, s.Flush(ctx))
		must(t, s.Rollback(ctx))
		d.log.take()
		body, err := unitofwork.Related[string](ctx, s, a, "Body")
		if err != nil || body != "hello" {
			t.Errorf("%s: strict Related of a deferred column the object holds after a rollback: %q, %v; want \"hello\", nil", d.name, body, err)
		}
	})
}

// articleRead commits an article and returns it as a new strict session
// read it, its Body loaded.
func articleRead(t *testing.T, d *testDB) (*unitofwork.Session, *Article) {
	reg, articles, _ := detachedArticle(t, d)
	ctx := timeout(t)
	s := openSession(t, d, reg, unitofwork.StrictLoading())
	got, err := unitofwork.All[Article](ctx, s, articles.Select())
	must(t, err)
	must(t, unitofwork.Load(ctx, s, got, "Body"))
	return s, got[0]
}

// A deferred column loaded before a savepoint holds the row's value
// after the savepoint's rollback: still loaded.
func TestDeferredColumnLoadedAfterSavepointRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		s, a := articleRead(t, d)
		ctx := timeout(t)
		n, err := s.BeginNested(ctx)
		must(t, err)
		a.Title = "u"
		must(t, s.Flush(ctx))
		must(t, n.Rollback(ctx))
		if a.Body != "hello" || !loaded(t, s, a, "Body") {
			t.Errorf("%s: a deferred column loaded before a savepoint: %q, loaded %v after its rollback; want \"hello\", loaded",
				d.name, a.Body, loaded(t, s, a, "Body"))
		}
	})
}

// A deferred column the transaction's rollback puts back to a value that
// predates its load is unloaded again: loaded inside a transaction after
// a flush recorded the object, then rolled back.
func TestDeferredColumnUnloadedByRollbackOfItsLoad(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, articles, _ := detachedArticle(t, d)
		ctx := timeout(t)
		s := openSession(t, d, reg)
		got, err := unitofwork.All[Article](ctx, s, articles.Select())
		must(t, err)
		a := got[0]
		a.Title = "u"
		must(t, s.Flush(ctx)) // records the article without its Body
		must(t, unitofwork.Load(ctx, s, got, "Body"))
		must(t, s.Rollback(ctx))
		if a.Body != "" || loaded(t, s, a, "Body") {
			t.Errorf("%s: a deferred column loaded after the transaction recorded the object: %q, loaded %v after the rollback; want \"\", unloaded",
				d.name, a.Body, loaded(t, s, a, "Body"))
		}
	})
}

// detachedArticle commits an article, its Body "hello", and returns it
// detached.
func detachedArticle(t *testing.T, d *testDB) (*mapper.Registry, *mapper.Mapping[Article], *Article) {
	var articles *mapper.Mapping[Article]
	reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
		articles = mapper.MustMap[Article](reg, "articles")
	})
	seed := openSession(t, d, reg)
	a := &Article{Title: "t", Body: "hello"}
	must(t, seed.Add(a))
	must(t, seed.Commit(ctx))
	must(t, seed.Expunge(a))
	return reg, articles, a
}

// Merge with NoLoad trusts the given object as the row, the deferred
// value it carries included: loaded, whether the session held the row
// (read without its Body) or not.
func TestDeferredColumnLoadedByMergeNoLoad(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, articles, a := detachedArticle(t, d)
		ctx := timeout(t)
		for _, held := range []bool{false, true} {
			s := openSession(t, d, reg, unitofwork.StrictLoading())
			if held {
				_, err := unitofwork.All[Article](ctx, s, articles.Select())
				must(t, err)
			}
			m, err := unitofwork.Merge(ctx, s, a, unitofwork.NoLoad())
			must(t, err)
			if body, err := unitofwork.Related[string](ctx, s, m, "Body"); err != nil || body != "hello" {
				t.Errorf("%s (held %v): strict Related of a deferred value Merge(NoLoad) trusted as the row's: %q, %v; want \"hello\", nil",
					d.name, held, body, err)
			}
		}
	})
}

// Merge with NoLoad of an object that leaves a deferred column zero does
// not make it loaded: zero there means not loaded.
func TestDeferredColumnZeroUnloadedByMergeNoLoad(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		reg, _, a := detachedArticle(t, d)
		a.Body = ""
		s := openSession(t, d, reg)
		m, err := unitofwork.Merge(timeout(t), s, a, unitofwork.NoLoad())
		must(t, err)
		if loaded(t, s, m, "Body") {
			t.Errorf("%s: a zero deferred column merged with NoLoad reads loaded", d.name)
		}
	})
}

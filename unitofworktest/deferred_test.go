package unitofworktest

import (
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// Article has a large body, deferred: left out of SELECTs until loaded.
type Article struct {
	ID    int64  `db:"id,pk,autoincrement"`
	Title string `db:"title,type=varchar(50)"`
	Body  string `db:"body,deferred"`
}

// A deferred column is inserted, left out of queries, never written back
// as the zero value it was not loaded with, loaded for a slice in one
// query, and a value set before that load is kept and written.
func TestDeferredColumn(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var articles *mapper.Mapping[Article]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			articles = mapper.MustMap[Article](reg, "articles")
		})
		seed := unitofwork.New(d.e, reg)
		defer seed.Close()
		must(t, seed.Add(&Article{Title: "a", Body: "long a"}, &Article{Title: "b", Body: "long b"}))
		must(t, seed.Commit(ctx))
		d.log.take()

		s := unitofwork.New(d.e, reg)
		defer s.Close()
		got, err := unitofwork.All[Article](ctx, s, articles.Select().OrderBy(articles.C("id").Asc()))
		must(t, err)
		for _, q := range d.log.take() {
			if strings.Contains(q, "body") {
				t.Errorf("%s: a query read the deferred column: %s", d.name, q)
			}
		}
		if len(got) != 2 || got[0].Body != "" {
			t.Fatalf("loaded %+v", got)
		}
		got[0].Title = "A"
		must(t, s.Commit(ctx))
		for _, q := range d.log.take() {
			if strings.Contains(q, "body") {
				t.Errorf("%s: the flush wrote the deferred column it never loaded: %s", d.name, q)
			}
		}

		// Set before the load (under no autoflush, which would write it
		// first): kept, and written by the next flush.
		got[1].Body = "mine"
		must(t, unitofwork.Load(unitofwork.WithoutAutoflushIn(ctx), s, got, "Body"))
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d queries to load a deferred column for 2 objects; want 1", d.name, n)
		}
		if got[0].Body != "long a" || got[1].Body != "mine" {
			t.Errorf("bodies after the load: %q %q", got[0].Body, got[1].Body)
		}
		must(t, s.Commit(ctx))
		wantStatements(t, d, "UPDATE articles")
		bodies, err := engine.All(ctx, d.e, expr.Select(articles.C("body")).From(articles.Table).OrderBy(articles.C("id").Asc()), engine.ScanValue[string])
		must(t, err)
		if len(bodies) != 2 || bodies[0] != "long a" || bodies[1] != "mine" {
			t.Errorf("bodies in the table: %q", bodies)
		}
	})
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// The ORM half of the tour: plain structs mapped to tables, and a Session
// that tracks them — one object per row, flushes ordered by foreign keys,
// relationships loaded without N+1, optimistic locking, a tenant's
// criteria.

// Author writes posts; deleting one deletes its posts (cascade=delete).
type Author struct {
	ID    int64   `db:"id,pk,autoincrement"`
	Name  string  `db:"name,type=varchar(100)"`
	Posts []*Post `rel:"cascade=delete"`
}

// Post belongs to an author and to a team, the tour's tenant; its
// version column makes a lost update an error.
type Post struct {
	ID       int64  `db:"id,pk,autoincrement"`
	AuthorID int64  `db:"author_id"`
	Team     string `db:"team,type=varchar(20)"`
	Title    string `db:"title,type=varchar(200)"`
	Likes    int64  `db:"likes"`
	Version  int64  `db:"version,version"`
}

// ormSchema maps the tour's models to tables whose names start with
// prefix.
func ormSchema(prefix string) (*mapper.Registry, *expr.MetaData, *mapper.Mapping[Author], *mapper.Mapping[Post]) {
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	authors := mapper.MustMap[Author](reg, prefix+"authors")
	posts := mapper.MustMap[Post](reg, prefix+"posts",
		mapper.ColumnOptions("author_id", expr.References(prefix+"authors.id")))
	reg.MustResolve()
	return reg, meta, authors, posts
}

// sqlPrinter is a query hook that prints what the Session sends, while
// on: the statements' text and transaction steps, never their values.
type sqlPrinter struct {
	out io.Writer
	on  bool
}

func (p *sqlPrinter) BeforeQuery(ctx context.Context, _ *engine.QueryEvent) context.Context {
	return ctx
}

func (p *sqlPrinter) AfterQuery(_ context.Context, ev *engine.QueryEvent) {
	if p.on {
		fmt.Fprintf(p.out, "   %s\n", ev.SQL)
	}
}

func (p *sqlPrinter) TxEvent(_ context.Context, ev *engine.TxEvent) {
	if p.on {
		fmt.Fprintf(p.out, "   %s\n", ev.Op)
	}
}

func (tr tour) orm(ctx context.Context, prefix string, sql *sqlPrinter) (err error) {
	reg, meta, authors, posts := ormSchema(prefix)
	if prefix != "" {
		if err := tr.e.DropAll(ctx, meta); err != nil {
			return err
		}
		defer func() {
			if derr := tr.e.DropAll(context.WithoutCancel(ctx), meta); err == nil {
				err = derr
			}
		}()
	}
	if err := tr.e.CreateAll(ctx, meta); err != nil {
		return err
	}
	sql.on = true
	defer func() { sql.on = false }()

	tr.section("10. The ORM: add a graph of structs, commit; parents go first, keys flow to children")
	s := unitofwork.New(tr.e, reg) // one per request or job
	defer s.Close()
	ann := &Author{Name: "Ann", Posts: []*Post{
		{Team: "blue", Title: "Hello"}, {Team: "red", Title: "Second"}}}
	bob := &Author{Name: "Bob", Posts: []*Post{{Team: "blue", Title: "Bob's"}}}
	if err := s.Add(ann, bob); err != nil {
		return err
	}
	if err := s.Commit(ctx); err != nil {
		return err
	}
	fmt.Fprintf(tr.out, "ann.ID=%d, her posts' author_id: %d %d\n", ann.ID, ann.Posts[0].AuthorID, ann.Posts[1].AuthorID)

	tr.section("11. Query with relationships: one query per step, however many rows (never N+1)")
	reader := unitofwork.New(tr.e, reg)
	defer reader.Close()
	all, err := unitofwork.All[Author](ctx, reader, authors.Select().OrderBy(authors.C("id").Asc()),
		unitofwork.SelectIn("Posts"))
	if err != nil {
		return err
	}
	for _, a := range all {
		fmt.Fprintf(tr.out, "%s: %d posts\n", a.Name, len(a.Posts))
	}
	fmt.Fprintln(tr.out, "-- or the same in one statement, joined:")
	joined := unitofwork.New(tr.e, reg)
	defer joined.Close()
	all, err = unitofwork.All[Author](ctx, joined, authors.Select().OrderBy(authors.C("id").Asc()),
		unitofwork.Joined("Posts"))
	if err != nil {
		return err
	}
	for _, a := range all {
		fmt.Fprintf(tr.out, "%s: %d posts\n", a.Name, len(a.Posts))
	}

	tr.section("12. Change a field: the UPDATE sets that column only (and the version)")
	hello := ann.Posts[0]
	hello.Likes = 1
	if err := s.Commit(ctx); err != nil {
		return err
	}

	tr.section("13. Optimistic locking: an update of a row someone changed since is refused")
	other := unitofwork.New(tr.e, reg)
	defer other.Close()
	theirs, err := unitofwork.Get[Post](ctx, other, hello.ID)
	if err != nil {
		return err
	}
	theirs.Title = "Hello (edited)"
	if err := other.Commit(ctx); err != nil {
		return err
	}
	hello.Likes = 2
	err = s.Commit(ctx)
	fmt.Fprintf(tr.out, "lost update refused: %v\n", errors.Is(err, unitofwork.ErrStale))
	if err := s.Rollback(ctx); err != nil {
		return err
	}

	tr.section("14. A tenant's session: criteria on every SELECT, UPDATE and DELETE of a type")
	blue := unitofwork.New(tr.e, reg, unitofwork.Criteria[Post](posts.C("team").Eq("blue")))
	defer blue.Close()
	seen, err := unitofwork.All[Post](ctx, blue, posts.Select().OrderBy(posts.C("id").Asc()))
	if err != nil {
		return err
	}
	fmt.Fprintf(tr.out, "the blue team sees %d of 3 posts\n", len(seen))

	tr.section("15. Delete with a cascade: children first, in one transaction")
	if err := s.Delete(bob); err != nil {
		return err
	}
	if err := s.Commit(ctx); err != nil {
		return err
	}
	left, err := engine.Scalar[int64](ctx, tr.e, expr.Select(expr.CountAll()).From(posts.Table))
	if err != nil {
		return err
	}
	fmt.Fprintf(tr.out, "posts left: %d\n", left)
	return nil
}

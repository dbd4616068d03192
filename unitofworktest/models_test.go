package unitofworktest

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type Org struct {
	ID    int64   `db:"id,pk,autoincrement"`
	Name  string  `db:"name,type=varchar(100),unique"`
	Users []*User `rel:""`
}

type User struct {
	ID      int64   `db:"id,pk,autoincrement"`
	OrgID   int64   `db:"org_id,references=orgs.id"`
	Email   string  `db:"email,type=varchar(200),unique"`
	Nick    *string `db:"nick"`
	Score   int64   `db:"score"`
	Active  bool    `db:"active"`
	Version int64   `db:"version,version"`
	Org     *Org    `rel:""`
}

type Node struct {
	ID       int64   `db:"id,pk,autoincrement"`
	ParentID *int64  `db:"parent_id,references=nodes.id"`
	Name     string  `db:"name,type=varchar(50)"`
	Parent   *Node   `rel:"fk=parent_id"`
	Children []*Node `rel:"fk=parent_id"`
}

type Post struct {
	ID       int64      `db:"id,pk,autoincrement"`
	Title    string     `db:"title,type=varchar(100)"`
	Comments []*Comment `rel:"cascade=delete-orphan"`
	Tags     []*Tag     `rel:"through=post_tags"`
}

type Comment struct {
	ID     int64  `db:"id,pk,autoincrement"`
	PostID int64  `db:"post_id,references=posts.id"`
	Body   string `db:"body,type=varchar(100)"`
}

type Tag struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Name string `db:"name,type=varchar(50),unique"`
}

// schema is the models of one test: a registry of its own, the tables
// created on the test's database.
type schema struct {
	reg      *mapper.Registry
	Orgs     *mapper.Mapping[Org]
	Users    *mapper.Mapping[User]
	Nodes    *mapper.Mapping[Node]
	Posts    *mapper.Mapping[Post]
	Comments *mapper.Mapping[Comment]
	Tags     *mapper.Mapping[Tag]
	PostTags *expr.Table
}

func newSchema(t *testing.T, d *testDB) *schema {
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	s := &schema{reg: reg,
		Orgs:     mapper.MustMap[Org](reg, "orgs"),
		Users:    mapper.MustMap[User](reg, "users"),
		Nodes:    mapper.MustMap[Node](reg, "nodes"),
		Posts:    mapper.MustMap[Post](reg, "posts"),
		Comments: mapper.MustMap[Comment](reg, "comments"),
		Tags:     mapper.MustMap[Tag](reg, "tags"),
		PostTags: meta.MustTable("post_tags",
			expr.Col("post_id", expr.BigInt, expr.PK, expr.References("posts.id")),
			expr.Col("tag_id", expr.BigInt, expr.PK, expr.References("tags.id"))),
	}
	reg.MustResolve()
	if err := d.e.CreateAll(timeout(t), meta); err != nil {
		t.Fatal(err)
	}
	d.log.take()
	return s
}

func (sc *schema) session(d *testDB, opts ...unitofwork.Option) *unitofwork.Session {
	return unitofwork.New(d.e, sc.reg, opts...)
}

// setup creates the schema on d and opens a session on it, closed when
// the test ends.
func setup(t *testing.T, d *testDB) (*schema, context.Context, *unitofwork.Session) {
	sc := newSchema(t, d)
	s := sc.session(d)
	t.Cleanup(func() { s.Close() })
	return sc, timeout(t), s
}

func countRows(t *testing.T, d *testDB, table *expr.Table) int64 {
	t.Helper()
	n, err := engine.Scalar[int64](timeout(t), d.e, expr.Select(expr.CountAll()).From(table))
	if err != nil {
		t.Fatal(err)
	}
	d.log.take()
	return n
}

func ptr[T any](v T) *T { return &v }

// ownTables maps the models mapAll maps onto a registry of the test's own,
// creates their tables on d, and returns the registry and the test's
// context, with the statement log emptied.
func ownTables(t *testing.T, d *testDB, mapAll func(reg *mapper.Registry)) (*mapper.Registry, context.Context) {
	t.Helper()
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapAll(reg)
	reg.MustResolve()
	ctx := timeout(t)
	must(t, d.e.CreateAll(ctx, meta))
	d.log.take()
	return reg, ctx
}

// openSession opens a session on d's engine and reg, closed when the
// test ends.
func openSession(t *testing.T, d *testDB, reg *mapper.Registry, opts ...unitofwork.Option) *unitofwork.Session {
	s := unitofwork.New(d.e, reg, opts...)
	t.Cleanup(func() { s.Close() })
	return s
}

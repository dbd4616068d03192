package mappertest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Author struct {
	ID    int64  `db:"id,pk"`
	Name  string `db:"name,type=varchar(50)"`
	Posts []Post `rel:""`
}

type Post struct {
	ID       int64   `db:"id,pk"`
	AuthorID int64   `db:"author_id,references=authors.id,ondelete=cascade"`
	Title    string  `db:"title,type=varchar(50)"`
	Author   *Author `rel:""`
	Tags     []Tag   `rel:"through=post_tags"`
}

type Tag struct {
	ID    int64  `db:"id,pk"`
	Label string `db:"label,type=varchar(20),unique"`
}

// The inferred foreign keys create real constraints, and the joins the
// relationships describe return the related rows.
func TestRelationshipJoins(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		authors := mapper.MustMap[Author](reg, "authors")
		posts := mapper.MustMap[Post](reg, "posts")
		tags := mapper.MustMap[Tag](reg, "tags")
		postTags := meta.MustTable("post_tags",
			expr.Col("post_id", expr.BigInt, expr.PK, expr.References("posts.id", expr.OnDelete(expr.Cascade))),
			expr.Col("tag_id", expr.BigInt, expr.PK, expr.References("tags.id", expr.OnDelete(expr.Cascade))))
		reg.MustResolve()
		d.create(t, meta)

		ins, _ := authors.Insert(&Author{ID: 1, Name: "ann"}, &Author{ID: 2, Name: "bob"})
		d.run(t, ins)
		ins, _ = posts.Insert(&Post{ID: 10, AuthorID: 1, Title: "a1"}, &Post{ID: 11, AuthorID: 1, Title: "a2"}, &Post{ID: 12, AuthorID: 2, Title: "b1"})
		d.run(t, ins)
		ins, _ = tags.Insert(&Tag{ID: 100, Label: "go"}, &Tag{ID: 101, Label: "sql"})
		d.run(t, ins)
		d.run(t, expr.Insert(postTags).Values(10, 100).Values(10, 101).Values(12, 101))

		type row struct {
			Name  string `db:"name"`
			Title string `db:"title"`
		}
		byAuthor := authors.Relationship("Posts")
		q := expr.Select(authors.C("name"), posts.C("title")).From(authors.Table).
			Join(posts.Table, byAuthor.On()).OrderBy(posts.C("id").Asc())
		got, err := mapper.All[row](d.rows(t, q))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]row{{"ann", "a1"}, {"ann", "a2"}, {"bob", "b1"}}, got); diff != "" {
			t.Errorf("one-to-many join (-want +got):\n%s", diff)
		}

		m2m := posts.Relationship("Tags")
		q = expr.Select(tags.C("label")).From(m2m.Through).
			Join(tags.Table, expr.And(m2m.TargetForeignKey.Columns[0].Eq(m2m.TargetForeignKey.RefColumns[0]))).
			Where(m2m.ForeignKey.Columns[0].Eq(10)).OrderBy(tags.C("label").Asc())
		labels, err := mapper.All[string](d.rows(t, q))
		if diff := cmp.Diff([]string{"go", "sql"}, labels); err != nil || diff != "" {
			t.Errorf("many-to-many: %v %s", err, diff)
		}

		// ON DELETE CASCADE from the author: the foreign key exists.
		d.run(t, expr.Delete(authors.Table).Where(authors.C("id").Eq(2)))
		left, err := mapper.One[int64](d.rows(t, expr.Select(expr.CountAll()).From(posts.Table)))
		if err != nil || left != 2 {
			t.Errorf("posts after deleting an author: got %d, %v; want 2", left, err)
		}
	})
}

package mapper_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Author struct {
	ID        int64     `db:"id,pk"`
	Posts     []Post    `rel:"fk=author_id"` // posts has two keys to authors
	Followers []*Author `rel:"many-to-many,through=follows,fk=followee_id"`
	Following []*Author `rel:"through=follows,targetfk=followee_id"`
}

type Post struct {
	ID       int64    `db:"id,pk"`
	AuthorID int64    `db:"author_id,references=authors.id"`
	EditorID *int64   `db:"editor_id,references=authors.id"`
	Author   *Author  `rel:"many-to-one,fk=author_id"`
	Editor   Author   `rel:"fk=editor_id"`
	Tags     []Tag    `rel:"through=post_tags"`
	Comments []*Reply `rel:"one-to-many,cascade=delete-orphan,passivedeletes"`
}

type Reply struct {
	ID       int64    `db:"id,pk"`
	PostID   int64    `db:"post_id,references=posts.id"`
	ParentID *int64   `db:"parent_id,references=replies.id"`
	Parent   *Reply   `rel:"postupdate,lazy=raise"`
	Children []*Reply `rel:"lazy=select"`
}

type Tag struct {
	ID    int64  `db:"id,pk"`
	Posts []Post `rel:"through=post_tags"`
}

func blogRegistry(t *testing.T) (*mapper.Registry, *mapper.Mapping[Author], *mapper.Mapping[Post], *mapper.Mapping[Reply], *mapper.Mapping[Tag]) {
	t.Helper()
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	// Relationships may name types mapped later: they resolve afterwards.
	authors := mapper.MustMap[Author](reg, "authors")
	posts := mapper.MustMap[Post](reg, "posts")
	replies := mapper.MustMap[Reply](reg, "replies")
	tags := mapper.MustMap[Tag](reg, "tags")
	meta.MustTable("post_tags",
		expr.Col("post_id", expr.BigInt, expr.PK, expr.References("posts.id")),
		expr.Col("tag_id", expr.BigInt, expr.PK, expr.References("tags.id")))
	meta.MustTable("follows",
		expr.Col("follower_id", expr.BigInt, expr.PK, expr.References("authors.id")),
		expr.Col("followee_id", expr.BigInt, expr.PK, expr.References("authors.id")))
	if err := reg.Resolve(); err != nil {
		t.Fatal(err)
	}
	return reg, authors, posts, replies, tags
}

func fkCols(fk *expr.ForeignKey) string {
	var s []string
	for _, c := range fk.Columns {
		s = append(s, fk.Table.Name+"."+c.Name)
	}
	return strings.Join(s, ",")
}

func TestRelationships(t *testing.T) {
	_, authors, posts, replies, tags := blogRegistry(t)
	cases := []struct {
		rel                 *mapper.Relationship
		kind                mapper.RelKind
		target, fk, through string
		self                bool
	}{
		{authors.Relationship("Posts"), mapper.OneToMany, "posts", "posts.author_id", "", false},
		{posts.Relationship("Author"), mapper.ManyToOne, "authors", "posts.author_id", "", false},
		{posts.Relationship("Editor"), mapper.ManyToOne, "authors", "posts.editor_id", "", false},
		{posts.Relationship("Tags"), mapper.ManyToMany, "tags", "post_tags.post_id", "post_tags.tag_id", false},
		{tags.Relationship("Posts"), mapper.ManyToMany, "posts", "post_tags.tag_id", "post_tags.post_id", false},
		{posts.Relationship("Comments"), mapper.OneToMany, "replies", "replies.post_id", "", false},
		{replies.Relationship("Parent"), mapper.ManyToOne, "replies", "replies.parent_id", "", true},
		{replies.Relationship("Children"), mapper.OneToMany, "replies", "replies.parent_id", "", true},
		{authors.Relationship("Followers"), mapper.ManyToMany, "authors", "follows.followee_id", "follows.follower_id", true},
		{authors.Relationship("Following"), mapper.ManyToMany, "authors", "follows.follower_id", "follows.followee_id", true},
	}
	for _, c := range cases {
		r := c.rel
		if r.Kind != c.kind || r.Target.Name != c.target || fkCols(r.ForeignKey) != c.fk || r.SelfReferential != c.self {
			t.Errorf("%s: got %v -> %s via %s (self %v); want %v -> %s via %s", r.Field, r.Kind, r.Target.Name, fkCols(r.ForeignKey), r.SelfReferential, c.kind, c.target, c.fk)
		}
		if c.through != "" && (r.Through == nil || fkCols(r.TargetForeignKey) != c.through) {
			t.Errorf("%s: got association key %v; want %s", r.Field, r.TargetForeignKey, c.through)
		}
	}
	if c := posts.Relationship("Comments").Cascade; c != (mapper.Cascade{Delete: true, DeleteOrphan: true, Passive: true}) {
		t.Errorf("Comments cascade: %+v", c)
	}
	if !replies.Relationship("Parent").PostUpdate || replies.Relationship("Children").PostUpdate {
		t.Error("PostUpdate not read from the tag")
	}
	if !replies.Relationship("Parent").Raise || replies.Relationship("Children").Raise || posts.Relationship("Comments").Raise {
		t.Error("Raise not read from the tag's lazy=raise (lazy=select and no lazy= leave it false)")
	}
	if c := authors.Relationship("Posts").Cascade; c != (mapper.Cascade{}) {
		t.Errorf("Posts cascade: %+v, want none", c)
	}
	on, ok := posts.Relationship("Author").On().(*expr.Comparison)
	if !ok || on.Op != expr.OpEq {
		t.Errorf("On: got %#v; want posts.author_id = authors.id", on)
	}
	rels, err := posts.Relationships()
	if err != nil || len(rels) != 4 || rels[0].Field != "Author" || len(rels[0].FieldIndex()) != 1 {
		t.Errorf("Relationships: got %d, %v", len(rels), err)
	}
}

func TestRelationshipErrors(t *testing.T) {
	type Parent struct {
		ID int64 `db:"id,pk"`
	}
	type Child struct {
		ID int64 `db:"id,pk"`
		A  int64 `db:"a,references=parents.id"`
		B  int64 `db:"b,references=parents.id"`
	}
	cases := []struct {
		name string
		rel  func(*mapper.Registry) error
		want string
	}{
		{"ambiguous", relErr[struct {
			ID int64   `db:"id,pk"`
			A  int64   `db:"a,references=parents.id"`
			B  int64   `db:"b,references=parents.id"`
			P  *Parent `rel:""`
		}](), "more than one foreign key"},
		{"no foreign key", relErr[struct {
			ID int64   `db:"id,pk"`
			P  *Parent `rel:""`
		}](), "no foreign key"},
		{"wrong fk", relErr[struct {
			ID int64   `db:"id,pk"`
			A  int64   `db:"a,references=parents.id"`
			P  *Parent `rel:"fk=b"`
		}](), `no foreign key from "t" to "parents" on (b)`},
		{"unmapped target", relErr[struct {
			ID int64  `db:"id,pk"`
			P  *Owner `rel:""`
		}](), "is not mapped"},
		{"kind mismatch", relErr[struct {
			ID int64    `db:"id,pk"`
			A  int64    `db:"a,references=parents.id"`
			P  []Parent `rel:"many-to-one"`
		}](), "declared many-to-one"},
		{"unknown kind", relErr[struct {
			ID int64   `db:"id,pk"`
			P  *Parent `rel:"belongs-to"`
		}](), "unknown relationship kind"},
		{"unknown option", relErr[struct {
			ID int64   `db:"id,pk"`
			P  *Parent `rel:"join=a"`
		}](), "unknown rel option"},
		{"unknown cascade", relErr[struct {
			ID int64     `db:"id,pk"`
			P  []*Parent `rel:"cascade=all"`
		}](), "unknown cascade"},
		{"unknown lazy", relErr[struct {
			ID int64     `db:"id,pk"`
			P  []*Parent `rel:"lazy=joined"`
		}](), "unknown lazy"},
		{"lazy twice", relErr[struct {
			ID int64     `db:"id,pk"`
			P  []*Parent `rel:"lazy=raise,lazy=select"`
		}](), `rel option "lazy" given twice`},
		{"cascade twice", relErr[struct {
			ID int64     `db:"id,pk"`
			P  []*Parent `rel:"cascade=delete,cascade=delete-orphan"`
		}](), `rel option "cascade" given twice`},
		{"postupdate on one-to-many", relErr[struct {
			ID int64     `db:"id,pk"`
			P  []*Parent `rel:"postupdate"`
		}](), "postupdate applies"},
		{"cascade on many-to-one", relErr[struct {
			ID int64   `db:"id,pk"`
			P  *Parent `rel:"cascade=delete"`
		}](), "apply to one-to-many"},
		{"missing through", relErr[struct {
			ID int64    `db:"id,pk"`
			P  []Parent `rel:"through=nowhere"`
		}](), "association table"},
		{"not a struct", relErr[struct {
			ID int64 `db:"id,pk"`
			P  []int `rel:""`
		}](), "a relationship field is a struct"},
		{"targetfk outside m2m", relErr[struct {
			ID int64   `db:"id,pk"`
			A  int64   `db:"a,references=parents.id"`
			P  *Parent `rel:"targetfk=a"`
		}](), "targetfk= applies"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg := mapper.NewRegistry(expr.NewMetaData())
			mapper.MustMap[Parent](reg, "parents")
			mapper.MustMap[Child](reg, "children")
			err := c.rel(reg)
			var re *mapper.RelationshipError
			if !errors.As(err, &re) || !errors.Is(err, mapper.ErrRelationship) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v; want *RelationshipError containing %q", err, c.want)
			}
		})
	}
	// An unresolvable foreign key is the MetaData's error.
	reg := mapper.NewRegistry(expr.NewMetaData())
	mapper.MustMap[struct {
		ID int64 `db:"id,pk,references=nowhere.id"`
	}](reg, "t")
	if err := reg.Resolve(); !errors.Is(err, expr.ErrUnresolved) {
		t.Fatalf("got %v; want expr.ErrUnresolved", err)
	}
}

func relErr[T any]() func(*mapper.Registry) error {
	return func(r *mapper.Registry) error {
		if _, err := mapper.Map[T](r, "t"); err != nil {
			return err
		}
		return r.Resolve()
	}
}

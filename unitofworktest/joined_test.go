package unitofworktest

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Joined loads a collection, and the collection's many-to-one back to
// the parents, in one statement: one object per row of each table (the
// users' orgs are the parents themselves), an empty collection empty and
// non-nil.
func TestJoinedOneStatement(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}
		b := &Org{Name: "B", Users: []*User{}}
		c := &Org{Name: "C", Users: []*User{{Email: "c1@x"}}}
		commit(t, d, s, a, b, c)

		fresh := sc.session(d)
		defer fresh.Close()
		orgs, err := unitofwork.All[Org](ctx, fresh, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()),
			unitofwork.Joined("Users.Org"))
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs; want 1", d.name, n)
		}
		if len(orgs) != 3 || orgs[0].Name != "A" || orgs[1].Name != "B" || orgs[2].Name != "C" {
			t.Fatalf("loaded %+v; want A, B, C once each, in order", orgs)
		}
		if len(orgs[0].Users) != 2 || len(orgs[2].Users) != 1 {
			t.Fatalf("users: %d, %d; want 2, 1", len(orgs[0].Users), len(orgs[2].Users))
		}
		if orgs[1].Users == nil || len(orgs[1].Users) != 0 {
			t.Errorf("org without users: %#v; want an empty, non-nil collection", orgs[1].Users)
		}
		for _, o := range orgs {
			for _, u := range o.Users {
				if u.Org != o {
					t.Errorf("user %s: Org %p; want its org %p", u.Email, u.Org, o)
				}
				if held, err := unitofwork.Get[User](ctx, fresh, u.ID); err != nil || held != u {
					t.Errorf("user %s: not the session's object", u.Email)
				}
			}
		}
		if n := selects(t, d); n != 0 {
			t.Errorf("%s: %d SELECTs for Gets of loaded users", d.name, n)
		}
	})
}

// Sibling collections and a many-to-many in one statement: the rows are
// posts × tags × comments, folded into each object once; the loaded
// collections are the flush's baseline, as with SelectIn.
func TestJoinedSiblingsAndBaselines(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		gotag, sqltag := &Tag{Name: "go"}, &Tag{Name: "sql"}
		p1 := &Post{Title: "one", Tags: []*Tag{gotag, sqltag}, Comments: []*Comment{{Body: "x"}, {Body: "y"}, {Body: "z"}}}
		p2 := &Post{Title: "two", Tags: []*Tag{gotag}}
		commit(t, d, s, p1, p2)

		fresh := sc.session(d)
		defer fresh.Close()
		posts, err := unitofwork.All[Post](ctx, fresh, sc.Posts.Select().OrderBy(sc.Posts.C("id").Asc()),
			unitofwork.Joined("Tags"), unitofwork.Joined("Comments"))
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs; want 1", d.name, n)
		}
		if len(posts) != 2 || len(posts[0].Tags) != 2 || len(posts[0].Comments) != 3 || len(posts[1].Tags) != 1 {
			t.Fatalf("loaded %d posts: %d tags, %d comments; %d tags", len(posts), len(posts[0].Tags), len(posts[0].Comments), len(posts[1].Tags))
		}
		if posts[1].Comments == nil || len(posts[1].Comments) != 0 {
			t.Errorf("post without comments: %#v; want empty, non-nil", posts[1].Comments)
		}
		var goOf1 *Tag
		for _, tg := range posts[0].Tags {
			if tg.Name == "go" {
				goOf1 = tg
			}
		}
		if goOf1 == nil || posts[1].Tags[0] != goOf1 {
			t.Error("the tag both posts share is two objects")
		}
		// Take one tag and one comment out of the first post: one link
		// and one comment go.
		var keepTags []*Tag
		for _, tg := range posts[0].Tags {
			if tg.Name != "sql" {
				keepTags = append(keepTags, tg)
			}
		}
		posts[0].Tags = keepTags
		posts[0].Comments = posts[0].Comments[1:]
		must(t, fresh.Commit(ctx))
		d.log.take()
		if n := countRows(t, d, sc.PostTags); n != 2 {
			t.Errorf("%s: %d links left; want 2", d.name, n)
		}
		if n := countRows(t, d, sc.Comments.Model().Table()); n != 2 {
			t.Errorf("%s: %d comments left; want 2", d.name, n)
		}
	})
}

// A many-to-one is a LEFT OUTER JOIN of an alias of its table, as every
// step is (an inner join would drop a row whose target is missing); the
// shared target is one object.
func TestJoinedManyToOneShared(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A"}
		commit(t, d, s, &User{Email: "1@x", Org: a}, &User{Email: "2@x", Org: a})
		fresh := sc.session(d)
		defer fresh.Close()
		users, err := unitofwork.All[User](ctx, fresh, sc.Users.Select(), unitofwork.Joined("Org"))
		must(t, err)
		lines := d.log.take()
		if len(lines) != 1 || !strings.Contains(lines[0], "LEFT JOIN") || !strings.Contains(lines[0], "sqlforge_j1") {
			t.Errorf("%s: sent %q; want one SELECT with a LEFT JOIN of an alias", d.name, lines)
		}
		if len(users) != 2 || users[0].Org == nil || users[0].Org != users[1].Org || users[0].Org.Name != "A" {
			t.Fatalf("users %+v: want both pointing to one org A", users)
		}
	})
}

// A page joined with a collection counts parents: LIMIT 2 returns two
// orgs with all their users, not two rows.
func TestJoinedPageCountsParents(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s,
			&Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}, {Email: "a3@x"}}},
			&Org{Name: "B", Users: []*User{{Email: "b1@x"}, {Email: "b2@x"}}},
			&Org{Name: "C", Users: []*User{{Email: "c1@x"}}})
		fresh := sc.session(d)
		defer fresh.Close()
		orgs, err := unitofwork.All[Org](ctx, fresh, sc.Orgs.Select().OrderBy(sc.Orgs.C("name").Desc()).Limit(2),
			unitofwork.Joined("Users"))
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs; want 1", d.name, n)
		}
		if len(orgs) != 2 || orgs[0].Name != "C" || orgs[1].Name != "B" {
			t.Fatalf("page %+v; want C, B", orgs)
		}
		if len(orgs[0].Users) != 1 || len(orgs[1].Users) != 2 {
			t.Errorf("users %d, %d; want 1, 2", len(orgs[0].Users), len(orgs[1].Users))
		}
		// An order the outer query cannot repeat is refused, not run
		// with the page in an unknown order.
		_, err = unitofwork.All[Org](ctx, fresh, sc.Orgs.Select().OrderBy(sc.Users.C("email").Asc()).Limit(2),
			unitofwork.Joined("Users"))
		var oe *unitofwork.ObjectError
		if !errors.As(err, &oe) {
			t.Errorf("ordered by another table's column: %v; want an ObjectError", err)
		}
	})
}

// One takes a joined load: one parent over several rows is one row.
func TestJoinedOne(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}
		commit(t, d, s, a, &Org{Name: "B"})
		fresh := sc.session(d)
		defer fresh.Close()
		org, err := unitofwork.One[Org](ctx, fresh, sc.Orgs.Select().Where(sc.Orgs.C("name").Eq("A")), unitofwork.Joined("Users"))
		must(t, err)
		if org.Name != "A" || len(org.Users) != 2 {
			t.Fatalf("got %+v; want A with 2 users", org)
		}
		if _, err := unitofwork.One[Org](ctx, fresh, sc.Orgs.Select(), unitofwork.Joined("Users")); err == nil {
			t.Error("One over two parents: no error")
		}
	})
}

// A self-referential relationship joins the table under an alias: each
// node's children, and their parent the node itself.
func TestJoinedSelfReferential(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		root := &Node{Name: "root", Children: []*Node{{Name: "a"}, {Name: "b", Children: []*Node{{Name: "b1"}}}}}
		commit(t, d, s, root)
		fresh := sc.session(d)
		defer fresh.Close()
		nodes, err := unitofwork.All[Node](ctx, fresh, sc.Nodes.Select().Where(sc.Nodes.C("name").Eq("root")),
			unitofwork.Joined("Children.Children"))
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs; want 1", d.name, n)
		}
		if len(nodes) != 1 || len(nodes[0].Children) != 2 {
			t.Fatalf("loaded %+v", nodes)
		}
		for _, ch := range nodes[0].Children {
			want := map[string]int{"a": 0, "b": 1}[ch.Name]
			if ch.Children == nil || len(ch.Children) != want {
				t.Errorf("%s: children %v; want %d, loaded", ch.Name, ch.Children, want)
			}
		}
	})
}

// The session's criteria of a joined type filter its join: another
// tenant's users are not loaded into an org's collection, and the org
// without matching users is loaded with an empty one — also when the
// type is joined a second time.
func TestJoinedCriteria(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}
		b := &Org{Name: "B", Users: []*User{{Email: "b1@x"}, {Email: "b2@x"}}}
		commit(t, d, s, a, b)
		ts := sc.session(d, unitofwork.Criteria[User](sc.Users.C("org_id").Eq(a.ID)))
		defer ts.Close()
		orgs, err := unitofwork.All[Org](ctx, ts, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()), unitofwork.Joined("Users"))
		must(t, err)
		if len(orgs) != 2 || len(orgs[0].Users) != 1 || orgs[1].Users == nil || len(orgs[1].Users) != 0 {
			t.Fatalf("loaded %+v; want A with its user, B with none", orgs)
		}
		// users joined twice: the second time as a derived table that
		// the criteria filter.
		users, err := unitofwork.All[User](ctx, ts, sc.Users.Select(), unitofwork.Joined("Org.Users"))
		must(t, err)
		if len(users) != 1 || users[0].Org == nil || len(users[0].Org.Users) != 1 || users[0].Org.Users[0] != users[0] {
			t.Errorf("%s: loaded %+v; want a1, its org A, whose users are a1 alone", d.name, users)
		}
	})
}

// A joined load builds its statement anew each time — aliases, a
// derived table for the criteria, another for a page — yet compiles to a
// cached shape: sessions of other tenants reuse it, and the engine's
// statement cache does not fill up with one entry per load.
func TestJoinedStatementCached(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}
		b := &Org{Name: "B", Users: []*User{{Email: "b1@x"}}}
		commit(t, d, s, a, b)
		var sizes []int
		for _, org := range []*Org{a, b, a} {
			ts := sc.session(d, unitofwork.Criteria[User](sc.Users.C("org_id").Eq(org.ID)))
			orgs, err := unitofwork.All[Org](ctx, ts, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()).Limit(5),
				unitofwork.Joined("Users.Org"))
			must(t, err)
			if len(orgs) != 2 {
				t.Fatalf("%s: %d orgs", d.name, len(orgs))
			}
			ts.Close()
			_, _, size := d.e.Compiler().CacheStats()
			sizes = append(sizes, size)
		}
		if sizes[1] != sizes[0] || sizes[2] != sizes[0] {
			t.Errorf("%s: statement cache sizes %v after three joined loads; want no growth after the first", d.name, sizes)
		}
	})
}

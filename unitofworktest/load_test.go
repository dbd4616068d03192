package unitofworktest

import (
	"slices"
	"strconv"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// selects counts the SELECTs logged since the last take and checks that
// nothing else ran.
func selects(t *testing.T, d *testDB) int {
	t.Helper()
	n := 0
	for _, k := range d.log.kinds() {
		if k != "SELECT" {
			t.Errorf("%s: %s sent while loading", d.name, k)
			continue
		}
		n++
	}
	return n
}

// SelectIn loads a one-to-many collection with one query for all the
// parents, an empty collection as empty (not nil), and a many-to-one the
// identity map answers without SQL.
func TestSelectInCollections(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}
		b := &Org{Name: "B", Users: []*User{}}
		c := &Org{Name: "C", Users: []*User{{Email: "c1@x"}}}
		commit(t, d, s, a, b, c)

		fresh := sc.session(d)
		defer fresh.Close()
		orgs, err := unitofwork.All[Org](ctx, fresh, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()),
			unitofwork.SelectIn("Users.Org"))
		must(t, err)
		if n := selects(t, d); n != 2 {
			t.Errorf("%s: %d SELECTs; want 2 (orgs, users; the orgs of the users are held)", d.name, n)
		}
		if len(orgs) != 3 || len(orgs[0].Users) != 2 || len(orgs[2].Users) != 1 {
			t.Fatalf("loaded %d orgs with %v users", len(orgs), orgs)
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

// Load loads a relationship afterwards, for a whole slice at once: one
// query, over the distinct keys; again, none.
func TestLoadAfterwards(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a, b := &Org{Name: "A"}, &Org{Name: "B"}
		commit(t, d, s, &User{Email: "1@x", Org: a}, &User{Email: "2@x", Org: a}, &User{Email: "3@x", Org: b})
		fresh := sc.session(d)
		defer fresh.Close()
		users, err := unitofwork.All[User](ctx, fresh, sc.Users.Select())
		must(t, err)
		d.log.take()
		must(t, unitofwork.Load(ctx, fresh, users, "Org"))
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs; want 1", d.name, n)
		}
		for _, u := range users {
			if u.Org == nil || u.Org.ID != u.OrgID {
				t.Fatalf("user %s: org %+v, org_id %d", u.Email, u.Org, u.OrgID)
			}
		}
		if users[0].Org != users[1].Org {
			t.Error("two users of one org got two org objects")
		}
		must(t, unitofwork.Load(ctx, fresh, users, "Org"))
		if n := selects(t, d); n != 0 {
			t.Errorf("%s: %d SELECTs loading what is loaded", d.name, n)
		}
	})
}

// Many-to-many collections load through the association table, sharing
// one object per tag; the loaded collections are the flush's baseline, so
// a tag taken out of one deletes just that link, and a comment taken out
// of a delete-orphan collection is deleted.
func TestSelectInManyToManyAndBaselines(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		gotag, sqltag := &Tag{Name: "go"}, &Tag{Name: "sql"}
		p1 := &Post{Title: "one", Tags: []*Tag{gotag, sqltag}, Comments: []*Comment{{Body: "x"}, {Body: "y"}}}
		p2 := &Post{Title: "two", Tags: []*Tag{gotag}}
		commit(t, d, s, p1, p2)

		fresh := sc.session(d)
		defer fresh.Close()
		posts, err := unitofwork.All[Post](ctx, fresh, sc.Posts.Select().OrderBy(sc.Posts.C("id").Asc()),
			unitofwork.SelectIn("Tags"), unitofwork.SelectIn("Comments"))
		must(t, err)
		if n := selects(t, d); n != 4 {
			t.Errorf("%s: %d SELECTs; want 4 (posts, links, tags, comments)", d.name, n)
		}
		if len(posts) != 2 || len(posts[0].Tags) != 2 || len(posts[1].Tags) != 1 || len(posts[0].Comments) != 2 {
			t.Fatalf("loaded %+v", posts)
		}
		if posts[1].Comments == nil || len(posts[1].Comments) != 0 {
			t.Errorf("post without comments: %#v", posts[1].Comments)
		}
		goTag := posts[1].Tags[0]
		if !slices.Contains(posts[0].Tags, goTag) {
			t.Error("the go tag of the two posts is two objects")
		}
		posts[0].Tags = slices.DeleteFunc(posts[0].Tags, func(tg *Tag) bool { return tg == goTag })
		posts[0].Comments = posts[0].Comments[:1]
		must(t, fresh.Commit(ctx))
		got := d.log.kinds()
		if !slices.Contains(got, "DELETE post_tags") || !slices.Contains(got, "DELETE comments") || slices.Contains(got, "SELECT") {
			t.Errorf("%s: commit sent %q; want the link and the orphan deleted, nothing read", d.name, got)
		}
		wantRows(t, d, sc.PostTags, 2)
		wantRows(t, d, sc.Comments.Table, 1)
	})
}

// Parents beyond one IN list's 500 keys take as many queries as the
// chunks need; on PostgreSQL one array parameter takes them all.
func TestSelectInChunks(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		const n = 1200
		objs := make([]any, n)
		for i := range objs {
			objs[i] = &Org{Name: "org" + strconv.Itoa(i)}
		}
		commit(t, d, s, objs...)
		fresh := sc.session(d)
		defer fresh.Close()
		orgs, err := unitofwork.All[Org](ctx, fresh, sc.Orgs.Select(), unitofwork.SelectIn("Users"))
		must(t, err)
		want := 1 + 3 // 500 + 500 + 200
		if d.e.Dialect().Features().Has(compile.ArrayBind) {
			want = 1 + 1
		}
		if got := selects(t, d); got != want || len(orgs) != n {
			t.Errorf("%s: %d SELECTs for %d orgs; want %d", d.name, got, len(orgs), want)
		}
	})
}

// The collections one loader fills are each the parent's own: appending
// to one, or changing its elements, leaves the others as loaded, and the
// flush writes the change to that parent only.
func TestSelectInCollectionsAreSeparate(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}
		b := &Org{Name: "B", Users: []*User{{Email: "b1@x"}, {Email: "b2@x"}}}
		commit(t, d, s, a, b)

		fresh := sc.session(d)
		defer fresh.Close()
		orgs, err := unitofwork.All[Org](ctx, fresh, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()),
			unitofwork.SelectIn("Users"))
		must(t, err)
		if len(orgs) != 2 || len(orgs[0].Users) != 2 || len(orgs[1].Users) != 2 {
			t.Fatalf("loaded %+v", orgs)
		}
		bUsers := slices.Clone(orgs[1].Users)
		orgs[0].Users = append(orgs[0].Users, &User{Email: "a3@x"})
		orgs[0].Users[0] = orgs[0].Users[1]
		if !slices.Equal(orgs[1].Users, bUsers) {
			t.Fatalf("B's users changed by appending to A's: %v; want %v", orgs[1].Users, bUsers)
		}
		for _, u := range orgs[1].Users {
			if u.OrgID != orgs[1].ID {
				t.Errorf("user %s of org %d in B's collection", u.Email, u.OrgID)
			}
		}
		must(t, fresh.Commit(ctx))
		var inA, inB int
		for _, u := range []*User{bUsers[0], bUsers[1]} {
			if u.OrgID == orgs[1].ID {
				inB++
			}
		}
		for _, u := range orgs[0].Users {
			if u.OrgID == orgs[0].ID {
				inA++
			}
		}
		if inA != 3 || inB != 2 {
			t.Errorf("after the commit %d of A's users in A, %d of B's in B; want 3, 2", inA, inB)
		}
		wantRows(t, d, sc.Users.Table, 5)
	})
}

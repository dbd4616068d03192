package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// A session with criteria on User — the tenant's org — reads only the
// tenant's users through every path, and its flush changes only rows
// that still match: another tenant's rows are neither read nor written.
func TestCriteriaKeepToTheTenant(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		a1, a2, a3 := &User{Email: "a1@x"}, &User{Email: "a2@x"}, &User{Email: "a3@x"}
		b1 := &User{Email: "b1@x"}
		orgA := &Org{Name: "A", Users: []*User{a1, a2, a3}}
		orgB := &Org{Name: "B", Users: []*User{b1}}
		commit(t, d, seed, orgA, orgB)

		s := sc.session(d, unitofwork.Criteria[User](sc.Users.C("org_id").Eq(orgA.ID)))
		defer s.Close()
		users, err := unitofwork.All[User](ctx, s, sc.Users.Select().OrderBy(sc.Users.C("id").Asc()))
		must(t, err)
		if len(users) != 3 {
			t.Fatalf("All: %d users; want the tenant's 3", len(users))
		}
		if _, err := unitofwork.Get[User](ctx, s, b1.ID); !errors.Is(err, engine.ErrNoRows) {
			t.Errorf("Get of another tenant's user: %v; want ErrNoRows", err)
		}
		orgs, err := unitofwork.All[Org](ctx, s, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()), unitofwork.SelectIn("Users"))
		must(t, err)
		if len(orgs) != 2 || len(orgs[0].Users) != 3 || len(orgs[1].Users) != 0 {
			t.Errorf("orgs with users: %d and %d users; want 3 and 0", len(orgs[0].Users), len(orgs[1].Users))
		}
		if _, err := unitofwork.All[User](ctx, s, expr.Text("SELECT id, org_id, email, nick, score, active, version FROM users")); !errors.Is(err, unitofwork.ErrCriteria) {
			t.Errorf("a text query: %v; want ErrCriteria", err)
		}

		// Rows moved to the other tenant behind the session's back.
		move := func(u *User) {
			if _, err := d.e.Exec(ctx, expr.Update(sc.Users.Table).Set(sc.Users.C("org_id"), orgB.ID).Where(sc.Users.C("id").Eq(u.ID))); err != nil {
				t.Fatal(err)
			}
		}
		u := users[0]
		move(u)
		u.Score = 9
		if err := s.Commit(ctx); !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("UPDATE of a row now another tenant's: %v; want ErrStale", err)
		}
		must(t, s.Rollback(ctx))
		score, err := engine.Scalar[int64](ctx, d.e, expr.Select(sc.Users.C("score")).From(sc.Users.Table).Where(sc.Users.C("id").Eq(u.ID)))
		must(t, err)
		if score != 0 {
			t.Errorf("score %d written into another tenant's row", score)
		}
		v := users[1]
		move(v)
		must(t, s.Delete(v))
		if err := s.Commit(ctx); !errors.Is(err, unitofwork.ErrStale) {
			t.Fatalf("DELETE of a row now another tenant's: %v; want ErrStale", err)
		}
		must(t, s.Rollback(ctx))
		wantRows(t, d, sc.Users.Table, 4)
		// Unversioned rows (comments): a DELETE by keys of a row now
		// another tenant's deletes nothing.
		post := &Post{Title: "p", Comments: []*Comment{{Body: "x"}}}
		commit(t, d, seed, post)
		cs := sc.session(d, unitofwork.Criteria[Comment](sc.Comments.C("post_id").Eq(post.ID+1000)))
		defer cs.Close()
		c := post.Comments[0]
		got, err := unitofwork.Merge(ctx, cs, &Comment{ID: c.ID, PostID: c.PostID, Body: c.Body}, unitofwork.NoLoad())
		must(t, err)
		must(t, cs.Delete(got))
		must(t, cs.Commit(ctx))
		wantRows(t, d, sc.Comments.Table, 1)
	})
}

// Criteria on Node: a session sees the nodes named "mine" only. A query
// that joins the table to an alias of itself and selects the alias's
// columns must be refused (or filtered), not return another tenant's row.
func TestCriteriaSelfJoinAlias(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		other := &Node{Name: "theirs"}
		mine := &Node{Name: "mine", Parent: other}
		commit(t, d, seed, mine)

		s := sc.session(d, unitofwork.Criteria[Node](sc.Nodes.C("name").Eq("mine")))
		defer s.Close()
		p := sc.Nodes.Table.Alias("p")
		items := make([]expr.Expr, len(sc.Nodes.Table.Columns))
		for i, c := range sc.Nodes.Table.Columns {
			items[i] = p.C(c.Name)
		}
		q := expr.Select(items...).From(sc.Nodes.Table).Join(p, p.C("id").Eq(sc.Nodes.C("parent_id")))
		if got, err := unitofwork.All[Node](ctx, s, q); !errors.Is(err, unitofwork.ErrCriteria) {
			t.Errorf("%s: a self-join selecting the alias's columns: %d rows, %v; want ErrCriteria", d.name, len(got), err)
		}
	})
}

// Criteria on Tag: the session sees the tag "mine" only. Setting an
// unloaded many-to-many collection must not unlink the tags the session
// cannot see, just as it does not when the collection was loaded.
func TestCriteriaHiddenLinks(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		mineTag, theirs := &Tag{Name: "mine"}, &Tag{Name: "theirs"}
		post := &Post{Title: "shared", Tags: []*Tag{mineTag, theirs}}
		commit(t, d, seed, post)

		s := sc.session(d, unitofwork.Criteria[Tag](sc.Tags.C("name").Eq("mine")))
		defer s.Close()
		p, err := unitofwork.Get[Post](ctx, s, post.ID)
		must(t, err)
		tg, err := unitofwork.Get[Tag](ctx, s, mineTag.ID)
		must(t, err)
		p.Tags = []*Tag{tg} // the tags it sees: unchanged
		must(t, s.Commit(ctx))
		wantRows(t, d, sc.PostTags, 2)
	})
}

// A CTE named like the table would hide it from the added condition: a
// query with WITH is refused.
func TestCriteriaCTEShadowsTable(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		a1, b1 := &User{Email: "a1@x"}, &User{Email: "b1@x"}
		orgA := &Org{Name: "A", Users: []*User{a1}}
		orgB := &Org{Name: "B", Users: []*User{b1}}
		commit(t, d, seed, orgA, orgB)
		s := sc.session(d, unitofwork.Criteria[User](sc.Users.C("org_id").Eq(orgA.ID)))
		defer s.Close()
		u := sc.Users
		// WITH users AS (SELECT id, $A AS org_id, email, ... FROM users)
		// SELECT users.* FROM users — every selected column is the
		// table's own and the table is in FROM, so the check passes.
		body := expr.Select(u.C("id"), expr.Value(orgA.ID).As("org_id"), u.C("email"), u.C("nick"),
			u.C("score"), u.C("active"), u.C("version")).From(u.Table)
		q := u.Select().With(body.CTE("users"))
		if got, err := unitofwork.All[User](ctx, s, q); !errors.Is(err, unitofwork.ErrCriteria) {
			t.Errorf("%s: a CTE named like the table: %d rows, %v; want ErrCriteria", d.name, len(got), err)
		}
	})
}

// Valid queries the new select-item check must still accept.
func TestCriteriaValidQueries(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		a1 := &User{Email: "a1@x"}
		commit(t, d, seed, &Org{Name: "A", Users: []*User{a1}})
		s := sc.session(d, unitofwork.Criteria[User](sc.Users.C("org_id").Eq(a1.OrgID)))
		defer s.Close()
		u := sc.Users
		if _, err := unitofwork.All[User](ctx, s, u.Select()); err != nil {
			t.Errorf("Select(): %v", err)
		}
		q := expr.Select(u.C("id").As("id"), u.C("org_id"), u.C("email"), u.C("nick"), u.C("score"), u.C("active"), u.C("version")).From(u.Table)
		if _, err := unitofwork.All[User](ctx, s, q); err != nil {
			t.Errorf("labelled: %v", err)
		}
		j := u.Select().Join(sc.Orgs.Table, sc.Orgs.C("id").Eq(u.C("org_id"))).Where(sc.Orgs.C("name").Eq("A"))
		if got, err := unitofwork.All[User](ctx, s, j); err != nil || len(got) != 1 {
			t.Errorf("join: %d, %v", len(got), err)
		}
		if _, err := unitofwork.Get[User](ctx, s, a1.ID); err != nil {
			t.Errorf("Get: %v", err)
		}
		if _, err := unitofwork.All[Org](ctx, s, sc.Orgs.Select(), unitofwork.SelectIn("Users")); err != nil {
			t.Errorf("SelectIn: %v", err)
		}
	})
}

package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// loaded is Session.Loaded, failing the test on error.
func loaded(t *testing.T, s *unitofwork.Session, obj any, field string) bool {
	t.Helper()
	ok, err := s.Loaded(obj, field)
	must(t, err)
	return ok
}

// Related loads one object's relationship when it is not loaded: a
// many-to-one in one query, or none when the identity map holds its
// target; a collection in one query, an empty one as empty; once loaded,
// with no query.
func TestRelatedLoadsLazily(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}, &Org{Name: "B", Users: []*User{}})

		fresh := sc.session(d)
		defer fresh.Close()
		users, err := unitofwork.All[User](ctx, fresh, sc.Users.Select().OrderBy(sc.Users.C("id").Asc()))
		must(t, err)
		d.log.take()
		if loaded(t, fresh, users[0], "Org") {
			t.Error("Loaded: a many-to-one not loaded reported loaded")
		}
		org, err := unitofwork.Related[*Org](ctx, fresh, users[0], "Org")
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs for a many-to-one the session does not hold; want 1", d.name, n)
		}
		if org == nil || org.ID != users[0].OrgID || users[0].Org != org || !loaded(t, fresh, users[0], "Org") {
			t.Fatalf("Related = %+v; user's Org %p, loaded %v", org, users[0].Org, loaded(t, fresh, users[0], "Org"))
		}
		again, err := unitofwork.Related[*Org](ctx, fresh, users[1], "Org")
		must(t, err)
		if n := selects(t, d); n != 0 || again != org {
			t.Errorf("%s: held many-to-one: %d SELECTs, %p; want 0 and %p", d.name, n, again, org)
		}

		if loaded(t, fresh, org, "Users") {
			t.Error("Loaded: a collection not loaded reported loaded")
		}
		members, err := unitofwork.Related[[]*User](ctx, fresh, org, "Users")
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs for a collection; want 1", d.name, n)
		}
		if len(members) != 2 || members[0] != users[0] && members[1] != users[0] || !loaded(t, fresh, org, "Users") {
			t.Errorf("Related collection %v; want the session's two users, loaded", members)
		}

		b, err := unitofwork.One[Org](ctx, fresh, sc.Orgs.Select().Where(sc.Orgs.C("name").Eq("B")))
		must(t, err)
		d.log.take()
		none, err := unitofwork.Related[[]*User](ctx, fresh, b, "Users")
		must(t, err)
		if none == nil || len(none) != 0 || !loaded(t, fresh, b, "Users") {
			t.Errorf("org without users: %#v; want an empty, non-nil, loaded collection", none)
		}
		_, err = unitofwork.Related[[]*User](ctx, fresh, b, "Users")
		must(t, err)
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs for an empty collection, twice; want 1", d.name, n)
		}
	})
}

// Related and Loaded refuse what they cannot answer: a type that is not
// the field's, a field that is not one, an object that is not the
// session's.
func TestRelatedRefuses(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		u := &User{Email: "u@x", Org: &Org{Name: "O"}}
		commit(t, d, s, u)
		for name, err := range map[string]error{
			"wrong type":    second(unitofwork.Related[[]*Org](ctx, s, u, "Org")),
			"no such field": second(unitofwork.Related[*Org](ctx, s, u, "Owner")),
			"transient":     second(unitofwork.Related[*Org](ctx, s, &User{}, "Org")),
			"Loaded of a transient": func() error {
				_, err := s.Loaded(&User{}, "Org")
				return err
			}(),
		} {
			if !errors.Is(err, unitofwork.ErrObject) {
				t.Errorf("%s: %v; want ErrObject", name, err)
			}
		}
		if got := d.log.kinds(); len(got) != 0 {
			t.Errorf("%s: refused calls sent %q", d.name, got)
		}
	})
}

func second[T any](_ T, err error) error { return err }

// A deferred column is reported unloaded after a query, loaded by
// Related in one query (and by Load), unloaded again by Refresh; an
// object the program added has nothing to load.
func TestLoadedDeferredColumn(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var articles *mapper.Mapping[Article]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			articles = mapper.MustMap[Article](reg, "articles")
		})
		s := openSession(t, d, reg)
		added := &Article{Title: "a", Body: ""}
		must(t, s.Add(added))
		if !loaded(t, s, added, "Body") {
			t.Error("a pending object's deferred column reported unloaded")
		}
		must(t, s.Commit(ctx))
		if !loaded(t, s, added, "Body") || !loaded(t, s, added, "Title") {
			t.Error("an inserted object's columns reported unloaded")
		}
		must(t, s.Refresh(ctx, added))
		if loaded(t, s, added, "Body") {
			t.Error("a refreshed object's deferred column reported loaded")
		}
		d.log.take()
		body, err := unitofwork.Related[string](ctx, s, added, "Body")
		must(t, err)
		if n := selects(t, d); n != 1 || body != "" || !loaded(t, s, added, "Body") {
			t.Errorf("%s: Related of an empty deferred column: %d SELECTs, %q, loaded %v", d.name, n, body, loaded(t, s, added, "Body"))
		}

		fresh := openSession(t, d, reg, unitofwork.StrictLoading())
		got, err := unitofwork.All[Article](ctx, fresh, articles.Select())
		must(t, err)
		d.log.take()
		if _, err := unitofwork.Related[string](ctx, fresh, got[0], "Body"); !errors.Is(err, unitofwork.ErrUnloaded) {
			t.Errorf("strict Related of an unloaded deferred column: %v; want ErrUnloaded", err)
		}
		must(t, unitofwork.Load(ctx, fresh, got, "Body"))
		if !loaded(t, fresh, got[0], "Body") {
			t.Error("Load left the deferred column unloaded")
		}
		if _, err := unitofwork.Related[string](ctx, fresh, got[0], "Body"); err != nil {
			t.Errorf("strict Related of a loaded deferred column: %v", err)
		}
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: %d SELECTs; want 1 (the Load)", d.name, n)
		}
	})
}

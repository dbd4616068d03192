package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// wantUnloaded checks that err is the *UnloadedError of typ.field and
// that nothing was sent for it.
func wantUnloaded(t *testing.T, d *testDB, err error, typ, field string) {
	t.Helper()
	var ue *unitofwork.UnloadedError
	if !errors.Is(err, unitofwork.ErrUnloaded) || !errors.As(err, &ue) || ue.Type != typ || ue.Field != field {
		t.Errorf("%s: got %v; want the UnloadedError of %s.%s", d.name, err, typ, field)
	}
	if got := d.log.kinds(); len(got) != 0 {
		t.Errorf("%s: an unloaded relationship in strict mode sent %q", d.name, got)
	}
}

// In strict mode — for the session, or for the objects of a Strict
// query — Related reports an unloaded relationship without SQL, returns
// a loaded one, answers a many-to-one from the identity map; Load still
// loads, and a flush still loads the children a delete-orphan cascade
// deletes.
func TestStrictLoading(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		commit(t, d, seed, &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}, &Org{Name: "B", Users: []*User{}},
			&Post{Title: "p", Comments: []*Comment{{Body: "c1"}, {Body: "c2"}}})
		for _, level := range []struct {
			name string
			open []unitofwork.Option
			opts []unitofwork.QueryOption
		}{
			{"session", []unitofwork.Option{unitofwork.StrictLoading()}, nil},
			{"query", nil, []unitofwork.QueryOption{unitofwork.Strict()}},
		} {
			t.Run(level.name, func(t *testing.T) {
				s := sc.session(d, level.open...)
				defer s.Close()
				users, err := unitofwork.All[User](ctx, s, sc.Users.Select().OrderBy(sc.Users.C("id").Asc()), level.opts...)
				must(t, err)
				d.log.take()
				_, err = unitofwork.Related[*Org](ctx, s, users[0], "Org")
				wantUnloaded(t, d, err, "unitofworktest.User", "Org")
				if loaded(t, s, users[0], "Org") {
					t.Error("Loaded after a refused Related")
				}
				must(t, unitofwork.Load(ctx, s, users[:1], "Org"))
				if n := selects(t, d); n != 1 {
					t.Errorf("%s: Load in strict mode: %d SELECTs; want 1", d.name, n)
				}
				org, err := unitofwork.Related[*Org](ctx, s, users[0], "Org")
				must(t, err)
				// users[1]'s org is the one just loaded: held, no SQL.
				held, err := unitofwork.Related[*Org](ctx, s, users[1], "Org")
				must(t, err)
				if n := selects(t, d); n != 0 || org == nil || held != org {
					t.Errorf("%s: loaded and held many-to-one: %d SELECTs, %p %p", d.name, n, org, held)
				}

				orgs, err := unitofwork.All[Org](ctx, s, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()), level.opts...)
				must(t, err)
				d.log.take()
				_, err = unitofwork.Related[[]*User](ctx, s, orgs[1], "Users")
				wantUnloaded(t, d, err, "unitofworktest.Org", "Users")
				must(t, unitofwork.Load(ctx, s, orgs, "Users"))
				d.log.take()
				empty, err := unitofwork.Related[[]*User](ctx, s, orgs[1], "Users")
				if err != nil || empty == nil || len(empty) != 0 {
					t.Errorf("loaded empty collection in strict mode: %#v, %v", empty, err)
				}

				posts, err := unitofwork.All[Post](ctx, s, sc.Posts.Select(), level.opts...)
				must(t, err)
				d.log.take()
				_, err = unitofwork.Related[[]*Comment](ctx, s, posts[0], "Comments")
				wantUnloaded(t, d, err, "unitofworktest.Post", "Comments")
				// The flush loads the children it deletes, strict or not;
				// then put the rows back for the next level.
				must(t, s.Delete(posts[0]))
				must(t, s.Flush(ctx))
				wantStatements(t, d, "BEGIN", "SELECT", "DELETE post_tags", "DELETE comments", "DELETE posts")
				must(t, s.Rollback(ctx))
				d.log.take()
			})
		}
	})
}

// A Strict query makes its own objects strict, and those its SelectIn
// and Joined paths reach, not the session's others.
func TestStrictQueryMarksItsObjects(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		commit(t, d, seed, &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}, &Org{Name: "B", Users: []*User{{Email: "b1@x"}}},
			&Org{Name: "C", Users: []*User{{Email: "c1@x"}}})
		s := sc.session(d)
		defer s.Close()
		byEmail := func(email string, opts ...unitofwork.QueryOption) *User {
			u, err := unitofwork.One[User](ctx, s, sc.Users.Select().Where(sc.Users.C("email").Eq(email)), opts...)
			must(t, err)
			return u
		}
		a := byEmail("a1@x", unitofwork.Strict(), unitofwork.SelectIn("Org"))
		b := byEmail("b1@x", unitofwork.Strict(), unitofwork.Joined("Org"))
		c := byEmail("c1@x")
		d.log.take()
		_, err := unitofwork.Related[[]*User](ctx, s, a.Org, "Users") // reached by SelectIn
		wantUnloaded(t, d, err, "unitofworktest.Org", "Users")
		_, err = unitofwork.Related[[]*User](ctx, s, b.Org, "Users") // reached by Joined
		wantUnloaded(t, d, err, "unitofworktest.Org", "Users")
		org, err := unitofwork.Related[*Org](ctx, s, c, "Org") // not a strict query's
		must(t, err)
		if n := selects(t, d); n != 1 || org == nil || org.Name != "C" {
			t.Errorf("%s: lazy load of a non-strict object: %d SELECTs, %+v", d.name, n, org)
		}
	})
}

// Shelf's books and Book's shelf are strict by their tags (lazy=raise),
// Book's reader is not.
type Shelf struct {
	ID    int64   `db:"id,pk,autoincrement"`
	Name  string  `db:"name,type=varchar(50)"`
	Books []*Book `rel:"cascade=delete-orphan,lazy=raise"`
}

type Book struct {
	ID       int64   `db:"id,pk,autoincrement"`
	ShelfID  int64   `db:"shelf_id,references=shelves.id"`
	ReaderID *int64  `db:"reader_id,references=readers.id"`
	Title    string  `db:"title,type=varchar(50)"`
	Shelf    *Shelf  `rel:"lazy=raise"`
	Reader   *Reader `rel:""`
}

type Reader struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Name string `db:"name,type=varchar(50)"`
}

// A relationship tagged lazy=raise is strict on every object: Related
// reports it unloaded without SQL unless the identity map answers; the
// other relationships of the type load lazily; Load and the flush's
// cascade load it.
func TestStrictRelationship(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var shelves *mapper.Mapping[Shelf]
		var books *mapper.Mapping[Book]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[Reader](reg, "readers")
			shelves = mapper.MustMap[Shelf](reg, "shelves")
			books = mapper.MustMap[Book](reg, "books")
		})
		seed := openSession(t, d, reg)
		ann := &Reader{Name: "ann"}
		must(t, seed.Add(&Shelf{Name: "s", Books: []*Book{{Title: "b1", Reader: ann}, {Title: "b2"}}}))
		must(t, seed.Commit(ctx))

		s := openSession(t, d, reg)
		got, err := unitofwork.All[Book](ctx, s, books.Select().OrderBy(books.C("id").Asc()))
		must(t, err)
		d.log.take()
		_, err = unitofwork.Related[*Shelf](ctx, s, got[0], "Shelf")
		wantUnloaded(t, d, err, "unitofworktest.Book", "Shelf")
		reader, err := unitofwork.Related[*Reader](ctx, s, got[0], "Reader")
		must(t, err)
		if n := selects(t, d); n != 1 || reader == nil || reader.Name != "ann" {
			t.Errorf("%s: a relationship without lazy=raise: %d SELECTs, %+v", d.name, n, reader)
		}
		if r, err := unitofwork.Related[*Reader](ctx, s, got[1], "Reader"); err != nil || r != nil || !loaded(t, s, got[1], "Reader") {
			t.Errorf("a NULL many-to-one: %v, %v; want nil, loaded", r, err)
		}

		shelf, err := unitofwork.One[Shelf](ctx, s, shelves.Select())
		must(t, err)
		d.log.take()
		held, err := unitofwork.Related[*Shelf](ctx, s, got[0], "Shelf")
		if err != nil || held != shelf {
			t.Errorf("strict many-to-one with its target held: %p, %v; want %p", held, err, shelf)
		}
		_, err = unitofwork.Related[[]*Book](ctx, s, shelf, "Books")
		wantUnloaded(t, d, err, "unitofworktest.Shelf", "Books")

		must(t, s.Delete(shelf))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "SELECT", "DELETE books", "DELETE shelves", "COMMIT")
		if n := countRows(t, d, books.Table); n != 0 {
			t.Errorf("%s: %d books left after their shelf's delete cascade", d.name, n)
		}
	})
}

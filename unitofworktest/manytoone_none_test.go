package unitofworktest

import (
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// userByEmail returns the user of users whose email is email.
func userByEmail(t *testing.T, users []*User, email string) *User {
	t.Helper()
	for _, u := range users {
		if u.Email == email {
			return u
		}
	}
	t.Fatalf("no user %s", email)
	return nil
}

// A many-to-one whose target the session's criteria filter out is loaded
// by Load, SelectIn and Joined all the same — loaded, and nil — so that
// Loaded says so and a strict Related answers nil without SQL.
func TestFilteredManyToOneIsLoadedAfterItsLoad(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		commit(t, d, seed, &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}, &Org{Name: "B", Users: []*User{{Email: "b1@x"}}})
		crit := unitofwork.Criteria[Org](sc.Orgs.C("name").Eq("A"))
		byID := sc.Users.Select().OrderBy(sc.Users.C("id").Asc())
		for _, way := range []struct {
			name string
			load func(s *unitofwork.Session) ([]*User, error)
		}{
			{"Load", func(s *unitofwork.Session) ([]*User, error) {
				users, err := unitofwork.All[User](ctx, s, byID)
				if err != nil {
					return nil, err
				}
				return users, unitofwork.Load(ctx, s, users, "Org")
			}},
			{"SelectIn", func(s *unitofwork.Session) ([]*User, error) {
				return unitofwork.All[User](ctx, s, byID, unitofwork.SelectIn("Org"))
			}},
			{"Joined", func(s *unitofwork.Session) ([]*User, error) {
				return unitofwork.All[User](ctx, s, byID, unitofwork.Joined("Org"))
			}},
		} {
			t.Run(way.name, func(t *testing.T) {
				s := sc.session(d, crit, unitofwork.StrictLoading())
				defer s.Close()
				users, err := way.load(s)
				must(t, err)
				d.log.take()
				b1 := userByEmail(t, users, "b1@x")
				if !loaded(t, s, b1, "Org") {
					t.Errorf("%s: Loaded of a many-to-one loaded without a target = false", d.name)
				}
				org, err := unitofwork.Related[*Org](ctx, s, b1, "Org")
				if err != nil || org != nil {
					t.Errorf("%s: strict Related of a many-to-one loaded without a target: %v, %v; want nil, nil", d.name, org, err)
				}
				if got := d.log.kinds(); len(got) != 0 {
					t.Errorf("%s: Loaded and Related sent %q", d.name, got)
				}
			})
		}
	})
}

// Related of a many-to-one whose target is filtered out loads it once:
// the next calls know there is none, without SQL.
func TestFilteredManyToOneLoadsOnce(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		commit(t, d, seed, &Org{Name: "B", Users: []*User{{Email: "b1@x"}}})
		s := sc.session(d, unitofwork.Criteria[Org](sc.Orgs.C("name").Eq("A")))
		defer s.Close()
		users, err := unitofwork.All[User](ctx, s, sc.Users.Select())
		must(t, err)
		d.log.take()
		for range 3 {
			org, err := unitofwork.Related[*Org](ctx, s, users[0], "Org")
			must(t, err)
			if org != nil {
				t.Fatalf("%s: Related of a filtered-out org: %v", d.name, org)
			}
		}
		if n := selects(t, d); n != 1 {
			t.Errorf("%s: 3 Related calls on a filtered-out many-to-one sent %d SELECTs; want 1", d.name, n)
		}
	})
}

// "Loaded, none found" holds for the foreign key the load saw: another
// key, or a rollback, makes the many-to-one unloaded again.
func TestFilteredManyToOneUnloadedByNewKeyOrRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, seed := setup(t, d)
		a, b := &Org{Name: "A"}, &Org{Name: "B", Users: []*User{{Email: "b1@x"}}}
		commit(t, d, seed, a, b)
		s := sc.session(d, unitofwork.Criteria[Org](sc.Orgs.C("name").Eq("A")))
		defer s.Close()
		users, err := unitofwork.All[User](ctx, s, sc.Users.Select(), unitofwork.SelectIn("Org"))
		must(t, err)
		u := users[0]
		u.OrgID = a.ID
		if loaded(t, s, u, "Org") {
			t.Errorf("%s: Loaded after the foreign key changed = true", d.name)
		}
		u.OrgID = b.ID
		if !loaded(t, s, u, "Org") {
			t.Errorf("%s: Loaded with the key the load saw = false", d.name)
		}
		must(t, s.Rollback(ctx))
		if loaded(t, s, u, "Org") {
			t.Errorf("%s: Loaded after a rollback = true", d.name)
		}
	})
}

type SoftTeam struct {
	ID        int64      `db:"id,pk,autoincrement"`
	Name      string     `db:"name,type=varchar(50)"`
	DeletedAt *time.Time `db:"deleted_at,softdelete"`
}

type SoftMember struct {
	ID     int64     `db:"id,pk,autoincrement"`
	TeamID int64     `db:"team_id,references=soft_teams.id"`
	Team   *SoftTeam `rel:""`
}

// A member of a soft-deleted team, loaded with SelectIn by a Strict
// query: its Team is loaded, and nil.
func TestSoftDeletedManyToOneIsLoadedAfterSelectIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var members *mapper.Mapping[SoftMember]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			mapper.MustMap[SoftTeam](reg, "soft_teams")
			members = mapper.MustMap[SoftMember](reg, "soft_members")
		})
		seed := openSession(t, d, reg)
		team := &SoftTeam{Name: "t"}
		must(t, seed.Add(&SoftMember{Team: team}))
		must(t, seed.Commit(ctx))
		must(t, seed.Delete(team))
		must(t, seed.Commit(ctx))

		s := openSession(t, d, reg)
		got, err := unitofwork.All[SoftMember](ctx, s, members.Select(), unitofwork.Strict(), unitofwork.SelectIn("Team"))
		must(t, err)
		d.log.take()
		tm, err := unitofwork.Related[*SoftTeam](ctx, s, got[0], "Team")
		if err != nil || tm != nil {
			t.Errorf("%s: Related after SelectIn of a soft-deleted team in a Strict query: %v, %v; want nil, nil", d.name, tm, err)
		}
		if kinds := d.log.kinds(); len(kinds) != 0 {
			t.Errorf("%s: Related sent %q", d.name, kinds)
		}
	})
}

package unitofwork_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// Relationships load per query, one query per step of the path however
// many objects there are: the orgs, then the users of all of them, two
// SELECTs. An org without users gets an empty collection: loaded, empty.
func ExampleSelectIn() {
	ctx := context.Background()
	e, done := exampleDB()
	defer done()
	seedOrgs(ctx, e)

	s := unitofwork.New(e, models)
	defer s.Close()
	orgs, err := unitofwork.All[Org](ctx, s, Orgs.Select().OrderBy(Orgs.C("id").Asc()),
		unitofwork.SelectIn("Users"))
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range orgs {
		fmt.Println(o.Name, len(o.Users), o.Users != nil)
	}
	// Output:
	// Acme 2 true
	// Initech 0 true
}

// Joined loads the users in the orgs' own statement: one SELECT with a
// LEFT OUTER JOIN, folded back into one object per org and per user.
func ExampleJoined() {
	ctx := context.Background()
	e, done := exampleDB()
	defer done()
	seedOrgs(ctx, e)

	s := unitofwork.New(e, models)
	defer s.Close()
	orgs, err := unitofwork.All[Org](ctx, s, Orgs.Select().OrderBy(Orgs.C("id").Asc()),
		unitofwork.Joined("Users"))
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range orgs {
		fmt.Println(o.Name, len(o.Users), o.Users != nil)
	}
	// Output:
	// Acme 2 true
	// Initech 0 true
}

// seedOrgs adds two orgs, one with two users and one without.
func seedOrgs(ctx context.Context, e *engine.Engine) {
	seed := unitofwork.New(e, models)
	defer seed.Close()
	_ = seed.Add(&Org{Name: "Acme", Users: []*User{{Email: "ann@example.com"}, {Email: "bob@example.com"}}},
		&Org{Name: "Initech", Users: []*User{}})
	if err := seed.Commit(ctx); err != nil {
		log.Fatal(err)
	}
}

// Read loads a graph for read-only code that keeps no Session: the orgs
// and their users come back as plain, detached structs.
func ExampleRead() {
	ctx := context.Background()
	e, done := exampleDB()
	defer done()
	seedOrgs(ctx, e)

	orgs, err := unitofwork.Read[Org](ctx, e, models, Orgs.Select().OrderBy(Orgs.C("id").Asc()),
		unitofwork.SelectIn("Users"))
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range orgs {
		fmt.Println(o.Name, len(o.Users))
	}
	// Output:
	// Acme 2
	// Initech 0
}

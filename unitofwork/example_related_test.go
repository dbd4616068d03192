package unitofwork_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Related loads one object's relationship when it is not loaded — one
// query — and a session opened with StrictLoading reports it unloaded
// instead, sending nothing, until it is loaded explicitly.
func ExampleRelated() {
	ctx := context.Background()
	e, done := exampleDB()
	defer done()
	seed := unitofwork.New(e, models)
	_ = seed.Add(&Org{Name: "Acme", Users: []*User{{Email: "ann@example.com"}, {Email: "bob@example.com"}}})
	if err := seed.Commit(ctx); err != nil {
		log.Fatal(err)
	}
	seed.Close()

	s := unitofwork.New(e, models)
	defer s.Close()
	org, err := unitofwork.One[Org](ctx, s, Orgs.Select())
	if err != nil {
		log.Fatal(err)
	}
	loaded, _ := s.Loaded(org, "Users")
	users, err := unitofwork.Related[[]*User](ctx, s, org, "Users") // SELECT ... FROM users WHERE org_id IN (?)
	if err != nil {
		log.Fatal(err)
	}
	after, _ := s.Loaded(org, "Users")
	fmt.Println(loaded, len(users), after)

	strict := unitofwork.New(e, models, unitofwork.StrictLoading())
	defer strict.Close()
	orgs, err := unitofwork.All[Org](ctx, strict, Orgs.Select())
	if err != nil {
		log.Fatal(err)
	}
	_, err = unitofwork.Related[[]*User](ctx, strict, orgs[0], "Users")
	fmt.Println(errors.Is(err, unitofwork.ErrUnloaded), err)
	if err := unitofwork.Load(ctx, strict, orgs, "Users"); err != nil { // explicit: loads, strict or not
		log.Fatal(err)
	}
	users, err = unitofwork.Related[[]*User](ctx, strict, orgs[0], "Users")
	fmt.Println(len(users), err)
	// Output:
	// false 2 true
	// true unitofwork: unitofwork_test.Org.Users is not loaded, and loading is strict for it (load it with SelectIn or Load)
	// 2 <nil>
}

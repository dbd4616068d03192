package unitofwork_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type Org struct {
	ID    int64   `db:"id,pk,autoincrement"`
	Name  string  `db:"name"`
	Users []*User `rel:""`
}

type User struct {
	ID    int64  `db:"id,pk,autoincrement"`
	OrgID int64  `db:"org_id,references=orgs.id"`
	Email string `db:"email,unique"`
	Name  string `db:"name"`
}

var (
	meta   = expr.NewMetaData()
	models = mapper.NewRegistry(meta)
	Orgs   = mapper.MustMap[Org](models, "orgs")
	Users  = mapper.MustMap[User](models, "users")
)

// printSQL is a query hook that prints each statement and transaction
// step: what the session sends.
type printSQL struct{}

func (printSQL) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context { return ctx }
func (printSQL) AfterQuery(_ context.Context, ev *engine.QueryEvent)                    { fmt.Println(ev.SQL) }
func (printSQL) TxEvent(_ context.Context, ev *engine.TxEvent)                          { fmt.Println(ev.Op) }

// exampleDB opens an SQLite database in a temporary directory with the
// example's tables, and returns an engine on it with hooks, and a
// cleanup.
func exampleDB(hooks ...engine.Hook) (*engine.Engine, func()) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "session")
	if err != nil {
		log.Fatal(err)
	}
	db, err := sqlitedialect.Open(ctx, filepath.Join(dir, "app.db"))
	if err != nil {
		log.Fatal(err)
	}
	if err := db.CreateAll(ctx, meta); err != nil {
		log.Fatal(err)
	}
	e, err := engine.New(db.Source(), db.Dialect(), engine.WithHooks(hooks...))
	if err != nil {
		log.Fatal(err)
	}
	return e, func() { db.Close(); os.RemoveAll(dir) }
}

func Example() {
	ctx := context.Background()
	e, done := exampleDB(printSQL{})
	defer done()

	s := unitofwork.New(e, models) // one per request or job
	defer s.Close()

	acme := &Org{Name: "Acme", Users: []*User{{Email: "ann@example.com", Name: "Ann"}}}
	if err := s.Add(acme); err != nil { // its users follow at flush
		log.Fatal(err)
	}
	if err := s.Commit(ctx); err != nil { // parents first; keys flow to children
		log.Fatal(err)
	}

	ann, err := unitofwork.Get[User](ctx, s, acme.Users[0].ID) // the same *User, no SQL
	if err != nil {
		log.Fatal(err)
	}
	ann.Name = "Ann B." // found by comparing with the snapshot taken at flush
	// One statement: sent without BEGIN and COMMIT.
	if err := s.Commit(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println(ann == acme.Users[0], ann.OrgID == acme.ID)
	// Output:
	// begin
	// INSERT INTO "orgs" ("name") VALUES (?) RETURNING "id"
	// INSERT INTO "users" ("org_id", "email", "name") VALUES (?, ?, ?) RETURNING "id"
	// commit
	// UPDATE "users" SET "name" = ? WHERE "users"."id" = ?
	// true true
}

// A request handler opens one session and binds it to the request's
// context; code below finds it there.
func ExampleNewContext() {
	e, done := exampleDB()
	defer done()
	s := unitofwork.New(e, models)
	defer s.Close()
	ctx := unitofwork.NewContext(context.Background(), s)

	got, ok := unitofwork.FromContext(ctx)
	fmt.Println(ok, got == s)
	// Output: true true
}

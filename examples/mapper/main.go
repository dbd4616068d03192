// Command mapper maps Go structs to tables with the mapper module and runs
// the statements through the engine: it creates the tables on an embedded
// SQLite database, writes rows from structs, reads them back into structs
// with mapper.Row and follows a relationship.
//
//	go run ./examples/mapper
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// The models. Tags say what the Go types do not: keys, constraints, types.
type (
	Org struct {
		ID    int64  `db:"id,pk,autoincrement"`
		Name  string `db:"name,type=varchar(100),unique"`
		Users []User `rel:""` // one-to-many: users.org_id references orgs
	}

	Audit struct {
		CreatedAt time.Time `db:"created_at,readonly"`
	}

	Prefs struct {
		Theme string `json:"theme"`
	}

	User struct {
		ID      int64   `db:"id,pk,autoincrement"`
		OrgID   int64   `db:"org_id,references=orgs.id,ondelete=cascade,index"`
		Email   string  `db:"email,type=varchar(200),unique"`
		Name    *string `db:"name"` // nullable
		Prefs   Prefs   `db:"prefs,json"`
		Version int64   `db:"version,version"`
		Audit           // flattened: created_at
		Org     *Org    `rel:""` // many-to-one
	}
)

// The mappings: built once, at start-up. A misspelt column, type or
// foreign key panics here, not at the first query.
var (
	meta  = expr.NewMetaData()
	reg   = mapper.NewRegistry(meta)
	Orgs  = mapper.MustMap[Org](reg, "orgs")
	Users = mapper.MustMap[User](reg, "users",
		mapper.ColumnOptions("created_at", expr.ServerDefault("CURRENT_TIMESTAMP")))
)

func main() {
	reg.MustResolve()
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	// An in-memory SQLite database with foreign keys on; the engine runs
	// the mapper's statements and the mapper scans their rows.
	e, err := sqlitedialect.Open(ctx, "")
	if err != nil {
		return err
	}
	defer e.Close()

	tables, err := meta.SortedTables()
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := e.Exec(ctx, expr.CreateTable(t)); err != nil {
			return err
		}
	}

	// INSERT ... RETURNING: the generated key comes back into the struct.
	acme := &Org{Name: "Acme"}
	ins, err := Orgs.Insert(acme)
	if err != nil {
		return err
	}
	if acme.ID, err = engine.One(ctx, e, ins.Returning(Orgs.C("id")), engine.ScanValue[int64]); err != nil {
		return err
	}

	// Many structs at once: every struct gets its key and server defaults
	// back (large batches are split under the parameter limit, in one
	// transaction).
	ann := "Ann"
	batch := []*User{
		{OrgID: acme.ID, Email: "ann@example.com", Name: &ann, Prefs: Prefs{Theme: "dark"}, Version: 1},
		{OrgID: acme.ID, Email: "bob@example.com", Version: 1},
	}
	if err := engine.RunBatch(ctx, e, Users.InsertBatch(batch)); err != nil {
		return err
	}
	fmt.Println("keys:", batch[0].ID, batch[1].ID)

	// SELECT into []User: mapper.Row is the engine's scan function; the
	// plan for (User, these columns) is built once.
	users, err := engine.All(ctx, e, Users.Select().OrderBy(Users.Field("Email").Asc()), mapper.Row[User])
	if err != nil {
		return err
	}
	for _, u := range users {
		fmt.Printf("%d %s name=%v theme=%q version=%d\n", u.ID, u.Email, deref(u.Name), u.Prefs.Theme, u.Version)
	}

	// UPDATE with optimistic locking: success bumps the struct's version,
	// and the stale copy is an error rather than a silent no-op.
	stale := users[0]
	users[0].Prefs.Theme = "light"
	if err := engine.RunBatch(ctx, e, Users.UpdateBatch(&users[0])); err != nil {
		return err
	}
	fmt.Println("update: version", users[0].Version)
	err = engine.RunBatch(ctx, e, Users.UpdateBatch(&stale))
	fmt.Println("stale update:", errors.Is(err, mapper.ErrStale))

	// A join along the relationship, scanned into an ad-hoc struct, in a
	// transaction.
	type membership struct {
		Org   string `db:"org"`
		Email string `db:"email"`
	}
	q := expr.Select(Orgs.C("name").As("org"), Users.C("email")).
		From(Users.Table).Join(Orgs.Table, Users.Relationship("Org").On()).
		OrderBy(Users.C("email").Asc())
	err = e.RunInTx(ctx, engine.TxOptions{ReadOnly: true}, func(ctx context.Context, tx *engine.Tx) error {
		ms, err := engine.All(ctx, tx, q, mapper.Row[membership])
		fmt.Println(ms)
		return err
	})
	if err != nil {
		return err
	}

	// One row: no row is engine.ErrNoRows, which is sql.ErrNoRows and
	// mapper.ErrNoRows too.
	_, err = engine.One(ctx, e, Users.Select().Where(Users.C("email").Eq("cy@example.com")), mapper.Row[User])
	fmt.Println("no cy:", errors.Is(err, sql.ErrNoRows), errors.Is(err, mapper.ErrNoRows))

	// NULL into a non-nullable field is a typed error naming the column.
	_, err = engine.All(ctx, e, expr.Select(Users.C("name")).From(Users.Table), mapper.Row[string])
	var ne *mapper.NullError
	if errors.As(err, &ne) {
		fmt.Println("error:", ne)
	}
	return nil
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

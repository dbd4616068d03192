// Command mapper maps Go structs to tables with the mapper module: it
// creates the tables on an embedded SQLite database, writes rows from
// structs, reads them back into structs and follows a relationship.
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

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
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
	db, err := sql.Open("sqlite3", "file:mapper?mode=memory&cache=shared&_foreign_keys=1")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	c := compile.New(sqlitedialect.New())
	exec := func(st expr.Statement) (sql.Result, error) {
		text, args, err := c.Compile(st, nil)
		if err != nil {
			return nil, err
		}
		return db.ExecContext(ctx, text, args...)
	}
	query := func(st expr.Statement) (*sql.Rows, error) {
		text, args, err := c.Compile(st, nil)
		if err != nil {
			return nil, err
		}
		return db.QueryContext(ctx, text, args...)
	}

	tables, err := meta.SortedTables()
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := exec(expr.CreateTable(t)); err != nil {
			return err
		}
	}

	// INSERT ... RETURNING: the generated key comes back into the struct.
	acme := &Org{Name: "Acme"}
	ins, err := Orgs.Insert(acme)
	if err != nil {
		return err
	}
	rows, err := query(ins.Returning(Orgs.C("id")))
	if err != nil {
		return err
	}
	if err := mapper.Into(rows, acme); err != nil {
		return err
	}

	ann := "Ann"
	ins, err = Users.Insert(
		&User{OrgID: acme.ID, Email: "ann@example.com", Name: &ann, Prefs: Prefs{Theme: "dark"}, Version: 1},
		&User{OrgID: acme.ID, Email: "bob@example.com", Version: 1},
	)
	if err != nil {
		return err
	}
	if _, err := exec(ins); err != nil {
		return err
	}

	// SELECT into []User: the plan for (User, these columns) is built once.
	rows, err = query(Users.Select().OrderBy(Users.Field("Email").Asc()))
	if err != nil {
		return err
	}
	users, err := mapper.All[User](rows)
	if err != nil {
		return err
	}
	for _, u := range users {
		fmt.Printf("%d %s name=%v theme=%q version=%d\n", u.ID, u.Email, deref(u.Name), u.Prefs.Theme, u.Version)
	}

	// UPDATE with optimistic locking: the stale copy changes nothing.
	stale := users[0]
	users[0].Prefs.Theme = "light"
	up, err := Users.Update(&users[0])
	if err != nil {
		return err
	}
	res, err := exec(up)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	fmt.Println("update:", n, "row")
	up, _ = Users.Update(&stale)
	res, err = exec(up)
	if err != nil {
		return err
	}
	n, _ = res.RowsAffected()
	fmt.Println("stale update:", n, "rows")

	// A join along the relationship, scanned into an ad-hoc struct.
	type membership struct {
		Org   string `db:"org"`
		Email string `db:"email"`
	}
	q := expr.Select(Orgs.C("name").As("org"), Users.C("email")).
		From(Users.Table).Join(Orgs.Table, Users.Relationship("Org").On()).
		OrderBy(Users.C("email").Asc())
	rows, err = query(q)
	if err != nil {
		return err
	}
	ms, err := mapper.All[membership](rows)
	if err != nil {
		return err
	}
	fmt.Println(ms)

	// NULL into a non-nullable field is a typed error naming the column.
	rows, err = query(expr.Select(Users.C("name")).From(Users.Table))
	if err != nil {
		return err
	}
	_, err = mapper.All[string](rows)
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

package mappertest

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Map a struct, create its table, write rows from structs and read them
// back into structs, on SQLite.
func Example() {
	type User struct {
		ID    int64   `db:"id,pk,autoincrement"`
		Email string  `db:"email,unique"`
		Name  *string `db:"name"`
	}
	meta := expr.NewMetaData()
	users := mapper.MustMap[User](mapper.NewRegistry(meta), "users")

	ctx := context.Background()
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	c := compile.New(sqlitedialect.New())
	query := func(st expr.Statement) *sql.Rows {
		text, args, err := c.Compile(st, nil)
		if err != nil {
			panic(err)
		}
		rows, err := db.QueryContext(ctx, text, args...)
		if err != nil {
			panic(err)
		}
		return rows
	}

	query(expr.CreateTable(users.Table)).Close()
	ann := "Ann"
	ins, err := users.Insert(&User{Email: "ann@example.com", Name: &ann}, &User{Email: "bob@example.com"})
	if err != nil {
		panic(err)
	}
	query(ins).Close()

	all, err := mapper.All[User](query(users.Select().OrderBy(users.C("email").Asc())))
	if err != nil {
		panic(err)
	}
	for _, u := range all {
		name := "(no name)"
		if u.Name != nil {
			name = *u.Name
		}
		fmt.Println(u.ID, u.Email, name)
	}
	emails, _ := mapper.All[string](query(expr.Select(users.C("email")).From(users.Table).Where(users.C("name").IsNull())))
	fmt.Println(emails)
	// Output:
	// 1 ann@example.com Ann
	// 2 bob@example.com (no name)
	// [bob@example.com]
}

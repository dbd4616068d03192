package sqlitedialect_test

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/expr"
)

func Example() {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	users := expr.NewMetaData().MustTable("users",
		expr.Col("id", expr.Integer, expr.PK, expr.AutoIncrement),
		expr.Col("name", expr.String, expr.NotNull),
	)
	c := compile.New(sqlitedialect.New())
	run := func(st expr.Statement) *sql.Rows {
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
	run(expr.CreateTable(users)).Close()
	rows := run(expr.Insert(users).Columns(users.C("name")).Values("ann").Values("bob").Returning(users.C("id"), users.C("name")))
	defer rows.Close()
	for rows.Next() {
		var id int
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			panic(err)
		}
		fmt.Println(id, name)
	}
	// Output:
	// 1 ann
	// 2 bob
}

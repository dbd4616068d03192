package expr_test

import (
	"errors"
	"fmt"

	"github.com/sqlforge/sqlforge/expr"
)

// Tables are defined once; MetaData orders them by their foreign keys.
func ExampleMetaData_SortedTables() {
	meta := expr.NewMetaData()
	meta.MustTable("orders",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("user_id", expr.BigInt, expr.NotNull, expr.References("users.id", expr.OnDelete(expr.Cascade))),
	)
	meta.MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("email", expr.Varchar(200), expr.Unique),
	)
	tables, err := meta.SortedTables()
	if err != nil {
		panic(err)
	}
	for _, t := range tables {
		fmt.Println(t.Name)
	}
	// Output:
	// users
	// orders
}

// A sort field from a request goes through an allow-list, never into SQL.
func ExampleColumnSet_Lookup() {
	users := expr.NewMetaData().MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("name", expr.String),
		expr.Col("password_hash", expr.Bytes),
	)
	sortable := expr.Allow(users.C("id"), expr.AllowAs("username", users.C("name")))
	for _, field := range []string{"username", "password_hash", "name; DROP TABLE users"} {
		col, err := sortable.Lookup(field)
		if errors.Is(err, expr.ErrUnknownColumn) {
			fmt.Println("rejected:", err)
			continue
		}
		q := expr.Select(users.C("id")).OrderBy(col.Desc())
		fmt.Println("order by", q.Clauses().OrderBy[0].(*expr.Ordering).X.(*expr.Column).Name)
	}
	// Output:
	// order by name
	// rejected: expr: unknown column "password_hash" in "allowed columns" (allowed: "id", "username")
	// rejected: expr: unknown column "name; DROP TABLE users" in "allowed columns" (allowed: "id", "username")
}

package pgdialect_test

import (
	"fmt"

	"github.com/sqlforge/sqlforge/compile"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/expr"
)

func Example() {
	users := expr.NewMetaData().MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("name", expr.String, expr.NotNull),
		expr.Col("email", expr.String, expr.Unique),
	)
	c := compile.New(pgdialect.New())

	// IN lists bind as one array parameter; the SQL does not depend on the list.
	q := expr.Select(users.C("name")).Where(users.C("id").In([]int64{3, 5, 8}), users.C("name").ILike("a%"))
	text, args, _ := c.Compile(q, nil)
	fmt.Println(text, args)

	up := expr.Insert(users).Columns(users.C("email"), users.C("name")).Values("ann@example.com", "Ann").
		OnConflict(users.C("email")).DoUpdate(expr.Assign(users.C("name"), expr.Excluded(users.C("name")))).
		Returning(users.C("id"))
	text, args, _ = c.Compile(up, nil)
	fmt.Println(text, args)
	// Output:
	// SELECT "users"."name" FROM "users" WHERE "users"."id" = ANY($1) AND "users"."name" ILIKE $2 [[3 5 8] a%]
	// INSERT INTO "users" ("email", "name") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "users"."id" [ann@example.com Ann]
}

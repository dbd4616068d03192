package compile_test

import (
	"fmt"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// A Dialect is small: placeholders, identifier quoting, type names and a
// feature set. The compiler refuses what the features leave out.
func ExampleCompiler_Compile() {
	c := compile.New(ansi{dollar: true})
	q := expr.Select(users.C("name")).Where(users.C("age").Between(18, 30)).Limit(5)
	args := make([]any, 0, 8) // reuse across calls: a cache hit then allocates nothing
	text, args, err := c.Compile(q, args[:0])
	fmt.Println(text, args, err)

	_, _, err = c.Compile(expr.Select(users.C("name")).DistinctOn(users.C("name")), nil)
	fmt.Println(err)
	// Output:
	// SELECT "users"."name" FROM "users" WHERE "users"."age" BETWEEN $1 AND $2 LIMIT $3 [18 30 5] <nil>
	// compile: ansi does not support DISTINCT ON
}

// An ORM's flush updates many rows in one statement: a VALUES list holds
// each row's key and new values, joined to the table by UPDATE ... FROM.
// Every value is bound; on a dialect that casts bound values (PostgreSQL)
// the first row is cast to the columns' types.
func Example_values() {
	c := compile.New(ansi{dollar: true, f: compile.UpdateFromValues | compile.CastBinds})
	if !c.Dialect().Features().Has(compile.UpdateFromValues) {
		return // one UPDATE per row instead
	}
	v := expr.Values("v", users.C("id"), users.C("name")).
		Row(1, "Ann").
		Row(2, "Bob")
	q := expr.Update(users).Set(users.C("name"), v.C("name")).From(v).Where(users.C("id").Eq(v.C("id")))
	text, args, err := c.Compile(q, nil)
	fmt.Println(text)
	fmt.Println(args, err)
	// Output:
	// UPDATE "users" SET "name" = "v"."name" FROM (VALUES (CAST($1 AS BIGINT), CAST($2 AS TEXT)), ($3, $4)) AS "v" ("id", "name") WHERE "users"."id" = "v"."id"
	// [1 Ann 2 Bob] <nil>
}

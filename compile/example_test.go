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

package mysqldialect_test

import (
	"fmt"

	"github.com/sqlforge/sqlforge/compile"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/expr"
)

func Example() {
	users := expr.NewMetaData().MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("email", expr.Varchar(200), expr.Unique),
		expr.Col("name", expr.String),
		expr.Col("age", expr.Integer),
	)
	c := compile.New(mysqldialect.NewMariaDB())

	q := expr.Select(users.C("name").Concat(" <").Concat(users.C("email")).Concat(">").As("who")).
		Where(users.C("name").ILike("a%")).
		OrderBy(users.C("age").Desc().NullsLast())
	text, args, _ := c.Compile(q, nil)
	fmt.Println(text, args)

	up := expr.Insert(users).Columns(users.C("email"), users.C("name")).Values("ann@example.com", "Ann").
		OnDuplicateKeyUpdate(expr.Assign(users.C("name"), expr.Excluded(users.C("name"))))
	text, args, _ = c.Compile(up, nil)
	fmt.Println(text, args)

	_, _, err := c.Compile(expr.Update(users).Set(users.C("age"), 1).Where(users.C("id").Eq(1)).Returning(users.C("age")), nil)
	fmt.Println(err)
	// Output:
	// SELECT CONCAT(CONCAT(CONCAT(`users`.`name`, ?), `users`.`email`), ?) AS `who` FROM `users` WHERE lower(`users`.`name`) LIKE lower(?) ORDER BY `users`.`age` IS NULL, `users`.`age` DESC [ < > a%]
	// INSERT INTO `users` (`email`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`) [ann@example.com Ann]
	// compile: mariadb does not support UPDATE ... RETURNING
}

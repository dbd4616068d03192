package sqlitedialect_test

import (
	"context"
	"errors"
	"fmt"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Open an in-memory database, create the schema, write in a transaction
// and read the rows back.
func ExampleOpen() {
	meta := expr.NewMetaData()
	users := meta.MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("email", expr.Varchar(200), expr.NotNull, expr.Unique),
	)

	ctx := context.Background()
	e, err := sqlitedialect.Open(ctx, "")
	if err != nil {
		panic(err)
	}
	defer e.Close()
	if err := e.CreateAll(ctx, meta); err != nil {
		panic(err)
	}

	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		_, err := tx.Exec(ctx, expr.Insert(users).Columns(users.C("email")).
			Values("ann@example.com").Values("bob@example.com"))
		return err
	})
	if err != nil {
		panic(err)
	}

	_, err = e.Exec(ctx, expr.Insert(users).Columns(users.C("email")).Values("ann@example.com"))
	fmt.Println("duplicate:", errors.Is(err, engine.ErrUniqueViolation))

	emails, err := engine.All(ctx, e, expr.Select(users.C("email")).From(users).OrderBy(users.C("email").Asc()), engine.ScanValue[string])
	fmt.Println(emails, err)

	n, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT count(*) FROM users WHERE email LIKE :p").Bind("p", "%@example.com"))
	fmt.Println(n, err)
	// Output:
	// duplicate: true
	// [ann@example.com bob@example.com] <nil>
	// 2 <nil>
}

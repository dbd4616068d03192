package mappertest

import (
	"context"
	"errors"
	"fmt"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Scan structs through the engine: mapper.Row is the scan function of
// engine.All, One, OneOrNone and Iter, on an engine or in a transaction.
func Example_engine() {
	type User struct {
		ID    int64   `db:"id,pk,autoincrement"`
		Email string  `db:"email,unique"`
		Name  *string `db:"name"`
	}
	meta := expr.NewMetaData()
	users := mapper.MustMap[User](mapper.NewRegistry(meta), "users")

	ctx := context.Background()
	e, err := sqlitedialect.Open(ctx, "")
	if err != nil {
		panic(err)
	}
	defer e.Close()
	if _, err := e.Exec(ctx, expr.CreateTable(users.Table)); err != nil {
		panic(err)
	}
	ann := "Ann"
	ins, _ := users.Insert(&User{Email: "ann@example.com", Name: &ann}, &User{Email: "bob@example.com"})
	if _, err := e.Exec(ctx, ins); err != nil {
		panic(err)
	}

	all, err := engine.All(ctx, e, users.Select().OrderBy(users.C("email").Asc()), mapper.Row[User])
	fmt.Println(len(all), all[0].Email, *all[0].Name, all[1].Name, err)

	err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		u, err := engine.One(ctx, tx, users.Select().Where(users.C("email").Eq("bob@example.com")), mapper.Row[*User])
		fmt.Println(u.ID, u.Email)
		return err
	})
	fmt.Println(err)

	_, err = engine.One(ctx, e, users.Select().Where(users.C("id").Eq(9)), mapper.Row[User])
	fmt.Println(errors.Is(err, engine.ErrNoRows), errors.Is(err, mapper.ErrNoRows))
	// Output:
	// 2 ann@example.com Ann <nil> <nil>
	// 2 bob@example.com
	// <nil>
	// true true
}

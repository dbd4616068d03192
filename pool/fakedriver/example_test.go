package fakedriver_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
)

// A Connector serves any database/sql pool; FailNext breaks connections on
// purpose, and the pool retries on a new one.
func Example() {
	c := &fakedriver.Connector{}
	db := sql.OpenDB(c)
	defer db.Close()
	ctx := context.Background()

	c.FailNext(1)
	_, err := db.ExecContext(ctx, "UPDATE t SET x = 1")
	fmt.Println("exec after one bad connection:", err, "- connections opened:", c.Opened())

	c.FailNext(3)
	_, err = db.ExecContext(ctx, "UPDATE t SET x = 1")
	fmt.Println("every try bad:", errors.Is(err, driver.ErrBadConn))

	rows, _ := db.QueryContext(ctx, "rows 2")
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	fmt.Println(n, "rows of", len(cols), "columns")
	// Output:
	// exec after one bad connection: <nil> - connections opened: 2
	// every try bad: true
	// 2 rows of 8 columns
}

// An Expiring context's deadline passes when the test calls Expire; a
// test that waits until a call is blocked can time it out then.
func ExampleExpiring() {
	db := sql.OpenDB(&fakedriver.Connector{})
	defer db.Close()
	ctx := fakedriver.NewExpiring(context.Background())
	fmt.Println("before:", ctx.Err())
	ctx.Expire()
	_, err := db.Conn(ctx)
	fmt.Println("after:", errors.Is(err, context.DeadlineExceeded))
	// Output:
	// before: <nil>
	// after: true
}

package pool_test

import (
	"context"
	"fmt"

	"github.com/sqlforge/sqlforge/pool"
	"github.com/sqlforge/sqlforge/pool/fakedriver"
)

// A *pool.DB is used exactly like a *sql.DB.
func Example() {
	db := pool.OpenDB(&fakedriver.Connector{}) // or pool.Open("sqlite3", "file.db")
	defer db.Close()
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)

	ctx := context.Background()
	res, err := db.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1", 10)
	if err != nil {
		panic(err)
	}
	n, _ := res.RowsAffected()

	var one int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		panic(err)
	}
	fmt.Println("rows affected:", n, "selected:", one, "open:", db.Stats().OpenConnections)
	// Output: rows affected: 1 selected: 1 open: 1
}

// The generic core pools any resource, here plain integers.
func ExamplePool() {
	next := 0
	p, err := pool.New(pool.Config[int]{
		Open:    func(context.Context) (int, error) { next++; return next, nil },
		MaxOpen: 4,
	})
	if err != nil {
		panic(err)
	}
	defer p.Close()

	r, err := p.Acquire(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println("got resource", r.Value())
	r.Release()

	r, _ = p.Acquire(context.Background())
	fmt.Println("reused resource", r.Value())
	r.Release()
	// Output:
	// got resource 1
	// reused resource 1
}

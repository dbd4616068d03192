package pool_test

import (
	"context"
	"fmt"

	"github.com/sqlforge/sqlforge/pool"
	"github.com/sqlforge/sqlforge/pool/fakedriver"
)

// The generic pool pools any resource, here plain integers.
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

// pool.OpenDB is sqlpool.OpenDB: a *pool.DB is used like a *sql.DB.
func ExampleOpenDB() {
	db := pool.OpenDB(&fakedriver.Connector{}) // or pool.Open("sqlite3", "app.db")
	defer db.Close()
	var one int
	if err := db.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err != nil {
		panic(err)
	}
	fmt.Println("selected", one, "over", db.Stats().OpenConnections, "connection")
	// Output: selected 1 over 1 connection
}

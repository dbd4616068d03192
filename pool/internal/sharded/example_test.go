package sharded_test

import (
	"context"
	"fmt"

	"github.com/sqlforge/sqlforge/pool/internal/sharded"
)

// Lowering MaxOpen while resources are held closes the excess as they come
// back.
func Example() {
	opened, closed := 0, 0
	p, _ := sharded.New(sharded.Config[int]{
		Open:    func(context.Context) (int, error) { opened++; return opened, nil },
		Close:   func(int) { closed++ },
		MaxOpen: 3,
	})
	defer p.Close()
	ctx := context.Background()
	var held []*sharded.Resource[int]
	for range 3 {
		r, _ := p.Acquire(ctx)
		held = append(held, r)
	}
	p.SetMaxOpen(2)
	for _, r := range held {
		r.Release()
	}
	st := p.Stats()
	fmt.Println("open", st.Open, "idle", st.Idle, "closed", closed)
	// Output: open 2 idle 2 closed 1
}

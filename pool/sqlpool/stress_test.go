package sqlpool_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// stressOps is SQLFORGE_STRESS_OPS or 100k (10k with -short).
func stressOps(t *testing.T) int {
	if s := os.Getenv("SQLFORGE_STRESS_OPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("SQLFORGE_STRESS_OPS=%q: %v", s, err)
		}
		return n
	}
	if testing.Short() {
		return 10_000
	}
	return 100_000
}

// TestRandomCancellationsNoLeak runs operations of every kind with contexts
// canceled at random points, with bad connections sprinkled in, and checks
// that every connection is accounted for.
func TestRandomCancellationsNoLeak(t *testing.T) {
	c := &fakedriver.Connector{}
	db := sqlpool.OpenDB(c)
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	total := stressOps(t)
	const workers = 16
	shared, err := db.Prepare("x")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for i := 0; i < total/workers; i++ {
				if rng.IntN(500) == 0 {
					c.FailNext(1)
				}
				randomOp(db, shared, rng)
			}
		}()
	}
	wg.Wait()
	// A transaction whose context was canceled is rolled back, and its
	// connection returned, by a goroutine of its own (as in database/sql):
	// it may still be at work when the operation has returned.
	waitIdle(t, db, "a connection is still in use 30 s after the operations ended")
	st := db.Stats()
	if st.InUse != 0 || st.OpenConnections > 4 {
		t.Fatalf("stats after %d operations %+v; want nothing in use, at most 4 open", total, st)
	}
	if open := c.Opened() - c.Closed(); open != int64(st.OpenConnections) {
		t.Fatalf("driver has %d connections open; Stats says %d", open, st.OpenConnections)
	}
	shared.Close()
	db.Close()
	if c.Opened() != c.Closed() {
		t.Fatalf("after Close: %d opened, %d closed", c.Opened(), c.Closed())
	}
	if prepared, closed := c.Statements(); prepared != closed || prepared == 0 {
		t.Fatalf("after Close: %d statements prepared, %d closed", prepared, closed)
	}
}

func randomOp(db *sqlpool.DB, shared *sqlpool.Stmt, rng *rand.Rand) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	switch rng.IntN(4) {
	case 0:
		cancel()
	case 1:
		go cancel() // races with the operation
	case 2:
		var c context.CancelFunc
		ctx, c = context.WithTimeout(ctx, time.Duration(rng.IntN(50))*time.Microsecond)
		defer c()
	}
	switch rng.IntN(8) {
	case 0:
		db.ExecContext(ctx, "x")
	case 1:
		if rows, err := db.QueryContext(ctx, "x"); err == nil {
			if rng.IntN(2) == 0 {
				for rows.Next() {
				}
			}
			rows.Close()
		}
	case 2:
		var v int
		db.QueryRowContext(ctx, "x").Scan(&v)
	case 3:
		if tx, err := db.BeginTx(ctx, nil); err == nil {
			tx.ExecContext(ctx, "x")
			if rng.IntN(2) == 0 {
				tx.Commit()
			} else {
				tx.Rollback()
			}
		}
	case 4:
		if c, err := db.Conn(ctx); err == nil {
			c.ExecContext(ctx, "x")
			c.Close()
		}
	case 5:
		shared.ExecContext(ctx)
		if rows, err := shared.QueryContext(ctx); err == nil {
			rows.Next()
			rows.Close()
		}
	case 6:
		if tx, err := db.BeginTx(ctx, nil); err == nil {
			st := tx.StmtContext(ctx, shared)
			var v int
			st.QueryRowContext(ctx).Scan(&v)
			if p, err := tx.PrepareContext(ctx, "y"); err == nil && rng.IntN(2) == 0 {
				p.ExecContext(ctx)
			}
			tx.Commit()
		}
	case 7:
		if st, err := db.PrepareContext(ctx, "z"); err == nil {
			rows, err := st.QueryContext(ctx)
			st.Close() // closes the driver statement once the rows are done
			if err == nil {
				rows.Next()
				rows.Close()
			}
		}
	}
}

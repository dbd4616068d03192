package sqlpool_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// TestWaitStatsAndObserver holds the only connection while two calls
// wait for it, one of them until its deadline passes: DBStats.Pending follows
// the waiters, Timeouts counts the one that gave up, and the
// WithWaitObserver function sees each wait once.
func TestWaitStatsAndObserver(t *testing.T) {
	var mu sync.Mutex
	var seen []bool // timedOut of each observed wait
	var total time.Duration
	db, _ := openFake(t, sqlpool.WithWaitObserver(func(wait time.Duration, timedOut bool) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, timedOut)
		total += wait
	}))
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pending := func(n int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for db.Stats().Pending != n {
			if time.Now().After(deadline) {
				t.Fatalf("Pending never reached %d (now %d)", n, db.Stats().Pending)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}

	served := make(chan error, 1)
	go func() {
		_, err := db.ExecContext(ctx, "x")
		served <- err
	}()
	pending(1)
	exp := fakedriver.NewExpiring(ctx)
	timedOut := make(chan error, 1)
	go func() {
		_, err := db.ExecContext(exp, "x")
		timedOut <- err
	}()
	pending(2)
	exp.Expire()
	if err := <-timedOut; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Exec whose deadline passed while waiting: %v; want DeadlineExceeded", err)
	}
	if st := db.Stats(); st.Pending != 1 || st.Timeouts != 1 {
		t.Fatalf("after the timeout: Pending %d, Timeouts %d; want 1, 1", st.Pending, st.Timeouts)
	}
	conn.Close()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	st := db.Stats()
	if st.Pending != 0 || st.Timeouts != 1 || st.WaitCount != 2 {
		t.Fatalf("after serving: Pending %d, Timeouts %d, WaitCount %d; want 0, 1, 2",
			st.Pending, st.Timeouts, st.WaitCount)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || !seen[0] || seen[1] {
		t.Fatalf("observer saw timedOut %v; want [true false]", seen)
	}
	if total != st.WaitDuration {
		t.Fatalf("observed waits add up to %v; WaitDuration is %v", total, st.WaitDuration)
	}
}

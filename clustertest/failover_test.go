package clustertest_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/clustertest"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// TestFailoverUnderLoad crashes the primary while writers run, promotes
// the standby, and checks that the engine — whose DSN lists both nodes
// with target_session_attrs=read-write — finds the new primary, that no
// writer hangs (each write is bounded by its context), and that no
// acknowledged write is lost or doubled. Replication is synchronous:
// with asynchronous replication a failover may lose acknowledged
// commits, whatever the client does.
func TestFailoverUnderLoad(t *testing.T) {
	c := clustertest.StartPG(t, clustertest.PGOptions{Sync: true})
	c.Primary.SQL(t, "CREATE TABLE fo_writes (id bigint NOT NULL)") // no key: a doubled write would show
	e := routed(t, c, engine.WithRetry(engine.RetryPolicy{MaxAttempts: 20, BaseDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond}))
	writes := expr.NewMetaData().MustTable("fo_writes", expr.Col("id", expr.BigInt))

	const writers = 4
	var (
		mu                     sync.Mutex
		acked, unknown, failed []int64
		promoted               atomic.Bool
		ackedAfter             atomic.Int64 // acknowledged after the promotion
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := int64(0); ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := int64(w)<<32 | i
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
					_, err := tx.Exec(ctx, expr.Insert(writes).Values(id))
					return err
				})
				cancel()
				mu.Lock()
				switch {
				case err == nil:
					acked = append(acked, id)
					if promoted.Load() {
						ackedAfter.Add(1)
					}
				case engine.CommitUnknown(err):
					unknown = append(unknown, id)
				default:
					if !errors.Is(err, engine.ErrConnectionLost) && !errors.Is(err, engine.ErrCanceled) {
						t.Errorf("write %d: %v; want success, or connection lost", id, err)
					}
					failed = append(failed, id)
				}
				mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	waitFor(t, "writes before the crash", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 50 })
	c.Primary.Crash(t)
	c.Promote(t)
	promoted.Store(true)
	waitFor(t, "writes on the new primary", func() bool { return ackedAfter.Load() >= 50 })
	close(stop)
	select {
	case <-done:
	case <-time.After(time.Minute): // a write is bounded by 10s; a minute means a writer hangs
		t.Fatal("writers still running a minute after being stopped")
	}

	// Every row once; every acknowledged write present.
	ctx := context.Background()
	ids, err := engine.All(engine.OnPrimary(ctx), e, expr.Select(writes.C("id")).From(writes), engine.ScanValue[int64])
	if err != nil {
		t.Fatal(err)
	}
	count := map[int64]int{}
	for _, id := range ids {
		count[id]++
	}
	maybe := map[int64]bool{}
	for _, id := range unknown {
		maybe[id] = true
	}
	for id, n := range count {
		if n > 1 {
			t.Errorf("write %d is there %d times", id, n)
		}
	}
	for _, id := range acked {
		if count[id] != 1 {
			t.Errorf("acknowledged write %d is lost", id)
		}
		delete(count, id)
	}
	for id := range count {
		if !maybe[id] {
			t.Errorf("write %d is there but was reported failed", id)
		}
	}
	t.Logf("writes: %d acknowledged (%d after the promotion), %d failed, %d of unknown outcome (%d of them committed)",
		len(acked), ackedAfter.Load(), len(failed), len(unknown), len(count))
	if got := c.Primary.SQL(t, "SELECT count(*) FROM fo_writes"); got != strconv.Itoa(len(ids)) {
		t.Errorf("the new primary has %s rows; the engine read %d", got, len(ids))
	}
}

// waitFor polls cond every 10ms for up to a minute, failing the test if
// it never holds: a bound against hanging, not a timing check.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after a minute", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

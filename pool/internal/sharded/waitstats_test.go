package sharded

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
)

// waits records what OnWait was called with.
type waits struct {
	mu       sync.Mutex
	total    time.Duration
	n, timed int
}

func (w *waits) observe(d time.Duration, timedOut bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n++
	w.total += d
	if timedOut {
		w.timed++
	}
}

func (w *waits) get() (n, timed int, total time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n, w.timed, w.total
}

// observedPool makes a pool of cfg whose waits w observes. It is shut
// down, not closed, after the test: a failure with a resource still held
// must not wait for it.
func observedPool(t *testing.T, cfg Config[*item], w *waits) *Pool[*item] {
	t.Helper()
	cfg.OnWait = w.observe
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Shutdown)
	return p
}

// waitPending blocks until Stats reports n pending acquisitions.
func waitPending[T any](t *testing.T, p *Pool[T], n int) {
	t.Helper()
	eventually(t, func() bool { return p.Stats().Pending == n },
		"Pending never reached %d (now %d)", n, p.Stats().Pending)
}

// TestWaitFigures holds the only resource while three acquisitions queue,
// makes one of them time out and serves the other two: Pending follows
// the queue, one timeout is counted, and OnWait sees every wait once,
// with the same times as WaitDuration.
func TestWaitFigures(t *testing.T) {
	var c counter
	var w waits
	p := observedPool(t, c.config(1), &w)
	ctx := context.Background()
	r, err := p.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st := p.Stats(); st.Pending != 0 || st.Timeouts != 0 || st.WaitCount != 0 {
		t.Fatalf("before any wait: %+v", st)
	}
	if n, _, _ := w.get(); n != 0 {
		t.Fatalf("OnWait called %d times by an Acquire that did not wait", n)
	}

	served := make(chan error, 2)
	for range 2 {
		go func() {
			r, err := p.Acquire(ctx)
			if err == nil {
				r.Release()
			}
			served <- err
		}()
	}
	waitPending(t, p, 2)
	exp := fakedriver.NewExpiring(context.Background())
	timedOut := make(chan error, 1)
	go func() {
		_, err := p.Acquire(exp)
		timedOut <- err
	}()
	waitPending(t, p, 3)
	exp.Expire()
	if err := <-timedOut; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire whose deadline passed: %v; want DeadlineExceeded", err)
	}
	if st := p.Stats(); st.Pending != 2 || st.Timeouts != 1 || st.WaitCount != 1 {
		t.Fatalf("after the timeout: Pending %d, Timeouts %d, WaitCount %d; want 2, 1, 1",
			st.Pending, st.Timeouts, st.WaitCount)
	}
	if n, timed, _ := w.get(); n != 1 || timed != 1 {
		t.Fatalf("OnWait after the timeout: %d calls, %d timed out; want 1, 1", n, timed)
	}

	r.Release()
	for range 2 {
		if err := <-served; err != nil {
			t.Fatal(err)
		}
	}
	st := p.Stats()
	if st.Pending != 0 || st.Timeouts != 1 || st.WaitCount != 3 {
		t.Fatalf("after serving: Pending %d, Timeouts %d, WaitCount %d; want 0, 1, 3",
			st.Pending, st.Timeouts, st.WaitCount)
	}
	n, timed, total := w.get()
	if n != 3 || timed != 1 {
		t.Fatalf("OnWait: %d calls, %d timed out; want 3, 1", n, timed)
	}
	if total != st.WaitDuration {
		t.Fatalf("OnWait's waits add up to %v; WaitDuration is %v", total, st.WaitDuration)
	}
}

// TestWaitFiguresUnderCancellation races cancellations with grants: every
// wait ends once, so Pending returns to zero, OnWait is called WaitCount
// times, and as many waits timed out as Timeouts says.
func TestWaitFiguresUnderCancellation(t *testing.T) {
	var c counter
	var w waits
	p := observedPool(t, c.config(2), &w)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				ctx, cancel := context.WithCancel(context.Background())
				if i%3 == 0 {
					go cancel()
				}
				r, err := p.Acquire(ctx)
				cancel()
				if err == nil {
					r.Release()
				}
			}
		}()
	}
	wg.Wait()
	st := p.Stats()
	n, timed, total := w.get()
	if st.Pending != 0 || int64(n) != st.WaitCount || int64(timed) != st.Timeouts || total != st.WaitDuration {
		t.Fatalf("stats Pending %d WaitCount %d Timeouts %d WaitDuration %v; OnWait %d calls, %d timed out, %v",
			st.Pending, st.WaitCount, st.Timeouts, st.WaitDuration, n, timed, total)
	}
}

// TestOnWaitClosed: a waiter failed by Close is a wait that did not time out.
func TestOnWaitClosed(t *testing.T) {
	var c counter
	var w waits
	p := observedPool(t, c.config(1), &w)
	r, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	failed := make(chan error, 1)
	go func() {
		_, err := p.Acquire(context.Background())
		failed <- err
	}()
	waitPending(t, p, 1)
	p.Shutdown()
	if err := <-failed; !errors.Is(err, ErrClosed) {
		t.Fatalf("waiter after Shutdown: %v; want ErrClosed", err)
	}
	r.Release()
	if st := p.Stats(); st.Pending != 0 || st.Timeouts != 0 {
		t.Fatalf("after Shutdown: Pending %d, Timeouts %d; want 0, 0", st.Pending, st.Timeouts)
	}
	if n, timed, _ := w.get(); n != 1 || timed != 0 {
		t.Fatalf("OnWait: %d calls, %d timed out; want 1, 0", n, timed)
	}
}

// TestWaitObserverPanicKeepsResource makes the OnWait observer panic in
// an Acquire that waited and then got a resource, once handed a released
// one and once given the slot of a destroyed one to open: the panic
// reaches the caller, who never sees the resource, so the pool must have
// it back idle rather than count it in use for good.
func TestWaitObserverPanicKeepsResource(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(*Resource[*item])
	}{
		{"released", (*Resource[*item]).Release},
		{"destroyed", (*Resource[*item]).Destroy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c counter
			cfg := c.config(1)
			cfg.OnWait = func(time.Duration, bool) { panic("observer") }
			p, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(p.Shutdown)
			ctx := context.Background()
			held, err := p.Acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			panicked := make(chan any, 1)
			go func() {
				defer func() { panicked <- recover() }()
				if r, err := p.Acquire(ctx); err == nil {
					r.Release()
				}
			}()
			waitPending(t, p, 1)
			tc.end(held)
			if v := <-panicked; v != "observer" {
				t.Fatalf("Acquire's caller recovered %v; want the observer's panic", v)
			}
			if st := p.Stats(); st.Open != 1 || st.InUse != 0 || st.Idle != 1 || st.Pending != 0 {
				t.Fatalf("after the observer panicked: Open %d, InUse %d, Idle %d, Pending %d; want 1, 0, 1, 0",
					st.Open, st.InUse, st.Idle, st.Pending)
			}
			r, err := p.Acquire(ctx) // served from the free list: no wait
			if err != nil {
				t.Fatal(err)
			}
			r.Release()
		})
	}
}

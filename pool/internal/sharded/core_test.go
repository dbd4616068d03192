package sharded

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counter is a resource factory that tracks how many resources are alive.
type counter struct {
	next, live, peak, closed atomic.Int64
	failOpen                 atomic.Bool
}

type item struct{ id int64 }

func (c *counter) config(maxOpen int) Config[*item] {
	return Config[*item]{
		MaxOpen: maxOpen,
		Open: func(context.Context) (*item, error) {
			if c.failOpen.Load() {
				return nil, errors.New("open failed")
			}
			n := c.live.Add(1)
			for {
				p := c.peak.Load()
				if n <= p || c.peak.CompareAndSwap(p, n) {
					break
				}
			}
			return &item{id: c.next.Add(1)}, nil
		},
		Close: func(*item) { c.live.Add(-1); c.closed.Add(1) },
	}
}

func newPool(t *testing.T, cfg Config[*item]) *Pool[*item] {
	t.Helper()
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func TestNewRequiresOpen(t *testing.T) {
	if _, err := New(Config[int]{}); err == nil {
		t.Fatal("New without Open: got nil error")
	}
}

func TestReuse(t *testing.T) {
	var c counter
	p := newPool(t, c.config(0))
	ctx := context.Background()
	r, err := p.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id := r.Value().id
	r.Release()
	r2, err := p.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := r2.Value().id; got != id {
		t.Fatalf("second Acquire got resource %d; want reused %d", got, id)
	}
	st := p.Stats()
	if st.Open != 1 || st.InUse != 1 || st.Idle != 0 {
		t.Fatalf("stats = %+v; want Open 1, InUse 1, Idle 0", st)
	}
	r2.Destroy()
	if c.live.Load() != 0 || p.Stats().Open != 0 {
		t.Fatalf("after Destroy live=%d open=%d; want 0, 0", c.live.Load(), p.Stats().Open)
	}
}

func TestMaxOpenUnderLoad(t *testing.T) {
	var c counter
	p := newPool(t, c.config(4))
	var wg sync.WaitGroup
	var used atomic.Int64
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				r, err := p.Acquire(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if n := used.Add(1); n > 4 {
					t.Errorf("%d resources held at once; MaxOpen is 4", n)
				}
				used.Add(-1)
				if i%97 == 0 {
					r.Destroy()
				} else {
					r.Release()
				}
			}
		}()
	}
	wg.Wait()
	if pk := c.peak.Load(); pk > 4 {
		t.Fatalf("peak live resources %d; want <= 4", pk)
	}
	st := p.Stats()
	if st.InUse != 0 || st.Open != int(c.live.Load()) || st.Idle != st.Open {
		t.Fatalf("stats after load %+v, live %d; want nothing in use", st, c.live.Load())
	}
	var acq int64
	for _, s := range st.Shards {
		acq += s.Acquires
	}
	if acq == 0 {
		t.Fatal("no acquisition was served from a free list")
	}
	p.Close()
	if c.live.Load() != 0 {
		t.Fatalf("after Close %d resources alive; want 0", c.live.Load())
	}
}

// eventually polls cond until it holds, failing the test with the message
// after 30 seconds: long enough for any loaded machine, and only ever reached
// when the awaited event does not happen.
func eventually(t *testing.T, cond func() bool, format string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf(format, args...)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// waitQueued blocks until n waiters are queued.
func waitQueued[T any](t *testing.T, p *Pool[T], n int64) {
	t.Helper()
	eventually(t, func() bool { return p.nwait.Load() == n }, "waiters never reached %d (now %d)", n, p.nwait.Load())
}

func TestFIFOWaiters(t *testing.T) {
	var c counter
	p := newPool(t, c.config(1))
	r, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan int, 5)
	for i := 0; i < 5; i++ {
		go func() {
			r, err := p.Acquire(context.Background())
			if err != nil {
				t.Error(err)
				order <- -1
				return
			}
			order <- i
			r.Release()
		}()
		waitQueued(t, p, int64(i+1))
	}
	r.Release()
	for want := 0; want < 5; want++ {
		if got := <-order; got != want {
			t.Fatalf("waiter %d served; want %d (FIFO)", got, want)
		}
	}
}

func TestAcquireContext(t *testing.T) {
	var c counter
	p := newPool(t, c.config(1))
	r, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := p.Acquire(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire with expiring context: %v; want DeadlineExceeded", err)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := p.Acquire(ctx2); !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire with canceled context: %v; want Canceled", err)
	}
	if n := p.nwait.Load(); n != 0 {
		t.Fatalf("%d waiters left queued", n)
	}
	r.Release()
	if st := p.Stats(); st.WaitCount != 1 || st.Idle != 1 {
		t.Fatalf("stats %+v; want WaitCount 1, Idle 1", st)
	}
}

func TestCancelRacesGrant(t *testing.T) {
	var c counter
	p := newPool(t, c.config(2))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				ctx, cancel := context.WithCancel(context.Background())
				if i%3 == 0 {
					go cancel()
				}
				r, err := p.Acquire(ctx)
				cancel()
				if err != nil {
					if !errors.Is(err, context.Canceled) {
						t.Error(err)
					}
					continue
				}
				r.Release()
			}
		}()
	}
	wg.Wait()
	st := p.Stats()
	if st.InUse != 0 || st.Open > 2 || p.nwait.Load() != 0 {
		t.Fatalf("stats %+v waiters %d; want no resource in use or waiter left", st, p.nwait.Load())
	}
}

func TestMaxIdle(t *testing.T) {
	var c counter
	cfg := c.config(0)
	cfg.MaxIdle = 1
	p := newPool(t, cfg)
	a, _ := p.Acquire(context.Background())
	b, _ := p.Acquire(context.Background())
	a.Release()
	b.Release()
	if st := p.Stats(); st.Idle != 1 || st.MaxIdleClosed != 1 || c.live.Load() != 1 {
		t.Fatalf("stats %+v live %d; want 1 idle, 1 closed by MaxIdle", st, c.live.Load())
	}
	p.SetMaxIdle(-1)
	if st := p.Stats(); st.Idle != 0 || c.live.Load() != 0 {
		t.Fatalf("after SetMaxIdle(-1) stats %+v; want no idle", st)
	}
	r, _ := p.Acquire(context.Background())
	r.Release()
	if c.live.Load() != 0 {
		t.Fatalf("MaxIdle < 0 kept a resource")
	}
}

func TestLifetimeAndIdleTime(t *testing.T) {
	var c counter
	cfg := c.config(0)
	cfg.MaxLifetime = time.Millisecond
	cfg.LifetimeJitter = time.Microsecond
	p := newPool(t, cfg)
	r, _ := p.Acquire(context.Background())
	first := r.Value().id
	r.Release()
	time.Sleep(3 * time.Millisecond)
	r, _ = p.Acquire(context.Background())
	if r.Value().id == first {
		t.Fatal("resource past MaxLifetime was reused")
	}
	r.Release()
	if p.Stats().MaxLifetimeClosed == 0 {
		t.Fatal("MaxLifetimeClosed = 0")
	}

	var c2 counter
	cfg2 := c2.config(0)
	cfg2.MaxIdleTime = time.Millisecond
	p2 := newPool(t, cfg2)
	r, _ = p2.Acquire(context.Background())
	r.Release()
	// The cleaner closes the idle resource without any Acquire.
	eventually(t, func() bool { return c2.live.Load() == 0 }, "idle resource was never closed by the cleaner")
	if p2.Stats().MaxIdleTimeClosed != 1 {
		t.Fatalf("MaxIdleTimeClosed = %d; want 1", p2.Stats().MaxIdleTimeClosed)
	}
}

func holdForLeak(p *Pool[*item]) (*Resource[*item], error) {
	return p.Acquire(context.Background())
}

func TestLeakReport(t *testing.T) {
	var c counter
	cfg := c.config(0)
	leaks := make(chan Leak, 1)
	cfg.LeakThreshold = time.Millisecond
	cfg.OnLeak = func(l Leak) {
		select {
		case leaks <- l:
		default:
		}
	}
	p := newPool(t, cfg)
	r, err := holdForLeak(p)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-leaks:
		if !strings.Contains(l.Stack, "holdForLeak") || l.Held < time.Millisecond {
			t.Fatalf("leak report %+v; want the acquirer's stack and Held >= threshold", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no leak reported")
	}
	r.Release()
}

func TestCloseWaitsAndFailsWaiters(t *testing.T) {
	var c counter
	p, err := New(c.config(1))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := p.Acquire(context.Background())
	waitErr := make(chan error, 1)
	go func() {
		_, err := p.Acquire(context.Background())
		waitErr <- err
	}()
	waitQueued(t, p, 1)
	closed := make(chan struct{})
	go func() { p.Close(); close(closed) }()
	if err := <-waitErr; !errors.Is(err, ErrClosed) {
		t.Fatalf("waiter got %v; want ErrClosed", err)
	}
	select {
	case <-closed:
		t.Fatal("Close returned while a resource was held")
	default:
	}
	r.Release()
	<-closed
	if c.live.Load() != 0 {
		t.Fatalf("%d resources alive after Close", c.live.Load())
	}
	if _, err := p.Acquire(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("Acquire after Close: %v; want ErrClosed", err)
	}
	p.Close() // second call is harmless
}

func TestOpenErrorFreesSlot(t *testing.T) {
	var c counter
	p := newPool(t, c.config(1))
	c.failOpen.Store(true)
	if _, err := p.Acquire(context.Background()); err == nil {
		t.Fatal("Acquire with failing Open: nil error")
	}
	c.failOpen.Store(false)
	r, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatalf("Acquire after a failed open: %v", err)
	}
	r.Release()
}

func TestSetMaxOpenWakesWaiters(t *testing.T) {
	var c counter
	p := newPool(t, c.config(1))
	r, _ := p.Acquire(context.Background())
	got := make(chan *Resource[*item])
	go func() {
		r, err := p.Acquire(context.Background())
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	waitQueued(t, p, 1)
	p.SetMaxOpen(2)
	r2 := <-got
	r2.Release()
	r.Release()
	if c.peak.Load() != 2 {
		t.Fatalf("peak = %d; want 2", c.peak.Load())
	}
}

func TestValidDestroysOnRelease(t *testing.T) {
	var c counter
	cfg := c.config(0)
	cfg.Valid = func(it *item) bool { return it.id%2 == 0 }
	p := newPool(t, cfg)
	r, _ := p.Acquire(context.Background()) // id 1: invalid
	r.Release()
	if c.live.Load() != 0 {
		t.Fatal("invalid resource kept")
	}
	r, _ = p.Acquire(context.Background()) // id 2: valid
	r.Release()
	if c.live.Load() != 1 {
		t.Fatal("valid resource not kept")
	}
}

// TestWaiterNotStarved checks that a queued waiter is served while other
// goroutines keep taking and releasing the only resource.
func TestWaiterNotStarved(t *testing.T) {
	var c counter
	p := newPool(t, c.config(1))
	var stop, exhausted atomic.Bool
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if !stop.Load() {
					exhausted.Store(true)
				}
			}()
			for i := 0; i < 2_000_000 && !stop.Load(); i++ {
				r, err := p.Acquire(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				r.Release()
			}
		}()
	}
	r, err := p.Acquire(context.Background())
	stop.Store(true)
	if err == nil {
		r.Release() // the others may be queued for it
	}
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if exhausted.Load() {
		t.Fatal("the waiter was overtaken for 2M acquisitions")
	}
	if st := p.Stats(); st.InUse != 0 || st.Open != 1 {
		t.Fatalf("stats %+v; want the one resource idle", st)
	}
}

func TestExpiredFollowsLimits(t *testing.T) {
	var c counter
	p := newPool(t, c.config(0))
	r := &Resource[*item]{created: 0, lastUsed: 50, cut: 40}
	p.maxLifetime.Store(100)
	if got := p.expired(r, 59); got != nil {
		t.Fatal("expired before MaxLifetime - jitter")
	}
	if got := p.expired(r, 60); got != &p.lifetimeClosed {
		t.Fatalf("not expired at MaxLifetime - jitter: %v", got)
	}
	r.cut = 90 // jitter never takes a lifetime below half
	if p.expired(r, 49) != nil || p.expired(r, 50) != &p.lifetimeClosed {
		t.Fatal("jitter cut the lifetime below half of MaxLifetime")
	}
	p.maxLifetime.Store(0) // SetConnMaxLifetime(0) means forever, for existing resources too
	if got := p.expired(r, 1<<40); got != nil {
		t.Fatal("expired with MaxLifetime 0")
	}
	p.maxIdleTime.Store(10)
	if p.expired(r, 59) != nil || p.expired(r, 60) != &p.idleTimeClosed {
		t.Fatal("MaxIdleTime not applied from the last release")
	}
}

func TestDoubleReleasePanics(t *testing.T) {
	var c counter
	p := newPool(t, c.config(0))
	r, _ := p.Acquire(context.Background())
	r.Release()
	defer func() {
		if recover() == nil {
			t.Fatal("second Release did not panic")
		}
		if st := p.Stats(); st.Idle != 1 {
			t.Fatalf("stats %+v; want the resource idle once", st)
		}
	}()
	r.Release()
}

// Lowering MaxOpen while every resource is held closes the excess as it is
// released; before, the pool kept all of them for good.
func TestLowerMaxOpenClosesExcessOnRelease(t *testing.T) {
	var c counter
	p := newPool(t, c.config(3))
	ctx := context.Background()
	var held []*Resource[*item]
	for range 3 {
		r, err := p.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, r)
	}
	p.SetMaxOpen(2)
	if got := p.Stats().Open; got != 3 {
		t.Fatalf("open right after SetMaxOpen(2) = %d; want 3 (held resources stay)", got)
	}
	for _, r := range held {
		r.Release()
	}
	if st := p.Stats(); st.Open != 2 || st.Idle != 2 || c.live.Load() != 2 {
		t.Fatalf("after releasing all: open %d, idle %d, live %d; want 2, 2, 2", st.Open, st.Idle, c.live.Load())
	}
}

// A goroutine that acquires and releases in a loop keeps finding its
// resource in the same shard: shardHint, which reads the address of a
// stack variable through unsafe, gives it a stable shard. (The first
// round, which opens the resource, may grow the stack and so move it.)
func TestShardHintStablePerGoroutine(t *testing.T) {
	var c counter
	cfg := c.config(0)
	cfg.Shards = 64
	p := newPool(t, cfg)
	ctx := context.Background()
	round := func() {
		r, err := p.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r.Release()
	}
	round()
	before := p.Stats()
	for range 100 {
		round()
	}
	after := p.Stats()
	used := 0
	for i := range after.Shards {
		if after.Shards[i].Releases != before.Shards[i].Releases {
			used++
		}
	}
	if after.Opened != 1 || used != 1 {
		t.Fatalf("sequential use opened %d resources and released them into %d shards; want 1 and 1", after.Opened, used)
	}
}

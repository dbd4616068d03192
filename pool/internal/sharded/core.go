package sharded

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Pool is a lock-sharded pool of resources of type T. Idle resources live in
// per-shard free lists, each behind its own mutex; a goroutine takes from and
// returns to the shard its stack maps to and only looks at other shards, and
// at the global wait queue, when its own is empty. Waiters are served in FIFO
// order. In the steady state Acquire and Release allocate nothing.
//
// A Pool must be created with New and closed with Close. It is safe for
// concurrent use.
type Pool[T any] struct {
	shards []shard[T]
	mask   uint32
	open_  func(ctx context.Context) (T, error)
	close_ func(T)
	valid  func(T) bool
	onLeak func(Leak)
	onWait func(time.Duration, bool)
	epoch  time.Time

	maxOpen     atomic.Int64
	maxIdle     atomic.Int64
	maxLifetime atomic.Int64
	jitter      atomic.Int64
	maxIdleTime atomic.Int64
	leakAfter   int64 // immutable
	timed       atomic.Bool

	open   atomic.Int64 // resources open or being opened
	nwait  atomic.Int64 // waiters in the queue
	closed atomic.Bool

	mu         sync.Mutex // guards head, tail, all, cleaning
	head, tail *waiter[T]
	all        map[*Resource[T]]struct{}
	cleaning   bool
	nudge      chan struct{} // nudges the cleaner after a limit changes
	stop       chan struct{} // closed by Close
	drained    chan struct{} // closed when open reaches zero after Close
	drainOnce  sync.Once
	cleanerWG  sync.WaitGroup
	waiters    sync.Pool

	// The wait figures are written on the slow path only (wait.go).
	waitCount, waitNanos, pending, timeouts           atomic.Int64
	idleClosed, idleTimeClosed, lifetimeClosed, opens atomic.Int64
}

type shard[T any] struct {
	mu       sync.Mutex
	free     []*Resource[T] // guarded by mu; LIFO
	n        atomic.Int32   // len(free), readable without mu
	acquires int64          // guarded by mu
	releases int64          // guarded by mu
	_        [80]byte       // keeps neighbouring shards off this cache line
}

func (p *Pool[T]) now() int64 { return int64(time.Since(p.epoch)) }

// shardHint maps the calling goroutine to a shard. Goroutines have distinct
// stacks, so the address of a local variable is a cheap, stable per-goroutine
// key; a goroutine therefore keeps returning to the same shard.
func shardHint() uint32 {
	var x byte
	a := uint64(uintptr(unsafe.Pointer(&x)))
	return uint32(((a >> 11) * 0x9E3779B97F4A7C15) >> 40)
}

// Acquire returns an idle resource or a new one, waiting while MaxOpen
// resources are in use. It returns ctx.Err() promptly once ctx is done, and
// ErrClosed after Close. The caller must Release or Destroy the resource.
func (p *Pool[T]) Acquire(ctx context.Context) (*Resource[T], error) {
	return p.acquire(ctx, false)
}

// AcquireNew is Acquire that skips the idle resources: it opens a new
// resource, or waits for one to be released when MaxOpen is reached.
func (p *Pool[T]) AcquireNew(ctx context.Context) (*Resource[T], error) {
	return p.acquire(ctx, true)
}

func (p *Pool[T]) acquire(ctx context.Context, fresh bool) (*Resource[T], error) {
	if p.closed.Load() {
		return nil, ErrClosed
	}
	if d := ctx.Done(); d != nil {
		select {
		case <-d:
			return nil, ctx.Err()
		default:
		}
	}
	h := shardHint() & p.mask
	if !fresh {
		if r := p.pop(h, true); r != nil {
			p.checkout(r, h)
			return r, nil
		}
	}
	return p.acquireSlow(ctx, h)
}

// pop takes an idle resource, starting with shard h, destroying expired ones.
func (p *Pool[T]) pop(h uint32, count bool) *Resource[T] {
	timed := p.timed.Load()
	var now int64
	for i := uint32(0); i <= p.mask; i++ {
		s := &p.shards[(h+i)&p.mask]
		if s.n.Load() == 0 {
			continue
		}
		s.mu.Lock()
		for k := len(s.free) - 1; k >= 0; k = len(s.free) - 1 {
			r := s.free[k]
			s.free[k] = nil
			s.free = s.free[:k]
			s.n.Store(int32(k))
			if timed {
				if now == 0 {
					now = p.now()
				}
				if c := p.expired(r, now); c != nil {
					s.mu.Unlock()
					c.Add(1)
					p.destroy(r)
					s.mu.Lock()
					continue
				}
			}
			if count {
				s.acquires++
			}
			s.mu.Unlock()
			return r
		}
		s.mu.Unlock()
	}
	return nil
}

// expired reports which counter to bump if r must be closed, or nil.
func (p *Pool[T]) expired(r *Resource[T], now int64) *atomic.Int64 {
	if d := p.maxLifetime.Load(); d > 0 && now-r.created >= max(d-r.cut, d/2) {
		return &p.lifetimeClosed
	}
	if d := p.maxIdleTime.Load(); d > 0 && now-r.lastUsed >= d {
		return &p.idleTimeClosed
	}
	return nil
}

func (p *Pool[T]) checkout(r *Resource[T], h uint32) {
	r.shard = h
	if p.leakAfter > 0 {
		r.leakMu.Lock()
		r.npcs = runtime.Callers(3, r.pcs[:])
		r.reported = false
		r.leakMu.Unlock()
		r.acquiredAt.Store(p.now())
		r.inUse.Store(true)
	}
	r.held = true
}

func (p *Pool[T]) reserve() bool {
	maxOpen := p.maxOpen.Load()
	for {
		n := p.open.Load()
		if maxOpen > 0 && n >= maxOpen {
			return false
		}
		if p.open.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

func (p *Pool[T]) create(ctx context.Context, h uint32) (*Resource[T], error) {
	v, err := p.open_(ctx)
	if err != nil {
		p.releaseSlot()
		return nil, err
	}
	now := p.now()
	r := &Resource[T]{value: v, pool: p, created: now, lastUsed: now}
	if j := p.jitter.Load(); j > 0 {
		r.cut = int64((uint64(now) * 0x9E3779B97F4A7C15) % uint64(j))
	}
	p.opens.Add(1)
	p.mu.Lock()
	if p.closed.Load() {
		p.mu.Unlock()
		if p.close_ != nil {
			p.close_(v)
		}
		p.releaseSlot()
		return nil, ErrClosed
	}
	p.all[r] = struct{}{}
	p.mu.Unlock()
	p.checkout(r, h)
	return r, nil
}

// release takes back a resource that nobody holds any more.
func (p *Pool[T]) release(r *Resource[T]) {
	if p.closed.Load() || p.overOpen() || (p.valid != nil && !p.valid(r.value)) {
		p.destroy(r)
		return
	}
	if p.timed.Load() {
		now := p.now()
		if c := p.expired(r, now); c != nil && c != &p.idleTimeClosed {
			c.Add(1)
			p.destroy(r)
			return
		}
		r.lastUsed = now
	}
	if p.nwait.Load() > 0 && p.grant(grantResource, r, nil) {
		return // the oldest waiter was overtaken for too long: it gets r
	}
	if p.overIdle() {
		p.idleClosed.Add(1)
		p.destroy(r)
		return
	}
	p.push(r)
	// A waiter that queued before the push is woken to take r; one that
	// queues after it finds r when it rescans (see acquireSlow).
	if p.nwait.Load() > 0 {
		p.wake()
	}
}

func (p *Pool[T]) push(r *Resource[T]) {
	s := &p.shards[r.shard]
	s.mu.Lock()
	s.free = append(s.free, r)
	s.n.Store(int32(len(s.free)))
	s.releases++
	s.mu.Unlock()
	if p.closed.Load() { // Close may have drained already
		p.drainIdle()
	}
}

// overOpen reports whether more resources are open than MaxOpen allows,
// which happens after SetMaxOpen lowered the limit while they were held:
// each one released is then closed until the pool is back within it.
func (p *Pool[T]) overOpen() bool {
	mo := p.maxOpen.Load()
	return mo > 0 && p.open.Load() > mo
}

// overIdle reports whether keeping one more idle resource would exceed MaxIdle.
func (p *Pool[T]) overIdle() bool {
	mi := p.maxIdle.Load()
	if mi == 0 {
		return false
	}
	if mi < 0 {
		return true
	}
	if mo := p.maxOpen.Load(); mo > 0 && mi >= mo {
		return false // idle <= open <= maxOpen <= maxIdle always
	}
	if p.open.Load() <= mi {
		// The resource being released is open and not idle, so fewer
		// than mi are idle: no need to read every shard's count, whose
		// cache lines the other cores keep changing.
		return false
	}
	return int64(p.idleCount()) >= mi
}

func (p *Pool[T]) idleCount() int {
	n := 0
	for i := range p.shards {
		n += int(p.shards[i].n.Load())
	}
	return n
}

func (p *Pool[T]) destroy(r *Resource[T]) {
	p.mu.Lock()
	_, ok := p.all[r]
	delete(p.all, r)
	p.mu.Unlock()
	if !ok {
		return // already destroyed
	}
	if p.close_ != nil {
		p.close_(r.value)
	}
	p.releaseSlot()
}

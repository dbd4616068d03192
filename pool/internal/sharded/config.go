package sharded

import (
	"context"
	"errors"
	"math/bits"
	"runtime"
	"time"
)

// ErrClosed is returned by Pool.Acquire once Close has been called.
// Test for it with errors.Is.
var ErrClosed = errors.New("pool: closed")

// Config describes a Pool. Only Open is required; the zero value of every
// other field means "no limit" or "off".
type Config[T any] struct {
	// Open creates a new resource. It is called without any lock held, with
	// the context of the Acquire call that needed the resource. Required.
	Open func(ctx context.Context) (T, error)
	// Close destroys a resource. It is called once per resource, without any
	// lock held. Optional.
	Close func(T)
	// Valid, if set, is called on Release; a resource for which it reports
	// false is destroyed instead of being kept idle.
	Valid func(T) bool

	// MaxOpen bounds the number of resources open or being opened.
	// Zero or negative means no limit.
	MaxOpen int
	// MaxIdle bounds the number of idle resources kept for reuse. Zero means
	// no limit beyond MaxOpen; negative means no resource is kept idle.
	MaxIdle int
	// MaxLifetime is how long a resource may live, counted from its creation.
	// Zero means forever.
	MaxLifetime time.Duration
	// LifetimeJitter shortens each resource's lifetime by a pseudo-random
	// amount in [0, LifetimeJitter), never below half of MaxLifetime, so that
	// resources created together do not all expire together.
	LifetimeJitter time.Duration
	// MaxIdleTime is how long a resource may stay idle. Zero means forever.
	MaxIdleTime time.Duration

	// Shards is the number of free lists. It is rounded up to a power of
	// two; zero picks a value from GOMAXPROCS.
	Shards int

	// LeakThreshold, if positive, makes the pool report, through OnLeak,
	// every resource held longer than this. Recording the acquirer's stack
	// costs about a microsecond per Acquire, so leave it off in production
	// hot paths unless you are hunting a leak.
	LeakThreshold time.Duration
	// OnLeak receives leak reports; it is called from the pool's background
	// goroutine, at most once per acquisition.
	OnLeak func(Leak)

	// OnWait, if set, is called once for every Acquire that had to queue,
	// when it ends: wait is the time from queueing until it has a
	// resource (including opening one, when it was given a free slot) or
	// gives up; timedOut reports that it gave up because its context
	// ended (a deadline or a cancellation). It lets a caller keep a distribution of waits (a histogram),
	// which Stats' running totals cannot give. It is called by the
	// acquiring goroutine, without any lock held, so it should be quick;
	// an Acquire that does not wait never calls it. If it panics, the
	// resource the wait obtained goes back to the pool and the panic
	// reaches the caller of Acquire.
	OnWait func(wait time.Duration, timedOut bool)
}

// Leak describes a resource held longer than Config.LeakThreshold.
type Leak struct {
	// Held is how long the resource had been held when it was reported.
	Held time.Duration
	// Stack is the acquirer's call stack, one frame per line.
	Stack string
}

// New returns a pool configured by cfg.
func New[T any](cfg Config[T]) (*Pool[T], error) {
	if cfg.Open == nil {
		return nil, errors.New("pool: Config.Open is nil")
	}
	n := cfg.Shards
	if n <= 0 {
		n = 2 * runtime.GOMAXPROCS(0)
	}
	if n > 1<<16 {
		n = 1 << 16
	}
	n = 1 << bits.Len(uint(n-1))
	p := &Pool[T]{
		shards:    make([]shard[T], n),
		mask:      uint32(n - 1),
		open_:     cfg.Open,
		close_:    cfg.Close,
		valid:     cfg.Valid,
		onLeak:    cfg.OnLeak,
		onWait:    cfg.OnWait,
		epoch:     time.Now(),
		leakAfter: int64(cfg.LeakThreshold),
		all:       make(map[*Resource[T]]struct{}),
		nudge:     make(chan struct{}, 1),
		stop:      make(chan struct{}),
		drained:   make(chan struct{}),
	}
	if cfg.OnLeak == nil {
		p.leakAfter = 0
	}
	p.waiters.New = func() any { return &waiter[T]{ch: make(chan struct{}, 1)} }
	p.maxOpen.Store(int64(cfg.MaxOpen))
	p.maxIdle.Store(int64(cfg.MaxIdle))
	p.maxLifetime.Store(int64(cfg.MaxLifetime))
	p.jitter.Store(int64(cfg.LifetimeJitter))
	p.maxIdleTime.Store(int64(cfg.MaxIdleTime))
	p.limitsChanged()
	return p, nil
}

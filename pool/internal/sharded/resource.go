package sharded

import (
	"sync"
	"sync/atomic"
	"time"
)

// Resource is a pooled value, held by one goroutine between Acquire and
// Release (or Destroy). It must not be used after either call.
type Resource[T any] struct {
	value    T
	pool     *Pool[T]
	shard    uint32
	created  int64 // nanoseconds since pool epoch
	cut      int64 // lifetime jitter: this resource lives MaxLifetime - cut (at least half of it)
	lastUsed int64 // when last released

	held       bool        // between Acquire and Release/Destroy; owner-written
	inUse      atomic.Bool // held, for the leak reporter; kept only with LeakThreshold
	acquiredAt atomic.Int64
	leakMu     sync.Mutex // guards pcs, npcs, reported
	pcs        [32]uintptr
	npcs       int
	reported   bool
}

// Value returns the pooled value.
func (r *Resource[T]) Value() T { return r.value }

// CreatedAt reports when the resource was created.
func (r *Resource[T]) CreatedAt() time.Time {
	return r.pool.epoch.Add(time.Duration(r.created))
}

// Release returns the resource to its pool for reuse. Releasing a resource
// that is not held (twice, or after Destroy) panics, as it would otherwise
// end up in two goroutines' hands.
func (r *Resource[T]) Release() {
	r.letGo()
	r.pool.release(r)
}

// Destroy closes the resource instead of returning it for reuse; use it
// when the resource is broken. Like Release, it panics if the resource is
// not held.
func (r *Resource[T]) Destroy() {
	r.letGo()
	r.pool.destroy(r)
}

// letGo marks r as no longer held. The check catches a second Release or
// Destroy by the goroutine that held r; the race detector catches the rest.
func (r *Resource[T]) letGo() {
	if !r.held {
		panic("pool: Release or Destroy of a resource that is not held")
	}
	r.held = false
	if r.pool.leakAfter > 0 {
		r.inUse.Store(false)
	}
}

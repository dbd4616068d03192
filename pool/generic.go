package pool

import "github.com/sqlforge/sqlforge/pool/internal/sharded"

// The generic pool. Its code lives in an internal package so that
// pool/sqlpool can build on it while this package re-exports sqlpool's
// database/sql look-alike (see compat.go); the names below are the same
// types, documented here.

// Pool is a lock-sharded pool of resources of type T. Idle resources live
// in per-shard free lists, each behind its own mutex; a goroutine takes
// from and returns to the shard its stack maps to and only looks at the
// other shards, and at the FIFO wait queue, when its own is empty. In the
// steady state Acquire and Release allocate nothing.
//
// Create it with New and close it with Close, which waits until every
// acquired resource is given back; Shutdown is Close without the wait.
// Methods: Acquire, AcquireNew, Stats, SetMaxOpen, SetMaxIdle,
// SetMaxLifetime, SetMaxIdleTime, Close, Shutdown. A Pool is safe for
// concurrent use.
type Pool[T any] = sharded.Pool[T]

// Config describes a Pool. Only Open is required; the zero value of every
// other field means no limit, or off. Fields: Open, Close, Valid (asked on
// Release), MaxOpen, MaxIdle (negative keeps none), MaxLifetime,
// LifetimeJitter, MaxIdleTime, Shards, LeakThreshold, OnLeak and OnWait
// (called once per Acquire that waited, for a histogram of waits).
type Config[T any] = sharded.Config[T]

// Resource is a pooled value, held by one goroutine from Acquire until
// Release (give it back) or Destroy (close it: it is broken). Releasing a
// resource that is not held panics.
type Resource[T any] = sharded.Resource[T]

// Leak describes a resource held longer than Config.LeakThreshold.
type Leak = sharded.Leak

// Stats are a snapshot of a pool's figures.
type Stats = sharded.Stats

// ShardStats are the figures of one free list.
type ShardStats = sharded.ShardStats

// ErrClosed is returned by Acquire once Close or Shutdown has been called.
// Test for it with errors.Is.
var ErrClosed = sharded.ErrClosed

// New returns a pool configured by cfg; it fails only without cfg.Open.
func New[T any](cfg Config[T]) (*Pool[T], error) { return sharded.New(cfg) }

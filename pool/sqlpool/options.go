package sqlpool

import (
	"time"

	"github.com/sqlforge/sqlforge/pool/internal/sharded"
)

// Option configures a DB at Open time; the setters of *sql.DB change the
// rest at run time.
type Option interface{ apply(*options) }

type options struct {
	shards    int
	jitter    time.Duration
	leakAfter time.Duration
	onLeak    func(Leak)
	onWait    func(time.Duration, bool)
}

type optionFunc func(*options)

func (f optionFunc) apply(o *options) { f(o) }

// WithShards sets the number of free lists, rounded up to a power of two.
// The default is twice GOMAXPROCS.
func WithShards(n int) Option { return optionFunc(func(o *options) { o.shards = n }) }

// WithLifetimeJitter shortens each connection's lifetime (see
// SetConnMaxLifetime) by a pseudo-random amount below d, so that
// connections opened together are not all closed together.
func WithLifetimeJitter(d time.Duration) Option {
	return optionFunc(func(o *options) { o.jitter = d })
}

// WithLeakDetection calls fn, from a background goroutine, for every
// connection held longer than threshold, with the stack of the code that
// took it. Recording that stack costs about a microsecond per call, so
// turn it on to hunt a leak rather than for good.
func WithLeakDetection(threshold time.Duration, fn func(Leak)) Option {
	return optionFunc(func(o *options) { o.leakAfter, o.onLeak = threshold, fn })
}

// WithWaitObserver calls fn once for every call that had to wait for a
// connection, when the wait ends: wait is the time from queueing until it
// has a connection (including opening one, when a free slot was its
// turn) or gives up, and timedOut reports that it gave up because its
// context ended (a deadline or a cancellation). It lets a program keep a
// histogram of single waits, which DBStats' running totals cannot give;
// otelhook.WaitObserver makes one with this signature. fn is called by the
// waiting goroutine, without any lock held, so it should be quick; a call
// that finds a connection at once does not call it.
func WithWaitObserver(fn func(wait time.Duration, timedOut bool)) Option {
	return optionFunc(func(o *options) { o.onWait = fn })
}

// Stats returns the pool's figures: those of sql.DBStats, the waits
// pending and timed out, and the per-shard ones.
func (db *DB) Stats() DBStats {
	st := db.pool.Stats()
	return DBStats{
		MaxOpenConnections: st.MaxOpen,
		OpenConnections:    st.Open,
		InUse:              st.InUse,
		Idle:               st.Idle,
		WaitCount:          st.WaitCount,
		WaitDuration:       st.WaitDuration,
		Pending:            st.Pending,
		Timeouts:           st.Timeouts,
		MaxIdleClosed:      st.MaxIdleClosed,
		MaxIdleTimeClosed:  st.MaxIdleTimeClosed,
		MaxLifetimeClosed:  st.MaxLifetimeClosed,
		Shards:             st.Shards,
	}
}

// DBStats has the fields of sql.DBStats, two figures of waits that
// sql.DBStats lacks (Pending, Timeouts), and the figures of each shard.
type DBStats struct {
	MaxOpenConnections int // the open limit; 0 means none

	OpenConnections int // connections open, in use or idle
	InUse           int // connections in use
	Idle            int // idle connections

	WaitCount         int64         // calls that waited for a connection
	WaitDuration      time.Duration // total time spent waiting
	MaxIdleClosed     int64         // connections closed by SetMaxIdleConns
	MaxIdleTimeClosed int64         // connections closed by SetConnMaxIdleTime
	MaxLifetimeClosed int64         // connections closed by SetConnMaxLifetime

	Pending  int   // calls waiting for a connection now
	Timeouts int64 // waits given up because the call's context ended (deadline or cancel)

	Shards []ShardStats // one per free list
}

// ShardStats are the figures of one free list; pool.ShardStats is the same type.
type ShardStats = sharded.ShardStats

// Leak is a connection held longer than the WithLeakDetection threshold:
// how long, and the stack of the code that took it. pool.Leak is the same
// type.
type Leak = sharded.Leak

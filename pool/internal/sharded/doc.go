// Package sharded is the lock-sharded generic pool behind package pool.
//
// It lives in an internal package so that both package pool, which
// exports it as pool.Pool[T] (with pool.New, pool.Config, pool.Resource and
// the figures), and package pool/sqlpool, the database/sql look-alike built
// on it, can import it without importing each other. Its documentation is
// that of pool.Pool; see package pool for how the pieces fit.
//
// Idle resources live in per-shard LIFO free lists, each behind its own
// mutex (core.go). Only when every shard is empty does a goroutine take the
// global lock, to open a resource or to queue in FIFO order (wait.go). Limits
// change at run time (limits.go); a background goroutine closes resources
// past their lifetime or idle time and reports leaks, and exists only while
// one of those is configured (cleaner.go).
package sharded

// Package pool is a lock-sharded connection pool, usable two ways.
//
// # A generic pool
//
// Pool[T] pools resources of any type: database/sql driver connections,
// native *pgx.Conn values, network clients. Config gives the constructor,
// destructor and limits (MaxOpen, MaxIdle, MaxLifetime with jitter,
// MaxIdleTime); Acquire returns a *Resource[T] that the caller gives back
// with Release, or Destroy when it is broken. Close fails the waiters,
// closes idle resources and waits until every acquired resource has been
// given back; Shutdown does the same without waiting.
//
// # A drop-in for database/sql's pool
//
// Package pool/sqlpool builds on Pool[T] a look-alike of *sql.DB over any
// database/sql driver: DB, Conn, Tx, Stmt, Rows, Row and ColumnType have
// the methods and the behaviour of their database/sql namesakes. This
// package re-exports them (DB, Open, OpenDB and the rest are the same
// types and functions), so either import works:
//
//	db, err := pool.Open("pgx", dsn) // was sql.Open("pgx", dsn)
//
// # How it is fast
//
// Idle resources live in per-shard free lists, each behind its own mutex.
// A goroutine maps to a shard by its stack address, so it mostly finds the
// resource it released last in its own shard, without touching state other
// goroutines write. Only when its shard is empty does it look at the other
// shards, and only when all are empty does it take the global lock, to open
// a new resource or to queue as a waiter. Waiters are served in FIFO order,
// and one overtaken for a millisecond is handed released resources
// directly. Acquire and Release allocate nothing in the steady state; a
// test asserts it.
//
// The code of Pool[T] is in the internal package pool/internal/sharded, so
// that both this package and pool/sqlpool can import it; the names here
// are aliases of its types.
package pool

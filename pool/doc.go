// Package pool is a lock-sharded connection pool, usable two ways.
//
// # A drop-in for database/sql's pool
//
// DB has the API of *sql.DB, and its Rows, Row, Tx, Conn and Stmt have the
// methods of their database/sql namesakes. Migrating a program is a matter
// of replacing sql.Open with pool.Open (or sql.OpenDB with pool.OpenDB) and
// the type *sql.DB with *pool.DB:
//
//	db, err := pool.Open("pgx", dsn) // was sql.Open("pgx", dsn)
//	if err != nil { ... }
//	defer db.Close()
//	db.SetMaxOpenConns(32)
//	db.SetMaxIdleConns(32)
//	row := db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id)
//
// Any database/sql driver works, through its registered name or its
// driver.Connector. The semantics are database/sql's, checked by tests that
// run the same calls through both packages:
//
//   - Scan converts exactly as database/sql does: sql.Scanner and the
//     sql.Null types, sql.RawBytes (Rows.Scan only), *any, pointers for
//     NULL, conversions between numbers, strings, []byte and time.Time, and
//     the same error texts.
//   - Arguments go through sql.Named, driver.NamedValueChecker,
//     driver.ColumnConverter and driver.Valuer as in database/sql.
//   - The sentinel errors are database/sql's own: sql.ErrNoRows,
//     sql.ErrTxDone and sql.ErrConnDone, so errors.Is checks keep working.
//   - A connection that fails with driver.ErrBadConn is closed; the call is
//     retried where database/sql retries it (twice on pooled connections,
//     then once on a new one) and never inside a transaction or on a Conn.
//     Drivers return ErrBadConn only when the server cannot have seen the
//     statement, so a retry never runs a statement twice.
//   - driver.SessionResetter runs before a used connection is handed out
//     again and driver.Validator when it is given back; a connection that
//     fails either is closed.
//   - Contexts bound everything that blocks: waiting for a connection returns
//     ctx.Err() as soon as the context is done, Rows are closed and
//     transactions rolled back when their context ends.
//
// Beyond database/sql, Stats reports per-shard figures, WithLeakDetection
// reports connections held too long with the stack of the code that took
// them, and WithLifetimeJitter spreads connection expiry.
//
// # A generic pool
//
// Pool[T] pools resources of any type: driver connections, native *pgx.Conn
// values, network clients. Config gives the constructor, destructor and
// limits (MaxOpen, MaxIdle, MaxLifetime with jitter, MaxIdleTime); Acquire
// returns a *Resource[T] that the caller gives back with Release, or Destroy
// when it is broken.
//
// # How it is fast
//
// Idle resources live in per-shard free lists, each behind its own mutex.
// A goroutine maps to a shard by its stack address, so it mostly finds the
// resource it released last in its own shard, without touching state other
// goroutines write. Only when its shard is empty does it look at the other
// shards, and only when all are empty does it take the global lock, to open
// a new resource or to queue as a waiter. Waiters are served in FIFO order:
// a released resource goes straight to the oldest waiter. Acquire and
// Release allocate nothing in the steady state; a test asserts it.
//
// # Closing
//
// Pool.Close fails the waiters, closes idle resources and waits until every
// acquired resource has been given back. DB.Close behaves like sql.DB.Close
// instead: it does not wait, and connections still in use are closed when
// released.
package pool

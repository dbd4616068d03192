// Package sqlpool is a look-alike of database/sql's *sql.DB over any
// database/sql driver, on the lock-sharded pool of package pool.
//
// DB, Conn, Tx, Stmt, Rows, Row and ColumnType have the methods of their
// database/sql namesakes, with the same signatures (a test compares them
// by reflection) and the same behaviour (tests run the same calls through
// both packages and compare values and error texts). Moving a program
// means replacing sql.Open with Open, sql.OpenDB with OpenDB, and the
// database/sql types it names with these; sql.Result, sql.TxOptions,
// sql.Named, sql.RawBytes, the sql.Null types, sql.Scanner and the
// sentinel errors sql.ErrNoRows, sql.ErrTxDone and sql.ErrConnDone stay
// database/sql's own, so errors.Is checks keep working. Package pool
// re-exports these names, so pool.Open and *pool.DB are the same things.
//
// # How the pieces fit
//
// A session (session.go) is one driver connection: its optional driver
// interfaces are looked up once, when it is opened, and its mutex is held
// around every call into the driver, each unlocked by defer so that a
// panicking driver leaves the connection usable. DB borrows sessions from
// the pool for one call at a time (ops.go) and tries again after
// driver.ErrBadConn, as database/sql does: twice on pooled connections,
// then once on a new one. Conn and Tx keep one session; the functions of
// ops.go run a call on a session lent by any of the three (a holder) and
// give it back however the call ends. Arguments go through the driver's
// converters in database/sql's order (args.go).
//
// # Scanning as a plan
//
// database/sql converts every value of every row through the same chain
// of type switches, interface checks and reflection. Rows here keeps, per
// column, the step chosen for the (driver value type, destination type)
// pair it last saw (scan.go); the next row, which nearly always brings the
// same pair, costs one comparison and one call. Pairs without a direct
// step run the general conversion (assign.go), which applies all of
// database/sql's rules.
//
// # Where it differs from database/sql
//
// Stats returns DBStats, which adds per-shard figures to sql.DBStats'
// fields; Open takes Options (shards, lifetime jitter, leak detection).
// Contexts are watched with context.AfterFunc instead of a goroutine per
// Rows and Tx. A driver that panics in a query releases the connection
// (database/sql leaks it).
package sqlpool

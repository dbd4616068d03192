package pool

import (
	"database/sql/driver"
	"time"

	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// The database/sql look-alike is package pool/sqlpool. These names keep
// programs written against pool.Open and *pool.DB working unchanged; they
// are the very same types and functions.

// DB is sqlpool.DB: a pool of connections with the methods of *sql.DB.
type DB = sqlpool.DB

// Conn is sqlpool.Conn, with the methods of *sql.Conn.
type Conn = sqlpool.Conn

// Tx is sqlpool.Tx, with the methods of *sql.Tx.
type Tx = sqlpool.Tx

// Stmt is sqlpool.Stmt, with the methods of *sql.Stmt.
type Stmt = sqlpool.Stmt

// Rows is sqlpool.Rows, with the methods of *sql.Rows.
type Rows = sqlpool.Rows

// Row is sqlpool.Row, with the methods of *sql.Row.
type Row = sqlpool.Row

// ColumnType is sqlpool.ColumnType, with the methods of *sql.ColumnType.
type ColumnType = sqlpool.ColumnType

// DBStats is sqlpool.DBStats: sql.DBStats and per-shard figures.
type DBStats = sqlpool.DBStats

// Option is sqlpool.Option.
type Option = sqlpool.Option

// Open is sqlpool.Open: sql.Open's look-alike.
func Open(driverName, dataSourceName string, opts ...Option) (*DB, error) {
	return sqlpool.Open(driverName, dataSourceName, opts...)
}

// OpenDB is sqlpool.OpenDB: sql.OpenDB's look-alike.
func OpenDB(c driver.Connector, opts ...Option) *DB { return sqlpool.OpenDB(c, opts...) }

// WithShards is sqlpool.WithShards.
func WithShards(n int) Option { return sqlpool.WithShards(n) }

// WithLifetimeJitter is sqlpool.WithLifetimeJitter.
func WithLifetimeJitter(d time.Duration) Option { return sqlpool.WithLifetimeJitter(d) }

// WithLeakDetection is sqlpool.WithLeakDetection.
func WithLeakDetection(threshold time.Duration, fn func(Leak)) Option {
	return sqlpool.WithLeakDetection(threshold, fn)
}

// WithWaitObserver is sqlpool.WithWaitObserver.
func WithWaitObserver(fn func(wait time.Duration, timedOut bool)) Option {
	return sqlpool.WithWaitObserver(fn)
}

package pool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"sync"
	"time"
)

var errDBClosed = errors.New("sql: database is closed")

// maxBadConnRetries is how many times an operation is retried on a pooled
// connection that turned out broken before one last try on a new connection,
// as in database/sql.
const maxBadConnRetries = 2

type connStrategy uint8

const (
	cachedOrNewConn connStrategy = iota
	alwaysNewConn
)

// DB is a pool of database connections with the API of *sql.DB. Replace
// sql.Open with Open and *sql.DB with *DB; everything else stays the same.
//
// A DB is safe for concurrent use. Create it with Open or OpenDB; the zero
// value is not usable. Call Close when done.
type DB struct {
	p         *Pool[*driverConn]
	connector driver.Connector

	mu      sync.Mutex // guards maxIdle, maxOpen
	maxIdle int        // database/sql meaning: 0 = default (2), < 0 = none
	maxOpen int
}

// defaultMaxIdleConns is database/sql's default idle limit.
const defaultMaxIdleConns = 2

// Option configures a DB at Open time.
type Option interface{ apply(*options) }

type options struct {
	shards    int
	jitter    time.Duration
	leakAfter time.Duration
	onLeak    func(Leak)
}

type optionFunc func(*options)

func (f optionFunc) apply(o *options) { f(o) }

// WithShards sets the number of free lists (rounded up to a power of two).
// The default is twice GOMAXPROCS.
func WithShards(n int) Option { return optionFunc(func(o *options) { o.shards = n }) }

// WithLifetimeJitter shortens each connection's lifetime (SetConnMaxLifetime)
// by a random amount below d, so connections opened together are not all
// closed together.
func WithLifetimeJitter(d time.Duration) Option {
	return optionFunc(func(o *options) { o.jitter = d })
}

// WithLeakDetection reports, through fn, every connection held longer than
// threshold, with the stack of the code that took it.
func WithLeakDetection(threshold time.Duration, fn func(Leak)) Option {
	return optionFunc(func(o *options) { o.leakAfter, o.onLeak = threshold, fn })
}

// Open opens a database specified by a registered database/sql driver name
// and a driver-specific data source name, like sql.Open. It does not connect;
// use PingContext to check the connection.
func Open(driverName, dataSourceName string, opts ...Option) (*DB, error) {
	// sql.Open validates the name and resolves the driver without connecting;
	// its connector is what we keep.
	sdb, err := sql.Open(driverName, dataSourceName)
	if err != nil {
		return nil, err
	}
	d := sdb.Driver()
	sdb.Close()
	if dc, ok := d.(driver.DriverContext); ok {
		c, err := dc.OpenConnector(dataSourceName)
		if err != nil {
			return nil, err
		}
		return OpenDB(c, opts...), nil
	}
	return OpenDB(dsnConnector{dsn: dataSourceName, driver: d}, opts...), nil
}

// dsnConnector is the Connector for drivers without DriverContext.
type dsnConnector struct {
	dsn    string
	driver driver.Driver
}

func (t dsnConnector) Connect(context.Context) (driver.Conn, error) { return t.driver.Open(t.dsn) }
func (t dsnConnector) Driver() driver.Driver                        { return t.driver }

// OpenDB opens a database over a Connector, like sql.OpenDB.
func OpenDB(c driver.Connector, opts ...Option) *DB {
	var o options
	for _, opt := range opts {
		opt.apply(&o)
	}
	db := &DB{connector: c}
	p, err := New(Config[*driverConn]{
		Open: func(ctx context.Context) (*driverConn, error) {
			ci, err := c.Connect(ctx)
			if err != nil {
				return nil, err
			}
			return newDriverConn(db, ci), nil
		},
		Close:          (*driverConn).close,
		MaxIdle:        defaultMaxIdleConns,
		LifetimeJitter: o.jitter,
		Shards:         o.shards,
		LeakThreshold:  o.leakAfter,
		OnLeak:         o.onLeak,
	})
	if err != nil {
		panic(err) // unreachable: Open is set
	}
	db.p = p
	return db
}

// Driver returns the database's underlying driver.
func (db *DB) Driver() driver.Driver { return db.connector.Driver() }

// SetMaxOpenConns sets the maximum number of open connections; n <= 0 means
// no limit. MaxIdle is lowered to n if it is above it, as in database/sql.
func (db *DB) SetMaxOpenConns(n int) {
	db.mu.Lock()
	db.maxOpen = max(n, 0)
	syncIdle := n > 0 && db.idleLimit() > n
	if syncIdle {
		db.maxIdle = n
	}
	db.mu.Unlock()
	db.p.SetMaxOpen(n)
	if syncIdle {
		db.SetMaxIdleConns(n)
	}
}

// idleLimit is the effective idle limit; db.mu must be held.
func (db *DB) idleLimit() int {
	switch {
	case db.maxIdle == 0:
		return defaultMaxIdleConns
	case db.maxIdle < 0:
		return 0
	}
	return db.maxIdle
}

// SetMaxIdleConns sets the maximum number of idle connections; n <= 0 keeps
// none. It never exceeds the open limit. The default is 2.
func (db *DB) SetMaxIdleConns(n int) {
	db.mu.Lock()
	if n > 0 {
		db.maxIdle = n
	} else {
		db.maxIdle = -1
	}
	if db.maxOpen > 0 && db.idleLimit() > db.maxOpen {
		db.maxIdle = db.maxOpen
	}
	limit := db.idleLimit()
	db.mu.Unlock()
	if limit == 0 {
		db.p.SetMaxIdle(-1)
	} else {
		db.p.SetMaxIdle(limit)
	}
}

// SetConnMaxLifetime sets how long a connection may be reused; d <= 0 means
// forever. Expired connections are closed lazily, before reuse, and by a
// background cleaner.
func (db *DB) SetConnMaxLifetime(d time.Duration) { db.p.SetMaxLifetime(max(d, 0)) }

// SetConnMaxIdleTime sets how long a connection may stay idle; d <= 0 means
// forever.
func (db *DB) SetConnMaxIdleTime(d time.Duration) { db.p.SetMaxIdleTime(max(d, 0)) }

// Close closes the idle connections, fails goroutines waiting for a
// connection and prevents new queries. Connections still in use (open Rows,
// Tx, Conn) are closed as they are released, as with database/sql. It is
// rarely necessary to close a DB: it is meant to be long-lived.
func (db *DB) Close() error {
	db.p.shutdown()
	if c, ok := db.connector.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// conn takes a connection from the pool (or a new one), resetting its
// session if it was used before.
func (db *DB) conn(ctx context.Context, strategy connStrategy) (*driverConn, error) {
	var res *Resource[*driverConn]
	var err error
	if strategy == alwaysNewConn {
		res, err = db.p.AcquireNew(ctx)
	} else {
		res, err = db.p.Acquire(ctx)
	}
	if err != nil {
		if err == ErrClosed {
			err = errDBClosed
		}
		return nil, err
	}
	dc := res.Value()
	if dc.res == nil {
		dc.res = res
	}
	dc.Lock()
	reset := dc.needReset
	dc.needReset = false
	if reset {
		err = dc.resetter.ResetSession(ctx)
	}
	dc.Unlock()
	if errors.Is(err, driver.ErrBadConn) {
		res.Destroy()
		return nil, driver.ErrBadConn
	}
	return dc, nil
}

// Stats returns database statistics: those of sql.DBStats plus the
// per-shard figures.
func (db *DB) Stats() DBStats {
	st := db.p.Stats()
	return DBStats{
		MaxOpenConnections: st.MaxOpen,
		OpenConnections:    st.Open,
		InUse:              st.InUse,
		Idle:               st.Idle,
		WaitCount:          st.WaitCount,
		WaitDuration:       st.WaitDuration,
		MaxIdleClosed:      st.MaxIdleClosed,
		MaxIdleTimeClosed:  st.MaxIdleTimeClosed,
		MaxLifetimeClosed:  st.MaxLifetimeClosed,
		Shards:             st.Shards,
	}
}

// DBStats are database statistics: the fields of sql.DBStats and the
// figures of each shard of the pool.
type DBStats struct {
	MaxOpenConnections int // maximum number of open connections (0 = no limit)

	OpenConnections int // established connections, in use and idle
	InUse           int // connections in use
	Idle            int // idle connections

	WaitCount         int64         // total number of connections waited for
	WaitDuration      time.Duration // total time blocked waiting for a connection
	MaxIdleClosed     int64         // connections closed due to SetMaxIdleConns
	MaxIdleTimeClosed int64         // connections closed due to SetConnMaxIdleTime
	MaxLifetimeClosed int64         // connections closed due to SetConnMaxLifetime

	Shards []ShardStats // per free list
}

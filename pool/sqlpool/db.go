package sqlpool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/sqlforge/sqlforge/pool/internal/sharded"
)

var errDBClosed = errors.New("sql: database is closed")

// DB is a pool of connections with the methods of *sql.DB. Create it with
// Open or OpenDB (the zero value is not usable); it is safe for concurrent
// use and meant to live as long as the program. Close it when done.
type DB struct {
	pool      *sharded.Pool[*session]
	connector driver.Connector

	mu       sync.Mutex // guards the fields below
	maxIdle  int        // as set: 0 means the default (2), negative none
	maxOpen  int        // as set: 0 means no limit
	closed   bool
	closing  bool  // Close is closing the idle connections
	closeErr error // the first error closing one of them
}

// defaultMaxIdle is database/sql's idle limit when none is set.
const defaultMaxIdle = 2

// Open opens a database by a registered database/sql driver name and a
// data source name, as sql.Open does. It does not connect: PingContext
// does.
func Open(driverName, dataSourceName string, opts ...Option) (*DB, error) {
	// The registry is database/sql's: sql.Open looks the name up (and
	// reports an unknown one with its usual error) without connecting.
	probe, err := sql.Open(driverName, dataSourceName)
	if err != nil {
		return nil, err
	}
	d := probe.Driver()
	probe.Close()
	dc, ok := d.(driver.DriverContext)
	if !ok {
		return OpenDB(dsnConnector{d, dataSourceName}, opts...), nil
	}
	c, err := dc.OpenConnector(dataSourceName)
	if err != nil {
		return nil, err
	}
	return OpenDB(c, opts...), nil
}

// dsnConnector opens connections of drivers without DriverContext.
type dsnConnector struct {
	d   driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// OpenDB opens a database over a driver.Connector, as sql.OpenDB does.
func OpenDB(c driver.Connector, opts ...Option) *DB {
	var o options
	for _, opt := range opts {
		opt.apply(&o)
	}
	db := &DB{connector: c}
	p, err := sharded.New(sharded.Config[*session]{
		Open: func(ctx context.Context) (*session, error) {
			conn, err := c.Connect(ctx)
			if err != nil {
				return nil, err
			}
			return newSession(db, conn), nil
		},
		Close:          (*session).close,
		MaxIdle:        defaultMaxIdle,
		LifetimeJitter: o.jitter,
		Shards:         o.shards,
		LeakThreshold:  o.leakAfter,
		OnLeak:         o.onLeak,
		OnWait:         o.onWait,
	})
	if err != nil {
		panic(err) // unreachable: Open is set
	}
	db.pool = p
	return db
}

// Driver returns the database's driver.
func (db *DB) Driver() driver.Driver { return db.connector.Driver() }

// SetMaxOpenConns limits the connections open at once; n <= 0 means no
// limit. As in database/sql, the idle limit is lowered to n if it is
// above, and connections in use beyond a lowered limit are closed as they
// are given back.
func (db *DB) SetMaxOpenConns(n int) {
	db.mu.Lock()
	db.maxOpen = max(n, 0)
	lowerIdle := db.maxOpen > 0 && db.idleLimit() > db.maxOpen
	db.mu.Unlock()
	db.pool.SetMaxOpen(n)
	if lowerIdle {
		db.SetMaxIdleConns(n)
	}
}

// SetMaxIdleConns limits the idle connections kept for reuse; n <= 0 keeps
// none. It is capped by the open limit. The default is 2.
func (db *DB) SetMaxIdleConns(n int) {
	db.mu.Lock()
	db.maxIdle = n
	if n <= 0 {
		db.maxIdle = -1
	}
	if db.maxOpen > 0 && db.idleLimit() > db.maxOpen {
		db.maxIdle = db.maxOpen
	}
	limit := db.idleLimit()
	db.mu.Unlock()
	if limit == 0 {
		limit = -1 // the pool's "keep none"
	}
	db.pool.SetMaxIdle(limit)
}

// idleLimit is the idle limit in effect; db.mu must be held.
func (db *DB) idleLimit() int {
	if db.maxIdle == 0 {
		return defaultMaxIdle
	}
	return max(db.maxIdle, 0)
}

// SetConnMaxLifetime sets how long a connection may be reused; d <= 0
// means forever. Expired connections are closed before reuse and by a
// background cleaner.
func (db *DB) SetConnMaxLifetime(d time.Duration) { db.pool.SetMaxLifetime(max(d, 0)) }

// SetConnMaxIdleTime sets how long a connection may stay idle; d <= 0
// means forever.
func (db *DB) SetConnMaxIdleTime(d time.Duration) { db.pool.SetMaxIdleTime(max(d, 0)) }

// Close closes the idle connections, fails the goroutines waiting for one
// and refuses new calls. Connections in use are closed when they are given
// back; Close does not wait for them, as sql.DB.Close does not, so a
// deferred Close never deadlocks with a deferred Rows.Close. A second
// Close does nothing and returns nil; the first returns an error from
// closing a connection or the connector (when it is an io.Closer).
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed, db.closing = true, true
	db.mu.Unlock()

	db.pool.Shutdown()

	db.mu.Lock()
	db.closing = false
	err := db.closeErr
	db.mu.Unlock()
	if c, ok := db.connector.(io.Closer); ok {
		if cerr := c.Close(); cerr != nil {
			err = cerr
		}
	}
	return err
}

// noteCloseErr keeps the first error of closing a connection during Close.
func (db *DB) noteCloseErr(err error) {
	if err == nil {
		return
	}
	db.mu.Lock()
	if db.closing && db.closeErr == nil {
		db.closeErr = err
	}
	db.mu.Unlock()
}

// take borrows a connection from the pool (a new one when fresh), reset
// if it was used before.
func (db *DB) take(ctx context.Context, fresh bool) (*session, error) {
	var r *sharded.Resource[*session]
	var err error
	if fresh {
		r, err = db.pool.AcquireNew(ctx)
	} else {
		r, err = db.pool.Acquire(ctx)
	}
	if err != nil {
		if errors.Is(err, sharded.ErrClosed) {
			err = errDBClosed
		}
		return nil, err
	}
	s := r.Value()
	s.res = r
	if err := s.resetIfUsed(ctx); err != nil {
		r.Destroy()
		return nil, err
	}
	return s, nil
}

// putBack returns a connection borrowed for one call to the pool.
func (db *DB) putBack(s *session, err error) { s.release(err) }

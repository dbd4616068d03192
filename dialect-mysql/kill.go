package mysqldialect

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strconv"
	"sync/atomic"
	"time"
)

// Ending statements on the server.
//
// go-sql-driver/mysql ends a statement whose context ends (a statement
// timeout, a canceled request) by closing the connection. The server
// hardly notices: a statement waiting for a lock or computing runs to its
// end (SLEEP gives up within seconds), so timed-out work piles up there.
// The connections of killConnector instead send KILL QUERY <connection
// id> on a side connection when a statement's context ends: the server
// stops the statement, and the connection stays open for the next one.
//
// A KILL that arrives after its statement has ended must not hit the
// next: a statement does not return, and its connection is not reused,
// until the kill it set off has been answered, and the server clears a
// KILL QUERY that finds the connection idle (TestStatementEndedOnServer
// checks both on MariaDB). Where the outcome of a KILL is unknown (it
// failed, or the statement has not ended killGrace after its context
// did), the connection is closed as the driver would, and never reused.

// killGrace bounds the wait, from the end of a statement's context, for
// the KILL and for the statement to end after it.
const killGrace = 2 * time.Second

// mysqlConn is what killConn needs of go-sql-driver/mysql's connection.
type mysqlConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.ConnBeginTx
	driver.Pinger
	driver.NamedValueChecker
	driver.SessionResetter
	driver.Validator
}

// mysqlStmt is what killStmt needs of the driver's prepared statement.
type mysqlStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
	driver.NamedValueChecker
	driver.ColumnConverter
}

// mysqlRows is what killRows passes on of the driver's rows.
type mysqlRows interface {
	driver.Rows
	driver.RowsNextResultSet
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

var errDriverTypes = errors.New("mysqldialect: the driver's connection, statement or rows lack a method this module needs")

// killConnector makes connections whose statements are killed on the
// server when their context ends. Closing it (database/sql closes its
// connector) closes the side connections.
type killConnector struct {
	inner driver.Connector
	side  *sql.DB // KILL QUERY is sent here, on inner's connections
	// interpolate is the DSN's interpolateParams: without it the driver
	// answers a statement with arguments with driver.ErrSkip, and
	// database/sql prepares it instead.
	interpolate bool
}

func newKillConnector(inner driver.Connector, interpolate bool) *killConnector {
	side := sql.OpenDB(inner)
	side.SetMaxOpenConns(2)
	side.SetMaxIdleConns(1)
	side.SetConnMaxIdleTime(time.Minute)
	return &killConnector{inner: inner, side: side, interpolate: interpolate}
}

// Connect connects and asks the server for the connection's id.
func (k *killConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := k.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	mc, ok := c.(mysqlConn)
	if !ok {
		c.Close()
		return nil, errDriverTypes
	}
	id, err := connectionID(ctx, mc)
	if err != nil {
		c.Close()
		return nil, err
	}
	return &killConn{mysqlConn: mc, id: id, k: k}, nil
}

func (k *killConnector) Driver() driver.Driver { return k.inner.Driver() }

// Close closes the side connections.
func (k *killConnector) Close() error { return k.side.Close() }

// kill ends the statement session id is running.
func (k *killConnector) kill(ctx context.Context, id int64) error {
	_, err := k.side.ExecContext(ctx, "KILL QUERY ?", id)
	return err
}

func connectionID(ctx context.Context, c mysqlConn) (int64, error) {
	rows, err := c.QueryContext(ctx, "SELECT CONNECTION_ID()", nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil {
		return 0, err
	}
	switch id := v[0].(type) {
	case int64:
		return id, nil
	case uint64:
		return int64(id), nil
	case []byte:
		return strconv.ParseInt(string(id), 10, 64)
	}
	return 0, errors.New("mysqldialect: CONNECTION_ID() returned no integer")
}

// killConn is a driver connection whose statements are killed on the
// server when their context ends.
type killConn struct {
	mysqlConn
	id int64 // CONNECTION_ID()
	k  *killConnector
	// broken is set when a KILL's outcome is unknown: the connection is
	// closed and must not be reused.
	broken atomic.Bool
}

func (c *killConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) > 0 && !c.k.interpolate {
		return nil, driver.ErrSkip // as the driver answers: database/sql prepares the statement
	}
	w, err := c.watch(ctx)
	if err != nil {
		return nil, err
	}
	res, err := c.mysqlConn.ExecContext(w.context(ctx), query, args)
	return res, w.done(err)
}

func (c *killConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) > 0 && !c.k.interpolate {
		return nil, driver.ErrSkip
	}
	w, err := c.watch(ctx)
	if err != nil {
		return nil, err
	}
	return w.rows(c.mysqlConn.QueryContext(w.context(ctx), query, args))
}

func (c *killConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.broken.Load() {
		return nil, driver.ErrBadConn
	}
	s, err := c.mysqlConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	ms, ok := s.(mysqlStmt)
	if !ok {
		s.Close()
		return nil, errDriverTypes
	}
	return &killStmt{mysqlStmt: ms, c: c}, nil
}

// ResetSession refuses a broken connection, so that database/sql drops it.
func (c *killConn) ResetSession(ctx context.Context) error {
	if c.broken.Load() {
		return driver.ErrBadConn
	}
	return c.mysqlConn.ResetSession(ctx)
}

// IsValid reports false for a broken connection.
func (c *killConn) IsValid() bool { return !c.broken.Load() && c.mysqlConn.IsValid() }

// killStmt is a prepared statement of a killConn.
type killStmt struct {
	mysqlStmt
	c *killConn
}

func (s *killStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	w, err := s.c.watch(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.mysqlStmt.ExecContext(w.context(ctx), args)
	return res, w.done(err)
}

func (s *killStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	w, err := s.c.watch(ctx)
	if err != nil {
		return nil, err
	}
	return w.rows(s.mysqlStmt.QueryContext(w.context(ctx), args))
}

package otelhook_test

import (
	"context"
	"database/sql/driver"
	"io"
	"strings"
	"sync/atomic"
)

// fakeConnector is a database in memory for the tests and examples of
// otelhook: its connections answer every statement without a server.
// A statement whose text contains "fail" fails with a fakeError quoting
// its first argument, as servers quote values in their messages; one
// containing "skip" answers driver.ErrSkip to ExecContext and
// QueryContext, so that database/sql prepares it instead. A query
// returns one row per argument, each holding the argument.
//
// With basic set, its connections implement only driver.Conn, none of
// the optional interfaces.
type fakeConnector struct {
	basic    bool
	connects atomic.Int64
}

func (c *fakeConnector) Connect(context.Context) (driver.Conn, error) {
	c.connects.Add(1)
	if c.basic {
		return &basicConn{}, nil
	}
	return &fullConn{}, nil
}

func (c *fakeConnector) Driver() driver.Driver { return fakeDriver{c} }

type fakeDriver struct{ c *fakeConnector }

func (d fakeDriver) Open(string) (driver.Conn, error) { return d.c.Connect(context.Background()) }

// fakeError is a server's error: a SQLSTATE and a message that quotes a
// value.
type fakeError struct{ code, msg string }

func (e *fakeError) Error() string    { return e.msg }
func (e *fakeError) SQLState() string { return e.code }

func fakeExec(query string, args []driver.NamedValue) error {
	if strings.Contains(query, "fail") {
		v := ""
		if len(args) > 0 {
			v, _ = args[0].Value.(string)
		}
		return &fakeError{code: "23505", msg: "duplicate key value: Key (email)=(" + v + ") already exists"}
	}
	return nil
}

// basicConn implements driver.Conn only.
type basicConn struct{ closed bool }

func (c *basicConn) Prepare(query string) (driver.Stmt, error) { return &fakeStmt{query: query}, nil }
func (c *basicConn) Close() error                              { c.closed = true; return nil }
func (c *basicConn) Begin() (driver.Tx, error)                 { return driverTx{}, nil }

// fullConn implements the optional interfaces too.
type fullConn struct{ basicConn }

func (c *fullConn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if strings.Contains(query, "skip") {
		return nil, driver.ErrSkip
	}
	if err := fakeExec(query, args); err != nil {
		return nil, err
	}
	return driver.RowsAffected(1), nil
}

func (c *fullConn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if strings.Contains(query, "skip") {
		return nil, driver.ErrSkip
	}
	if err := fakeExec(query, args); err != nil {
		return nil, err
	}
	return newDriverRows(args), nil
}

func (c *fullConn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	return &fakeStmt{query: query}, nil
}

func (c *fullConn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	return driverTx{}, nil
}

func (c *fullConn) Ping(context.Context) error                  { return nil }
func (c *fullConn) ResetSession(context.Context) error          { return nil }
func (c *fullConn) IsValid() bool                               { return !c.closed }
func (c *fullConn) CheckNamedValue(nv *driver.NamedValue) error { return driver.ErrSkip }

type driverTx struct{}

func (driverTx) Commit() error   { return nil }
func (driverTx) Rollback() error { return nil }

type fakeStmt struct{ query string }

func (s *fakeStmt) Close() error  { return nil }
func (s *fakeStmt) NumInput() int { return -1 }

func (s *fakeStmt) Exec(args []driver.Value) (driver.Result, error) {
	if err := fakeExec(s.query, namedValues(args)); err != nil {
		return nil, err
	}
	return driver.RowsAffected(1), nil
}

func (s *fakeStmt) Query(args []driver.Value) (driver.Rows, error) {
	if err := fakeExec(s.query, namedValues(args)); err != nil {
		return nil, err
	}
	return newDriverRows(namedValues(args)), nil
}

func namedValues(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

type driverRows struct {
	vals []driver.Value
	i    int
}

func newDriverRows(args []driver.NamedValue) *driverRows {
	r := &driverRows{}
	for _, a := range args {
		r.vals = append(r.vals, a.Value)
	}
	return r
}

func (r *driverRows) Columns() []string { return []string{"v"} }
func (r *driverRows) Close() error      { return nil }

func (r *driverRows) Next(dest []driver.Value) error {
	if r.i == len(r.vals) {
		return io.EOF
	}
	dest[0] = r.vals[r.i]
	r.i++
	return nil
}

// ColumnTypeDatabaseTypeName makes the rows a driver.RowsColumnTypeDatabaseTypeName.
func (r *driverRows) ColumnTypeDatabaseTypeName(int) string { return "TEXT" }

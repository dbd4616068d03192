package otelhook

import (
	"context"
	"database/sql/driver"
	"io"
	"reflect"
	"time"
)

// stmt is a wrapped prepared statement: each execution is recorded as a
// statement. Like conn, it has the optional interfaces database/sql's
// behaviour without them can be reproduced for: ExecContext and
// QueryContext check the context and call Exec and Query, as database/sql
// does; CheckNamedValue asks the connection when the statement cannot
// answer, as database/sql does. A driver statement with a
// ColumnConverter gets a wrapper with one (stmtCC).
type stmt struct {
	inner driver.Stmt
	c     *conn
	text  string

	execer  driver.StmtExecContext
	queryer driver.StmtQueryContext
	checker driver.NamedValueChecker
}

var (
	_ driver.StmtExecContext   = (*stmt)(nil)
	_ driver.StmtQueryContext  = (*stmt)(nil)
	_ driver.NamedValueChecker = (*stmt)(nil)
	_ driver.ColumnConverter   = stmtCC{}
)

func newStmt(s driver.Stmt, c *conn, query string) driver.Stmt {
	w := &stmt{inner: s, c: c, text: query}
	w.execer, _ = s.(driver.StmtExecContext)
	w.queryer, _ = s.(driver.StmtQueryContext)
	w.checker, _ = s.(driver.NamedValueChecker)
	if cc, ok := s.(driver.ColumnConverter); ok { //nolint:staticcheck // still honoured by database/sql
		return stmtCC{w, cc}
	}
	return w
}

// stmtCC is a stmt whose driver statement has a ColumnConverter.
type stmtCC struct {
	*stmt
	cc driver.ColumnConverter //nolint:staticcheck
}

func (s stmtCC) ColumnConverter(idx int) driver.ValueConverter { return s.cc.ColumnConverter(idx) }

func (s *stmt) Close() error  { return s.inner.Close() }
func (s *stmt) NumInput() int { return s.inner.NumInput() }

// CheckNamedValue asks the driver's statement, or its connection, as
// database/sql would.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if s.checker != nil {
		return s.checker.CheckNamedValue(nv)
	}
	return s.c.CheckNamedValue(nv)
}

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) { //nolint:staticcheck // part of driver.Stmt
	return s.ExecContext(context.Background(), named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) { //nolint:staticcheck // part of driver.Stmt
	return s.QueryContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// ExecContext executes the statement and records it.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if !s.c.w.observing(ctx) {
		return s.exec(ctx, args)
	}
	start := time.Now()
	res, err := s.exec(ctx, args)
	s.c.finish(ctx, s.text, start, -1, err)
	return res, err
}

func (s *stmt) exec(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.execer != nil {
		return s.execer.ExecContext(ctx, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.inner.Exec(vals) //nolint:staticcheck // the driver has nothing else
}

// QueryContext runs the statement's query; it is recorded when its rows
// are closed.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if !s.c.w.observing(ctx) {
		return s.query(ctx, args)
	}
	start := time.Now()
	rs, err := s.query(ctx, args)
	if err != nil {
		s.c.finish(ctx, s.text, start, -1, err)
		return nil, err
	}
	return newRows(rs, s.c, ctx, s.text, start), nil
}

func (s *stmt) query(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.queryer != nil {
		return s.queryer.QueryContext(ctx, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.inner.Query(vals) //nolint:staticcheck // the driver has nothing else
}

// rows counts a query's rows and records the query when closed: its
// duration runs until then, as the engine hook's does, and a failure of
// Next is the query's failure.
//
// It has the optional column-type interfaces and RowsNextResultSet, and
// answers what database/sql assumes without them where the driver's
// rows lack one: scan type interface{}, no database type name, length,
// nullability, precision or scale, no further result set.
type rows struct {
	inner driver.Rows
	c     *conn
	ctx   context.Context
	text  string
	start time.Time
	n     int64
	err   error
	done  bool
}

var (
	_ driver.RowsNextResultSet              = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
)

func newRows(rs driver.Rows, c *conn, ctx context.Context, query string, start time.Time) *rows {
	return &rows{inner: rs, c: c, ctx: ctx, text: query, start: start}
}

func (r *rows) Columns() []string { return r.inner.Columns() }

func (r *rows) Next(dest []driver.Value) error {
	err := r.inner.Next(dest)
	switch {
	case err == nil:
		r.n++
	case err != io.EOF && r.err == nil:
		r.err = err
	}
	return err
}

// Close closes the driver's rows and records the query, once.
func (r *rows) Close() error {
	err := r.inner.Close()
	if !r.done {
		r.done = true
		fail := r.err
		if fail == nil {
			fail = err
		}
		r.c.finish(r.ctx, r.text, r.start, r.n, fail)
	}
	return err
}

func (r *rows) HasNextResultSet() bool {
	if nr, ok := r.inner.(driver.RowsNextResultSet); ok {
		return nr.HasNextResultSet()
	}
	return false
}

func (r *rows) NextResultSet() error {
	if nr, ok := r.inner.(driver.RowsNextResultSet); ok {
		return nr.NextResultSet()
	}
	return io.EOF
}

var anyType = reflect.TypeFor[any]()

func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.inner.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return anyType
}

func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.inner.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *rows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.inner.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, has := r.inner.(driver.RowsColumnTypeNullable); has {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, has := r.inner.(driver.RowsColumnTypePrecisionScale); has {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

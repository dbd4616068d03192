package engine

import (
	"context"
	"database/sql"
	"errors"
	"iter"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// Rows is a streaming result set. Iterate with Next and Scan, then Close
// (which Next does by itself at the end); Err reports what ended the
// iteration. A Rows is not safe for concurrent use.
type Rows struct {
	e       *Engine
	rs      SourceRows
	ctx     context.Context // the statement's context (with its timeout)
	hookCtx context.Context // the context the hooks returned
	cancel  context.CancelFunc
	buf     *argBuf
	sens    []int // positions in buf.a of the values of sensitive columns
	ev      *QueryEvent
	n       int64
	co      time.Time // when the connection was checked out, with checkout
	// checkout is set when Close must report a checkin.
	checkout bool
	closed   bool
	err      error      // the classified error, once closed
	state    any        // see ScanState
	mark     *WriteMark // marked at Close: the rows of a write
}

// Next prepares the next row for Scan and reports whether there is one.
// At the end of the rows, or on an error, it closes the rows.
func (r *Rows) Next() bool {
	if r.closed {
		return false
	}
	if r.rs.Next() {
		r.n++
		return true
	}
	r.Close()
	return false
}

// Scan copies the current row's columns into dest, as database/sql's
// Rows.Scan does.
func (r *Rows) Scan(dest ...any) error {
	if r.closed {
		return &Error{Op: "scan", Err: errRowsClosed}
	}
	// The source is an interface, so dest would escape if passed on
	// directly; a copy in the query's pooled buffer keeps it on the
	// caller's stack, as database/sql's Rows.Scan does.
	d := append(r.buf.dest[:0], dest...)
	err := r.rs.Scan(d...)
	clear(d)
	r.buf.dest = d[:0]
	if err != nil {
		return &Error{Op: "scan", Err: err}
	}
	return nil
}

// ScanSlice is Scan for a caller whose dest already lives on the heap and
// is reused for every row, as a scan plan's is: it hands dest to the
// source as it is, without the copy through which Scan keeps a caller's
// variadic arguments on its stack. mapper.Row uses it when it finds it.
func (r *Rows) ScanSlice(dest []any) error {
	if r.closed {
		return &Error{Op: "scan", Err: errRowsClosed}
	}
	if err := r.rs.Scan(dest...); err != nil {
		return &Error{Op: "scan", Err: err}
	}
	return nil
}

var errRowsClosed = errorString("engine: rows are closed")

// Columns returns the names of the result's columns. After Close it
// fails.
func (r *Rows) Columns() ([]string, error) {
	if r.closed {
		return nil, errRowsClosed
	}
	return r.rs.Columns()
}

// Err returns the error, if any, that ended the iteration, classified like
// every engine error. It is nil after a complete iteration.
func (r *Rows) Err() error {
	if r.closed {
		return r.err
	}
	if err := r.rs.Err(); err != nil {
		return r.e.wrapStmt(r.ctx, "query", err, r.buf.a, r.sens)
	}
	return nil
}

// Close closes the rows, ends the statement's timeout and reports the
// statement to the hooks. It may be called more than once.
func (r *Rows) Close() error {
	if r.closed {
		return nil
	}
	err := r.rs.Err()
	if cerr := r.rs.Close(); err == nil {
		err = cerr
	}
	err = r.e.wrapStmt(r.ctx, "query", err, r.buf.a, r.sens)
	r.closed, r.err, r.rs = true, err, nil
	if r.cancel != nil {
		r.cancel()
	}
	if r.checkout {
		r.e.checkin(r.hookCtx, false, r.co, err)
	}
	if r.ev != nil {
		r.ev.RowsAffected = r.n
		r.e.after(r.hookCtx, r.ev, err)
		r.ev = nil
	}
	r.e.putArgs(r.buf)
	r.buf, r.sens, r.state = nil, nil, nil
	if r.mark != nil {
		r.mark.mark() // the write has run: a read meanwhile did not cover it
		r.mark = nil
	}
	return err
}

// ScanState returns a slot that lives as long as the rows, for a ScanFunc
// to keep what it works out once per result rather than once per row:
// mapper.Row keeps its scan plan and destinations there. The rows never
// read the slot; Close clears it.
func (r *Rows) ScanState() *any { return &r.state }

// Row is the result of QueryRow.
type Row struct {
	rows Rows
	err  error
}

// Scan copies the first row's columns into dest and closes the result.
// Without a row it returns an error matching ErrNoRows.
func (r *Row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	return r.rows.Close()
}

// Err returns the error of the query, if it failed before any row.
func (r *Row) Err() error { return r.err }

// ScanFunc reads the current row of rows into a T. It reads that row
// only: the helpers own the iteration, and fail with ErrScanAdvanced when
// a ScanFunc calls Next or Close (as mapper.One and mapper.All do), which
// would otherwise end the result early without an error. mapper.Row[T]
// is a ScanFunc for structs, maps and single values.
type ScanFunc[T any] func(rows *Rows) (T, error)

// moved reports whether the rows left row n (or closed) during a
// ScanFunc call. The helpers check inline, rather than through a generic
// wrapper that would copy every T once more: a tenth of the time of
// engine.All with mapper.Row, without a driver.
func (r *Rows) moved(n int64) bool { return r.closed || r.n != n }

// scanMoved is the error of a ScanFunc that moved the rows and returned
// err.
func scanMoved(err error) error {
	if err != nil {
		return errors.Join(ErrScanAdvanced, err)
	}
	return ErrScanAdvanced
}

// ScanValue is a ScanFunc for single-column results.
func ScanValue[T any](rows *Rows) (T, error) {
	var v T
	err := rows.Scan(&v)
	return v, err
}

// One runs a query that must return exactly one row and scans it with
// scan. No row is ErrNoRows; more than one is ErrTooManyRows.
func One[T any](ctx context.Context, q Querier, stmt expr.Statement, scan ScanFunc[T], params ...sql.NamedArg) (T, error) {
	v, found, err := oneOrNone(ctx, q, stmt, scan, params)
	if err == nil && !found {
		err = ErrNoRows
	}
	return v, err
}

// OneOrNone runs a query that returns at most one row and scans it with
// scan; found is false when there was no row. More than one row is
// ErrTooManyRows.
func OneOrNone[T any](ctx context.Context, q Querier, stmt expr.Statement, scan ScanFunc[T], params ...sql.NamedArg) (v T, found bool, err error) {
	return oneOrNone(ctx, q, stmt, scan, params)
}

func oneOrNone[T any](ctx context.Context, q Querier, stmt expr.Statement, scan ScanFunc[T], params []sql.NamedArg) (v T, found bool, err error) {
	var zero T
	rows, err := q.Query(ctx, stmt, params...)
	if err != nil {
		return zero, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return zero, false, rows.Err()
	}
	n := rows.n
	v, err = scan(rows)
	if rows.moved(n) {
		return zero, false, scanMoved(err)
	}
	if err != nil {
		return zero, false, err
	}
	if rows.Next() {
		return zero, false, ErrTooManyRows
	}
	// Next closed the rows; Err, not a second Close, reports what ended them.
	if err := rows.Err(); err != nil {
		return zero, false, err
	}
	return v, true, nil
}

// Scalar runs a query that returns one row of one column and returns that
// value: One with ScanValue.
func Scalar[T any](ctx context.Context, q Querier, stmt expr.Statement, params ...sql.NamedArg) (T, error) {
	return One(ctx, q, stmt, ScanValue[T], params...)
}

// All runs a query and scans every row with scan. With WithMaxRows, a
// result with more rows fails with ErrRowLimit.
func All[T any](ctx context.Context, q Querier, stmt expr.Statement, scan ScanFunc[T], params ...sql.NamedArg) ([]T, error) {
	rows, err := q.Query(ctx, stmt, params...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	limit := rows.e.maxRows
	var out []T
	for rows.Next() {
		if limit > 0 && len(out) == limit {
			return nil, ErrRowLimit
		}
		n := rows.n
		v, err := scan(rows)
		if rows.moved(n) {
			return nil, scanMoved(err)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil { // Next closed the rows
		return nil, err
	}
	return out, nil
}

// Iter runs a query and streams its rows, scanned with scan, without
// materializing them. Iteration stops at the first error, which is
// yielded with the zero T; breaking out of the loop closes the rows.
//
//	for u, err := range engine.Iter(ctx, eng, q, scanUser) {
//		if err != nil { return err }
//		...
//	}
func Iter[T any](ctx context.Context, q Querier, stmt expr.Statement, scan ScanFunc[T], params ...sql.NamedArg) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		rows, err := q.Query(ctx, stmt, params...)
		if err != nil {
			yield(zero, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			n := rows.n
			v, err := scan(rows)
			if rows.moved(n) {
				err = scanMoved(err)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil { // Next closed the rows
			yield(zero, err)
		}
	}
}

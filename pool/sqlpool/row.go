package sqlpool

import (
	"database/sql"
	"errors"
)

// Row is the result of QueryRow, with the methods of *sql.Row: the query's
// error, if any, waits for Scan.
type Row struct {
	err  error
	rows *Rows
}

// rowOf makes the Row of a QueryRow call from its QueryContext's result.
func rowOf(rows *Rows, err error) *Row { return &Row{rows: rows, err: err} }

// Scan copies the first row's columns into dest and closes the rows. With
// no row it returns sql.ErrNoRows. sql.RawBytes is refused: its bytes would
// not outlive the rows, which Scan closes.
func (r *Row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	err := r.first(dest)
	if cerr := r.rows.Close(); err == nil {
		err = cerr
	}
	return err
}

func (r *Row) first(dest []any) error {
	for _, d := range dest {
		if _, raw := d.(*sql.RawBytes); raw {
			return errors.New("sql: RawBytes isn't allowed on Row.Scan")
		}
	}
	if r.rows.Next() {
		return r.rows.Scan(dest...)
	}
	if err := r.rows.Err(); err != nil {
		return err
	}
	return sql.ErrNoRows
}

// Err returns the query's error without scanning.
func (r *Row) Err() error { return r.err }

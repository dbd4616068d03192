package pool

import (
	"database/sql"
	"errors"
)

// Row is the result of QueryRow, with the API of *sql.Row.
type Row struct {
	err  error // deferred error
	rows *Rows
}

// Scan copies the columns of the first row into dest and discards the rest.
// With no row it returns sql.ErrNoRows.
func (r *Row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if hasRawBytes(dest) {
		return errors.New("sql: RawBytes isn't allowed on Row.Scan")
	}
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	return r.rows.Close()
}

// Err returns the error, if any, met running the query; it lets callers
// check for errors without calling Scan.
func (r *Row) Err() error { return r.err }

package corpus

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// safe: the query chosen from constants by a switch.
func switchConstQuery(db *sql.DB, kind int) (*sql.Rows, error) {
	q := "SELECT id FROM users"
	switch kind {
	case 1:
		q = "SELECT id FROM admins"
	case 2:
		q = usersQuery + " WHERE active"
	}
	return db.Query(q)
}

// safe: strings.Builder written with constants only.
func constBuilderQuery(db *sql.DB) (*sql.Rows, error) {
	var b strings.Builder
	b.WriteString("SELECT id ")
	b.WriteString("FROM users")
	return db.Query(b.String())
}

// safe: an int formatted with %d (digits only).
func sprintfIntQuery(db *sql.DB, limit int) (*sql.Rows, error) {
	return db.Query(fmt.Sprintf("SELECT id FROM users LIMIT %d", limit))
}

// safe: placeholders numbered with strconv.Itoa and joined, the values bound.
func placeholdersQuery(db *sql.DB, ids []any) (*sql.Rows, error) {
	ph := make([]string, len(ids))
	for i := range ids {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	return db.Query("SELECT name FROM users WHERE id IN ("+strings.Join(ph, ", ")+")", ids...)
}

// unsafe: an int formatted right after '-': a negative value makes "--",
// a comment hiding the rest of the line.
func minusIntQuery(db *sql.DB, delta int) (*sql.Rows, error) {
	return db.Query(fmt.Sprintf("SELECT id FROM accounts WHERE balance = -%d AND owner = 'me'", delta))
}

// unsafe: column names from the caller joined into the select list.
func joinQuery(db *sql.DB, cols []string) (*sql.Rows, error) {
	return db.Query("SELECT " + strings.Join(cols, ", ") + " FROM users")
}

// unsafe: a table name replaced into a template.
func replaceQuery(db *sql.DB, table string) (sql.Result, error) {
	return db.Exec(strings.ReplaceAll("DELETE FROM {table}", "{table}", table))
}

// unsafe: fmt.Fprintf into a bytes.Buffer, then Exec.
func bufferExec(db *sql.DB, table string) (sql.Result, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "DELETE FROM %s", table)
	return db.Exec(buf.String())
}

// unsafe: column names concatenated in a loop.
func loopConcatQuery(db *sql.DB, cols []string) (*sql.Rows, error) {
	q := "SELECT id"
	for _, c := range cols {
		q += ", " + c
	}
	return db.Query(q + " FROM users")
}

// unsafe: a []byte built with append, converted to string.
func appendBytesExec(db *sql.DB, table string) (sql.Result, error) {
	b := []byte("DROP TABLE ")
	b = append(b, table...)
	return db.Exec(string(b))
}

func orderBy(col string) string { return fmt.Sprintf(" ORDER BY %s", col) }

// unsafe: a helper in the same package formats the ORDER BY clause.
func helperQuery(db *sql.DB, col string) (*sql.Rows, error) {
	return db.Query(usersQuery + orderBy(col))
}

type store struct{ db *sql.DB }

func (s *store) exec(q string, args ...any) error {
	_, err := s.db.Exec(q, args...)
	return err
}

// unsafe: concatenation passed to a wrapper that calls Exec.
func wrapperExec(s *store, name string) error {
	return s.exec("DELETE FROM users WHERE name = '" + name + "'")
}

// DBTX is the interface sqlc generates for *sql.DB and *sql.Tx.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// unsafe: concatenation into an interface with database/sql's methods.
func interfaceExec(ctx context.Context, q DBTX, table string) (sql.Result, error) {
	return q.ExecContext(ctx, "DELETE FROM "+table)
}

// unsafe: concatenation into a transaction's ExecContext.
func txExec(ctx context.Context, tx *sql.Tx, table string) (sql.Result, error) {
	return tx.ExecContext(ctx, "TRUNCATE "+table)
}

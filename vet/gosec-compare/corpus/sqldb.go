// Package corpus holds SQL injection samples, one function each, that
// both sqlforgevet and gosec analyze. A function's doc comment starts with
// "unsafe:" when run-time text can reach SQL, "safe:" when it cannot.
package corpus

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"
)

// unsafe: fmt.Sprintf of user input into database/sql's Query.
func sprintfQuery(db *sql.DB, name string) (*sql.Rows, error) {
	return db.Query(fmt.Sprintf("SELECT id FROM users WHERE name = '%s'", name))
}

// unsafe: fmt.Sprintf of user input into a variable, then Query.
func sprintfVariableQuery(db *sql.DB, name string) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT id FROM users WHERE name = '%s'", name)
	rows, err := db.Query(q)
	return rows, err
}

// unsafe: string concatenation of user input into Query.
func concatQuery(db *sql.DB, name string) (*sql.Rows, error) {
	return db.Query("SELECT id FROM users WHERE name = '" + name + "'")
}

// unsafe: concatenation into a variable, then Exec.
func concatVariableExec(db *sql.DB, table string) error {
	q := "DELETE FROM " + table
	_, err := db.Exec(q)
	return err
}

// unsafe: SQL built with strings.Builder, then QueryRow.
func builderQueryRow(db *sql.DB, column string) *sql.Row {
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(column)
	b.WriteString(" FROM users")
	return db.QueryRow(b.String())
}

// unsafe: fmt.Sprintf into Prepare.
func sprintfPrepare(db *sql.DB, order string) (*sql.Stmt, error) {
	return db.Prepare(fmt.Sprintf("SELECT id FROM users ORDER BY %s", order))
}

// safe: the value is a bound parameter.
func boundQuery(db *sql.DB, name string) (*sql.Rows, error) {
	return db.Query("SELECT id FROM users WHERE name = ?", name)
}

const usersQuery = "SELECT id FROM users"

// safe: a constant concatenation, the value bound.
func constConcatQuery(db *sql.DB, id int64) (*sql.Rows, error) {
	return db.Query(usersQuery+" WHERE id = ?", id)
}

// safe: fmt.Sprintf of constants only.
func sprintfConstQuery(db *sql.DB) (*sql.Rows, error) {
	return db.Query(fmt.Sprintf("SELECT id FROM %s", "users"))
}

// unsafe: a request parameter formatted into Query (a taint source that
// gosec's taint analysis knows).
func requestQuery(db *sql.DB, r *http.Request) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT id FROM users WHERE name = '%s'", r.URL.Query().Get("name"))
	return db.Query(q)
}

// unsafe: a request parameter passed as the whole query, not built: a
// taint source reaching the sink unchanged.
func requestWholeQuery(db *sql.DB, r *http.Request) (*sql.Rows, error) {
	return db.Query(r.FormValue("q"))
}

// Package app holds the analyzer's cases: a "want" comment on each line
// it must report, none on the lines it must not.
package app

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

const usersQuery = "SELECT id FROM users"

var globalQuery = "SELECT 1"

func constants(db *sql.DB, id int64, name string, kind int) {
	db.Query("SELECT 1")
	db.Query(usersQuery+" WHERE id = ?", id)              // a constant concatenation
	db.Query("SELECT id FROM users WHERE name = ?", name) // a bound parameter
	db.Query(fmt.Sprintf("SELECT id FROM %s", "users"))   // Sprintf of constants
	q := "SELECT a FROM t"                                // a query chosen from constants
	switch kind {
	case 1:
		q = "SELECT b FROM t"
	case 2:
		q = usersQuery
	}
	db.Query(q)
	qs := map[int]string{1: "SELECT 1", 2: "SELECT 2"}
	db.Query(qs[kind])
	db.Query(globalQuery) // a package variable, passed as it is
}

type holder struct{ q string }

// passed: a parameter or a field passed as it is is the caller's SQL; the
// function becomes a sink for its callers.
func passed(db *sql.DB, q string, h holder) { // want passed:`arg 1 reaches \(\*sql.DB\).Exec`
	db.Exec(q)
	db.Exec(h.q)
}

func formatted(db *sql.DB, name string) {
	db.Query(fmt.Sprintf("SELECT id FROM users WHERE name = '%s'", name)) // want `by fmt.Sprintf reaches \(\*sql.DB\).Query`
	q := fmt.Sprintf("SELECT id FROM users WHERE name = '%s'", name)
	rows, err := db.Query(q) // want `by fmt.Sprintf at line 47 reaches`
	_, _ = rows, err
	db.Query(fmt.Sprint("SELECT id FROM ", name)) // want `by fmt.Sprint reaches`
}

func concatenated(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *sql.Conn, name string, cols []string) {
	db.Query("SELECT id FROM users WHERE name = '" + name + "'") // want `by concatenation reaches \(\*sql.DB\).Query`
	q := "DELETE FROM " + name
	db.Exec(q) // want `by concatenation at line 55 reaches \(\*sql.DB\).Exec`
	sel := "SELECT "
	for i, c := range cols {
		if i > 0 {
			sel += ", "
		}
		sel += c
	}
	db.QueryContext(ctx, sel+" FROM t")              // want `concatenation`
	tx.ExecContext(ctx, "DELETE FROM "+name)         // want `\(\*sql.Tx\).ExecContext`
	conn.QueryRowContext(ctx, "SELECT * FROM "+name) // want `\(\*sql.Conn\).QueryRowContext`
	db.PrepareContext(ctx, "SELECT * FROM "+name)    // want `\(\*sql.DB\).PrepareContext`
	tx.Prepare("SELECT * FROM " + name)              // want `\(\*sql.Tx\).Prepare`
	defer db.Exec("DELETE FROM " + name)             // want `concatenation`
	go db.Exec("DELETE FROM " + name)                // want `concatenation`
	f := func() { db.Query(q) }                      // want `concatenation at line 55`
	f()
}

func builders(db *sql.DB, col, table string) {
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(col)
	b.WriteString(" FROM users")
	db.QueryRow(b.String()) // want `by writes to a strings.Builder at line 78 reaches \(\*sql.DB\).QueryRow`

	var c strings.Builder
	c.WriteString("SELECT ")
	c.WriteString("1")
	db.QueryRow(c.String())

	var buf bytes.Buffer
	fmt.Fprintf(&buf, "DELETE FROM %s", table)
	db.Exec(buf.String()) // want `fmt.Sprintf`

	bs := []byte("SELECT * FROM ")
	bs = append(bs, table...)
	db.Exec(string(bs)) // want `by append at line 92`
}

func joined(db *sql.DB, cols []string, table string) {
	db.Query("SELECT " + strings.Join(cols, ", ") + " FROM t") // want `strings.Join`
	fixed := []string{"a", "b"}
	db.Query("SELECT " + strings.Join(fixed, ", ") + " FROM t")
	db.Exec(strings.ReplaceAll("DELETE FROM {t}", "{t}", table)) // want `strings.ReplaceAll`
	db.Exec(strings.ReplaceAll(usersQuery, "id", "name"))
	r := strings.NewReplacer("{t}", table)
	db.Exec(r.Replace("DELETE FROM {t}")) // want `strings.NewReplacer`
}

// status prints as a word with %v: not only digits.
type status int

func (s status) String() string { return "active" } // want String:`result 0: safe`

func integers(db *sql.DB, n int, id int64, s status, args []any) {
	db.Query(fmt.Sprintf("SELECT * FROM t LIMIT %d", n))
	db.Query(fmt.Sprintf("SELECT * FROM t WHERE id = %v", id))
	db.Query("SELECT * FROM t LIMIT " + strconv.Itoa(n))
	ph := make([]string, len(args))
	for i := range args {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	db.Query("SELECT * FROM t WHERE id IN ("+strings.Join(ph, ", ")+")", args...)
	db.Query(fmt.Sprintf("SELECT * FROM t WHERE a = -%d AND secret = 0", n)) // want `an integer after '-'`
	db.Query("SELECT * FROM t WHERE a = -" + strconv.Itoa(n))                // want `an integer after '-'`
	db.Query(fmt.Sprintf("SELECT * FROM t WHERE s = %v", s))                 // want `fmt.Sprintf`
	db.Query(fmt.Sprintf("SELECT * FROM t WHERE s = %d", s))
}

func reviewed(db *sql.DB, table string) {
	db.Exec("DROP TABLE " + table) // sqlforgevet:reviewed: table comes from the migration list
	// sqlforgevet:reviewed: the same
	db.Exec("DROP TABLE " + table)
}

func methodValues(db *sql.DB, table string) {
	prepare := db.Prepare
	prepare("SELECT * FROM " + table) // want `\(\*sql.DB\).Prepare`
	exec := (*sql.DB).Exec
	exec(db, "DELETE FROM "+table) // want `\(\*sql.DB\).Exec`
	exec(db, "DELETE FROM t WHERE name = ?", table)
}

// Package helpers is another package whose functions' summaries reach
// example.com/app as facts.
package helpers

import "database/sql"

// Where builds SQL from its parameter.
func Where(col string) string { return " WHERE " + col + " = ?" } // want Where:`result 0: built by concatenation from args \[0\]`

// Run passes its SQL to a sink.
func Run(db *sql.DB, query string) { // want Run:`arg 1 reaches \(\*sql.DB\).Exec`
	db.Exec(query)
}

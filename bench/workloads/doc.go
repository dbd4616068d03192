// Package workloads holds the statements that sqlforge's compile
// benchmarks measure, each written twice: once with sqlforge (expr builds
// the statement tree, compile renders it for PostgreSQL) and once by hand
// with strings.Builder and strconv, the fastest way to produce the same
// SQL text and arguments and so the limit sqlforge is measured against.
//
// The five workloads are those of the project's compile targets:
//
//	(a) FilterUsers:  SELECT of three columns with three conditions, ORDER BY and LIMIT
//	(b) OrderTotals:  users JOIN orders with GROUP BY, HAVING and an IN subquery
//	(c) InsertUser:   a one-row INSERT of six columns
//	(d) InsertUsers:  a 100-row INSERT of six columns
//	(e) UpdateUser:   an UPDATE of three columns by primary key
//
// Every function takes its input values as arguments and appends the
// statement's arguments to a caller-owned slice. The input for call i comes
// from FilterAt, TotalsAt, UserAt, BatchAt and ChangeAt, so values change
// from one call to the next and every contender sees the same values.
// All lists the workloads for table-driven benchmarks and tests; the
// bench/peers module runs the same workloads against other query builders.
package workloads

// Package mysqldialect is the MySQL 8 and MariaDB 10.5+ SQL flavour for
// sqlforge: ? placeholders, backquoted identifiers, ON DUPLICATE KEY UPDATE,
// CONCAT for ||, emulated NULLS FIRST/LAST and ILIKE, and multi-table
// UPDATE and DELETE. New returns the MySQL flavour, NewMariaDB the MariaDB
// one (with INSERT/DELETE RETURNING), and ForVersion picks by a server's
// VERSION().
//
// The package is not called mysql so that it does not clash with the
// driver's package.
package mysqldialect

// Package sqlitedialect is SQLite's (3.35+) SQL flavour for sqlforge: ?
// placeholders, double-quoted identifiers, RETURNING, ON CONFLICT, NULLS
// FIRST/LAST, RIGHT and FULL joins, UPDATE ... FROM, and INTEGER PRIMARY
// KEY AUTOINCREMENT for auto-increment keys. It is the embedded default
// used by the quickstart, with mattn/go-sqlite3 as the driver.
package sqlitedialect

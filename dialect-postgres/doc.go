// Package pgdialect is PostgreSQL's SQL flavour for sqlforge: $n
// placeholders, double-quoted identifiers (at most 63 bytes, since longer
// ones would be truncated), RETURNING, ON CONFLICT, DISTINCT ON, ILIKE,
// NULLS FIRST/LAST, LATERAL, and IN lists bound as one array parameter
// (x = ANY($1)), so the SQL does not depend on a list's length.
//
//	c := compile.New(pgdialect.New())
package pgdialect

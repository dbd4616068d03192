// Package mappertest runs the mapper against real databases: SQLite
// (embedded), PostgreSQL through database/sql and through native pgx, and
// MariaDB. It is a module of its own so that the drivers never become
// dependencies of the mapper. The package has no API; its tests are the
// point.
package mappertest

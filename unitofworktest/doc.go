// Package unitofworktest runs the Session's behaviour tests against the
// real databases — SQLite, PostgreSQL through database/sql and natively on
// pgx, and MariaDB — and asserts the statements each flush sends, through
// the engine's hooks, not only the rows it leaves. It has no API.
package unitofworktest

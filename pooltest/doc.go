// Package pooltest holds the tests of the pool module that need real
// drivers and servers: differential tests that run the same calls through
// database/sql and pool.DB on SQLite, PostgreSQL and MariaDB, and fault
// tests that kill connections server-side under load. It has no API.
package pooltest

// Package otelhooktest tests otelhook on the real databases — SQLite,
// PostgreSQL and MariaDB — through the dialect modules and a unitofwork
// Session, which otelhook itself must not import. It is a module of its
// own so that those dependencies stay out of otelhook's go.mod.
package otelhooktest

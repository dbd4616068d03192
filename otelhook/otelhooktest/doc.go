// Package otelhooktest tests otelhook on the real databases — SQLite,
// PostgreSQL and MariaDB — through the dialect modules, a unitofwork
// Session and sqlforge's pool, which otelhook itself must not import. It
// is a module of its own so that those dependencies stay out of
// otelhook's go.mod.
//
// Its package holds what those tests share with the tracing benchmarks
// of bench/peers: connectors to fresh databases (Backends), the dialect's
// engine on the same database (Engine), a workload whose failing
// statements make the servers quote a parameter value (Workload), and a
// scan of everything recorded for that value (SentinelHits).
//
// Servers come from SQLFORGE_PG_DSN and SQLFORGE_MYSQL_DSN, defaulting to
// the local ones; an unreachable server skips a test loudly, or fails it
// with SQLFORGE_REQUIRE_SERVERS=1.
package otelhooktest

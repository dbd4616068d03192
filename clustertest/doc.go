// Package clustertest starts database clusters for tests, from nothing:
// each test that needs one gets its own servers on loopback ports, in
// temporary directories, started from the installed binaries and stopped
// (process group and all) when the test ends, whether it passed or not.
//
// StartPG starts a PostgreSQL 15 primary and a hot standby streaming from
// it (initdb, pg_basebackup, postgres), in about two seconds;
// StartBouncer a PostgreSQL server behind PgBouncer in transaction mode;
// StartGalera a MariaDB Galera cluster, three nodes in 12-17 s, which a
// test binary starts once and its tests share.
// Clusters of other kinds are built from the same parts: Proc runs a
// server as an unprivileged user in a process group of its own,
// ServerUser picks that user, Dir makes a directory it owns, FreePort
// finds a loopback port, and Need ends a test whose binaries are missing.
//
// Servers refuse to run as root, and tests often run as root (CI does):
// then the servers run as the "postgres" user, MariaDB as "mysql"
// (ServerUser). A test that
// cannot start a cluster — no binaries, no such user — skips with a loud
// message, and fails instead when SQLFORGE_REQUIRE_SERVERS=1, as in CI.
//
// The package's own tests, and those of read/write routing,
// read-your-writes, failover and poolers on a started cluster, are in
// this module, which nothing but tests and benchmarks imports.
package clustertest

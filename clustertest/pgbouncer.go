package clustertest

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// PgBouncer is where StartBouncer finds PgBouncer: Debian's package
// (1.18 on Debian 12). SQLFORGE_PGBOUNCER overrides it.
var PgBouncer = "/usr/sbin/pgbouncer"

// BouncerOptions configure StartBouncer.
type BouncerOptions struct {
	// PoolSize is the number of server connections the pooler opens for
	// the database of DSN: 2 when zero. Clients beyond it take turns on
	// those connections, one transaction at a time.
	PoolSize int
}

// Bouncer is a PgBouncer in transaction mode in front of a PostgreSQL
// server of its own.
type Bouncer struct {
	// Server is the PostgreSQL server behind the pooler; its DSN reaches
	// it directly.
	Server *PGNode
	Port   int
	proc   *Proc
}

// StartBouncer starts a PostgreSQL server and a PgBouncer in transaction
// mode (pool_mode=transaction: a client holds a server connection for
// one transaction, or one statement outside a transaction) in front of
// it, both on free loopback ports with trust authentication, and stops
// both when the test ends. The pooler serves two databases, both the
// server's postgres database: "postgres" with opts.PoolSize server
// connections and "single" with one, where every client shares the same
// server connection, so that what one client leaves on a server
// connection (a prepared statement) the next one meets. It ends the test
// (a loud skip, or a failure under SQLFORGE_REQUIRE_SERVERS=1) when
// PostgreSQL's programs or PgBouncer are not installed; PgBouncer refuses
// to run as root, and runs as ServerUser's "postgres" then.
func StartBouncer(t testing.TB, opts BouncerOptions) *Bouncer {
	t.Helper()
	bin := PgBouncer
	if v := os.Getenv("SQLFORGE_PGBOUNCER"); v != "" {
		bin = v
	}
	Need(t, "PgBouncer", bin)
	server := startServer(t)
	size := opts.PoolSize
	if size <= 0 {
		size = 2
	}
	dir := Dir(t, server.c.user, "pgbouncer")
	b := &Bouncer{Server: server, Port: FreePort(t)}
	target := fmt.Sprintf("host=127.0.0.1 port=%d dbname=postgres", server.Port)
	ini := fmt.Sprintf(`[databases]
postgres = %[1]s pool_size=%[2]d
single = %[1]s pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %[3]d
unix_socket_dir =
auth_type = trust
auth_file = %[4]s
pool_mode = transaction
default_pool_size = %[2]d
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
log_connections = 0
log_disconnections = 0
`, target, size, b.Port, filepath.Join(dir, "userlist.txt"))
	writeFile(t, server.c.user, filepath.Join(dir, "userlist.txt"), `"postgres" ""`+"\n")
	conf := filepath.Join(dir, "pgbouncer.ini")
	writeFile(t, server.c.user, conf, ini)
	b.proc = Start(t, server.c.user, filepath.Join(dir, "pgbouncer.log"), bin, conf)
	t.Cleanup(func() { b.proc.Stop(syscall.SIGINT, 5*time.Second) })
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(b.Port))
	WaitFor(t, b.proc, 30*time.Second, func() error {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err
	})
	return b
}

// DSN returns a key=value connection string for the pooler's "postgres"
// database, whose pool has BouncerOptions.PoolSize server connections.
func (b *Bouncer) DSN() string { return b.dsn("postgres") }

// SingleDSN returns a key=value connection string for the pooler's
// "single" database, whose clients all share one server connection.
func (b *Bouncer) SingleDSN() string { return b.dsn("single") }

func (b *Bouncer) dsn(db string) string {
	return "host=127.0.0.1 port=" + strconv.Itoa(b.Port) + " user=postgres dbname=" + db + " sslmode=disable"
}

// startServer starts a single PostgreSQL server (a PGCluster's primary
// without a standby) and stops it when the test ends.
func startServer(t testing.TB) *PGNode {
	t.Helper()
	bin := PGBin
	if v := os.Getenv("SQLFORGE_PG_BIN"); v != "" {
		bin = v
	}
	progs := []string{"initdb", "postgres", "pg_isready", "psql"}
	for i, p := range progs {
		progs[i] = filepath.Join(bin, p)
	}
	Need(t, "a PostgreSQL server", progs...)
	u := ServerUser(t, "postgres")
	base := Dir(t, u, "pg")
	c := &PGCluster{user: u, bin: bin}
	n := &PGNode{c: c, Name: "primary", Dir: filepath.Join(base, "primary"), sock: base}
	c.Primary = n
	t.Cleanup(func() {
		if n.proc != nil {
			n.proc.Stop(syscall.SIGQUIT, 5*time.Second)
		}
	})
	u.Run(t, c.prog("initdb"), "-D", n.Dir, "-U", "postgres", "--auth=trust",
		"--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C")
	n.Port = FreePort(t)
	n.Start(t)
	return n
}

// writeFile writes a configuration file that u owns and only u reads.
func writeFile(t testing.TB, u User, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := u.chown(path); err != nil {
		t.Fatal(err)
	}
}

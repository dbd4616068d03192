package clustertest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// PGBin is where StartPG finds PostgreSQL's programs: Debian's
// PostgreSQL 15. SQLFORGE_PG_BIN overrides it.
var PGBin = "/usr/lib/postgresql/15/bin"

// standbyName is the standby's application_name, which
// synchronous_standby_names names.
const standbyName = "standby1"

// PGOptions configure StartPG.
type PGOptions struct {
	// Sync makes every commit on the primary wait until the standby has
	// applied it (synchronous_commit=remote_apply with the standby as the
	// synchronous one): a read on the standby after a commit sees it.
	// Without it replication is asynchronous and the standby may lag.
	// SetSync changes it later.
	Sync bool
	// Standbys is the number of hot standbys (1 when 0). The first is
	// Standby, the synchronous one with Sync; all are in Standbys.
	Standbys int
}

// PGCluster is a PostgreSQL primary and a hot standby streaming from it.
type PGCluster struct {
	Primary, Standby *PGNode
	// Standbys are all the standbys, Standby first.
	Standbys []*PGNode
	user     User
	bin      string
	mu       sync.Mutex
	sync     bool // synchronous_standby_names names the standby on the node that is primary
}

// PGNode is one server of a PGCluster.
type PGNode struct {
	c    *PGCluster
	Name string // "primary" or "standby"
	Port int
	Dir  string // the data directory
	sock string
	app  string // a standby's application_name
	proc *Proc
}

// StartPG starts a PostgreSQL primary and a hot standby on free loopback
// ports, each in a new temporary directory, with trust authentication for
// loopback connections only, and stops both when the test ends. It ends
// the test (a loud skip, or a failure under SQLFORGE_REQUIRE_SERVERS=1)
// when PostgreSQL's programs are not installed.
func StartPG(t testing.TB, opts PGOptions) *PGCluster {
	t.Helper()
	bin := PGBin
	if v := os.Getenv("SQLFORGE_PG_BIN"); v != "" {
		bin = v
	}
	progs := []string{"initdb", "postgres", "pg_basebackup", "pg_ctl", "pg_isready", "psql"}
	for i, p := range progs {
		progs[i] = filepath.Join(bin, p)
	}
	Need(t, "a PostgreSQL cluster", progs...)
	u := ServerUser(t, "postgres")
	base := Dir(t, u, "pg")
	c := &PGCluster{user: u, bin: bin}
	c.Primary = &PGNode{c: c, Name: "primary", Dir: filepath.Join(base, "primary"), sock: base}
	for i := range max(1, opts.Standbys) {
		name := "standby"
		if i > 0 {
			name += strconv.Itoa(i + 1)
		}
		c.Standbys = append(c.Standbys, &PGNode{c: c, Name: name, Dir: filepath.Join(base, name), sock: base, app: "standby" + strconv.Itoa(i+1)})
	}
	c.Standby = c.Standbys[0]
	// Stop the primary first: a standby stopped under a synchronous
	// primary would leave commits waiting.
	nodes := append([]*PGNode{c.Primary}, c.Standbys...)
	t.Cleanup(func() {
		for _, n := range nodes {
			if n.proc != nil {
				n.proc.Stop(syscall.SIGQUIT, 5*time.Second)
			}
		}
	})

	u.Run(t, c.prog("initdb"), "-D", c.Primary.Dir, "-U", "postgres", "--auth=trust",
		"--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C")
	c.Primary.Port = FreePort(t)
	c.Primary.Start(t)

	for _, s := range c.Standbys {
		u.Run(t, c.prog("pg_basebackup"), "-h", "127.0.0.1", "-p", strconv.Itoa(c.Primary.Port),
			"-U", "postgres", "-D", s.Dir, "-X", "stream", "--checkpoint=fast", "--no-sync", "-R")
		s.Port = FreePort(t)
		c.writeConninfo(t, s)
		s.Start(t)
	}
	c.WaitStreaming(t)
	if opts.Sync {
		c.SetSync(t, true)
	}
	return c
}

func (c *PGCluster) prog(name string) string { return filepath.Join(c.bin, name) }

// writeConninfo points n's recovery at the primary, under its
// application_name (standbyName for the first standby).
func (c *PGCluster) writeConninfo(t testing.TB, n *PGNode) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(n.Dir, "postgresql.auto.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = fmt.Fprintf(f, "primary_conninfo = 'host=127.0.0.1 port=%d user=postgres application_name=%s'\n", c.Primary.Port, n.app)
	if err != nil {
		t.Fatal(err)
	}
}

// DSN returns a key=value connection string for the node's postgres
// database, as user postgres without TLS (loopback only).
func (n *PGNode) DSN() string {
	return "host=127.0.0.1 port=" + strconv.Itoa(n.Port) + " user=postgres dbname=postgres sslmode=disable"
}

// PrimaryDSN returns a connection string listing nodes as hosts in
// order, for the one that accepts writes (target_session_attrs=read-write,
// libpq's and pgx's way to find the primary among several hosts): after
// a promotion new connections reach the new primary.
func PrimaryDSN(nodes ...*PGNode) string {
	hosts, ports := make([]string, len(nodes)), make([]string, len(nodes))
	for i, n := range nodes {
		hosts[i], ports[i] = "127.0.0.1", strconv.Itoa(n.Port)
	}
	return "host=" + strings.Join(hosts, ",") + " port=" + strings.Join(ports, ",") +
		" user=postgres dbname=postgres sslmode=disable target_session_attrs=read-write"
}

// Start starts the node's server (again) and waits until it accepts
// connections.
func (n *PGNode) Start(t testing.TB) {
	t.Helper()
	c := n.c
	n.proc = Start(t, c.user, n.Dir+".log", c.prog("postgres"), "-D", n.Dir,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port="+strconv.Itoa(n.Port),
		"-c", "unix_socket_directories="+n.sock,
		"-c", "max_connections=60",
		"-c", "shared_buffers=16MB",
		"-c", "fsync=off",
		"-c", "max_wal_senders=4",
		"-c", "wal_keep_size=128MB",
		"-c", "hot_standby=on",
		"-c", "wal_receiver_status_interval=1s",
		"-c", "wal_retrieve_retry_interval=200ms",
		"-c", "log_min_messages=warning")
	WaitFor(t, n.proc, 30*time.Second, n.ready)
}

func (n *PGNode) ready() error {
	out, err := exec.Command(n.c.prog("pg_isready"), "-h", "127.0.0.1", "-p", strconv.Itoa(n.Port)).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Stop shuts the node's server down (fast shutdown: sessions are ended,
// transactions rolled back). Stopping the standby of a synchronous
// cluster first makes the primary asynchronous, so that its commits do
// not wait for a standby that is gone.
func (n *PGNode) Stop(t testing.TB) {
	t.Helper()
	if n == n.c.Standby && n.c.isSync() {
		n.c.SetSync(t, false)
	}
	if !n.proc.Stop(syscall.SIGINT, 20*time.Second) {
		t.Logf("clustertest: %s did not stop in time and was killed", n.Name)
	}
}

// Crash kills the node's server at once (immediate shutdown, as in a
// power loss of the host): clients see their connections broken.
func (n *PGNode) Crash(t testing.TB) {
	t.Helper()
	n.proc.Stop(syscall.SIGQUIT, 5*time.Second)
}

// Promote makes the standby a primary (pg_ctl promote) and waits until it
// accepts writes; the cluster's Primary becomes the promoted node and its
// Standby and Standbys nil (other standbys go on following the old
// primary). Crash or Stop the old primary first: nothing makes it step
// down.
func (c *PGCluster) Promote(t testing.TB) {
	t.Helper()
	s := c.Standby
	c.user.Run(t, c.prog("pg_ctl"), "promote", "-w", "-t", "60", "-D", s.Dir)
	WaitFor(t, s.proc, 30*time.Second, func() error {
		if got := s.SQL(t, "SELECT pg_is_in_recovery()"); got != "f" {
			return errors.New("still in recovery")
		}
		return nil
	})
	c.mu.Lock()
	c.Primary, c.Standby, c.Standbys, c.sync = s, nil, nil, false
	c.mu.Unlock()
}

// SQL runs query on the node with psql as user postgres and returns its
// unaligned output without the trailing newline; it fails the test when
// psql does.
func (n *PGNode) SQL(t testing.TB, query string) string {
	t.Helper()
	cmd := exec.Command(n.c.prog("psql"), "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1",
		"-h", "127.0.0.1", "-p", strconv.Itoa(n.Port), "-U", "postgres", "-d", "postgres", "-c", query)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("clustertest: psql on %s: %v\n%s", n.Name, err, out)
	}
	return strings.TrimRight(string(out), "\n")
}

// SetSync makes the primary's commits wait for the standby to apply them
// (on), or not (off), and waits until the primary runs with the setting.
func (c *PGCluster) SetSync(t testing.TB, on bool) {
	t.Helper()
	p := c.Primary
	if on {
		p.SQL(t, "ALTER SYSTEM SET synchronous_standby_names = '"+standbyName+"'")
		p.SQL(t, "ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
	} else {
		p.SQL(t, "ALTER SYSTEM RESET synchronous_standby_names")
		p.SQL(t, "ALTER SYSTEM RESET synchronous_commit")
	}
	p.SQL(t, "SELECT pg_reload_conf()")
	want := ""
	if on {
		want = standbyName
	}
	WaitFor(t, p.proc, 10*time.Second, func() error {
		if got := p.SQL(t, "SHOW synchronous_standby_names"); got != want {
			return fmt.Errorf("synchronous_standby_names is %q", got)
		}
		return nil
	})
	c.mu.Lock()
	c.sync = on
	c.mu.Unlock()
}

func (c *PGCluster) isSync() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sync
}

// WaitStreaming waits until the primary streams its WAL to the standbys
// and they have replayed everything the primary had written when it was
// called.
func (c *PGCluster) WaitStreaming(t testing.TB) {
	t.Helper()
	p := c.Primary
	for _, s := range c.Standbys {
		WaitFor(t, s.proc, 30*time.Second, func() error {
			if got := p.SQL(t, "SELECT count(*) FROM pg_stat_replication WHERE application_name = '"+s.app+"' AND state = 'streaming'"); got != "1" {
				return errors.New("standby " + s.Name + " is not streaming")
			}
			return nil
		})
	}
	lsn := p.SQL(t, "SELECT pg_current_wal_lsn()")
	for _, s := range c.Standbys {
		WaitFor(t, s.proc, 30*time.Second, func() error {
			if got := s.SQL(t, "SELECT pg_last_wal_replay_lsn() >= '"+lsn+"'::pg_lsn"); got != "t" {
				return errors.New("standby " + s.Name + " has not replayed " + lsn)
			}
			return nil
		})
	}
}

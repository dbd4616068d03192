package clustertest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// GaleraProvider is the Galera library MariaDB loads: Debian's galera-4.
// SQLFORGE_GALERA_PROVIDER overrides it.
var GaleraProvider = "/usr/lib/galera/libgalera_smm.so"

// GaleraCluster is a MariaDB Galera cluster: every node accepts writes,
// and a transaction's writes reach the other nodes at its COMMIT, where
// the cluster certifies it against the transactions committed
// concurrently on other nodes.
type GaleraCluster struct {
	Nodes []*GaleraNode
	user  User
	mysql string // the client program
}

// GaleraNode is one server of a GaleraCluster.
type GaleraNode struct {
	Name string
	Port int    // the client port
	Dir  string // the node's directory: data, socket, log
	// The cluster's own loopback ports: group communication, incremental
	// state transfer and full state transfer (rsync).
	wsrepPort, istPort, sstPort int
	proc                        *Proc
}

// StartGalera starts a Galera cluster of n MariaDB nodes on free loopback
// ports, each in a new temporary directory, and stops them when the test
// ends. The first node is installed (mariadb-install-db) and bootstraps
// the cluster (--wsrep-new-cluster); the others join it one after the
// other and receive its data by a full state transfer with rsync. Each
// node's root user has no password, for loopback connections only. It
// takes some 12-17 s for three nodes; tests share one cluster. It ends
// the test (a loud skip, or a failure under SQLFORGE_REQUIRE_SERVERS=1)
// when MariaDB, the Galera library or rsync is missing; as root the
// servers run as the "mysql" user.
func StartGalera(t testing.TB, n int) *GaleraCluster {
	t.Helper()
	provider := GaleraProvider
	if v := os.Getenv("SQLFORGE_GALERA_PROVIDER"); v != "" {
		provider = v
	}
	progs := Need(t, "a Galera cluster", "mariadbd", "mariadb-install-db", "mariadb", "rsync", "wsrep_sst_rsync")
	if _, err := os.Stat(provider); err != nil {
		Need(t, "a Galera cluster (the galera-4 package)", provider)
	}
	u := ServerUser(t, "mysql")
	base := Dir(t, u, "galera")
	c := &GaleraCluster{user: u, mysql: progs[2]}
	var members []string
	for i := range n {
		node := &GaleraNode{Name: "node" + strconv.Itoa(i+1), Dir: filepath.Join(base, "node"+strconv.Itoa(i+1)),
			Port: FreePort(t), wsrepPort: FreePort(t), istPort: FreePort(t), sstPort: FreePort(t)}
		if err := os.Mkdir(node.Dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := u.chown(node.Dir); err != nil {
			t.Fatal(err)
		}
		members = append(members, "127.0.0.1:"+strconv.Itoa(node.wsrepPort))
		c.Nodes = append(c.Nodes, node)
	}
	// Stop the nodes in reverse: the last to go leaves a clean state.
	t.Cleanup(func() {
		for i := len(c.Nodes) - 1; i >= 0; i-- {
			if p := c.Nodes[i].proc; p != nil {
				p.Stop(syscall.SIGTERM, 10*time.Second)
			}
		}
	})
	first := c.Nodes[0]
	u.Run(t, progs[1], "--no-defaults", "--datadir="+first.data(), "--auth-root-authentication-method=normal",
		"--skip-test-db", "--skip-name-resolve")
	address := "gcomm://" + strings.Join(members, ",")
	for i, node := range c.Nodes {
		if i > 0 {
			if err := os.Mkdir(node.data(), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := u.chown(node.data()); err != nil {
				t.Fatal(err)
			}
		}
		c.start(t, node, progs[0], provider, address, i == 0)
		if i == 0 {
			// TCP connections from loopback, for the tests' DSNs; the
			// joiners receive the account with the data.
			c.SQL(t, first, "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION")
		}
	}
	c.WaitSynced(t, n)
	return c
}

func (n *GaleraNode) data() string { return filepath.Join(n.Dir, "data") }
func (n *GaleraNode) sock() string { return filepath.Join(n.Dir, "mysqld.sock") }

// start starts node and waits until it has joined the cluster and is
// synced; bootstrap makes it a new cluster's first node.
func (c *GaleraCluster) start(t testing.TB, node *GaleraNode, mariadbd, provider, address string, bootstrap bool) {
	t.Helper()
	args := []string{"--no-defaults",
		"--datadir=" + node.data(),
		"--socket=" + node.sock(),
		"--pid-file=" + filepath.Join(node.Dir, "mysqld.pid"),
		"--port=" + strconv.Itoa(node.Port),
		"--bind-address=127.0.0.1",
		"--skip-name-resolve",
		"--performance-schema=OFF",
		"--innodb-buffer-pool-size=64M",
		"--innodb-flush-log-at-trx-commit=0",
		"--innodb-autoinc-lock-mode=2",
		"--binlog-format=ROW",
		"--default-storage-engine=InnoDB",
		"--max-connections=100",
		"--wsrep-on=ON",
		"--wsrep-provider=" + provider,
		"--wsrep-cluster-name=sqlforge",
		"--wsrep-cluster-address=" + address,
		"--wsrep-node-name=" + node.Name,
		"--wsrep-node-address=127.0.0.1:" + strconv.Itoa(node.wsrepPort),
		"--wsrep-sst-method=rsync",
		"--wsrep-sst-receive-address=127.0.0.1:" + strconv.Itoa(node.sstPort),
		"--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:" + strconv.Itoa(node.wsrepPort) +
			";ist.recv_addr=127.0.0.1:" + strconv.Itoa(node.istPort) + ";gcache.size=32M",
	}
	if bootstrap {
		args = append(args, "--wsrep-new-cluster")
	}
	node.proc = Start(t, c.user, filepath.Join(node.Dir, "mariadbd.log"), mariadbd, args...)
	WaitFor(t, node.proc, 60*time.Second, func() error { return c.synced(node) })
}

// synced returns nil when node accepts connections and is a synced
// member of the cluster.
func (c *GaleraCluster) synced(node *GaleraNode) error {
	out, err := c.query(node, "SHOW STATUS LIKE 'wsrep_local_state_comment'")
	if err != nil {
		return err
	}
	if !strings.HasSuffix(out, "Synced") {
		return fmt.Errorf("%s is %q", node.Name, out)
	}
	return nil
}

// WaitSynced waits until every node is synced and sees a cluster of size
// nodes.
func (c *GaleraCluster) WaitSynced(t testing.TB, size int) {
	t.Helper()
	for _, node := range c.Nodes {
		WaitFor(t, node.proc, 60*time.Second, func() error {
			if err := c.synced(node); err != nil {
				return err
			}
			out, err := c.query(node, "SHOW STATUS LIKE 'wsrep_cluster_size'")
			if err != nil {
				return err
			}
			if !strings.HasSuffix(out, "\t"+strconv.Itoa(size)) {
				return errors.New("cluster size: " + out)
			}
			return nil
		})
	}
}

// DSN returns a go-sql-driver/mysql DSN for node's database db as root,
// over loopback TCP.
func (n *GaleraNode) DSN(db string) string {
	return "root@tcp(127.0.0.1:" + strconv.Itoa(n.Port) + ")/" + db
}

// SQL runs statements on node with the mariadb client over its socket and
// returns the output (tab-separated, no column names) without the
// trailing newline; it fails the test when the client does.
func (c *GaleraCluster) SQL(t testing.TB, node *GaleraNode, sql string) string {
	t.Helper()
	out, err := c.query(node, sql)
	if err != nil {
		t.Fatalf("clustertest: mariadb on %s: %v", node.Name, err)
	}
	return out
}

func (c *GaleraCluster) query(node *GaleraNode, sql string) (string, error) {
	cmd := exec.Command(c.mysql, "--no-defaults", "-S", node.sock(), "-u", "root", "-N", "-B", "-e", sql)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	return strings.TrimRight(string(out), "\n"), nil
}

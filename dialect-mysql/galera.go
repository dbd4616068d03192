package mysqldialect

import (
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/engine"
)

// MariaDB Galera: every node accepts writes, and a transaction's writes
// reach the other nodes at its COMMIT, where the cluster certifies it
// against the transactions other nodes committed meanwhile. A
// transaction that lost (it wrote a row another node's transaction wrote
// first) fails at COMMIT, or at its next statement, with error 1213
// (SQLSTATE 40001), MySQL's deadlock error: it did not commit, the
// Classifier gives it engine.ErrDeadlock, and engine.RunInTx runs the
// whole transaction again.
//
// A node applies the other nodes' transactions shortly after they
// commit, so a read on one node right after a commit on another may not
// see it yet. wsrep_sync_wait makes a node wait, before a statement,
// until it has applied everything the cluster had committed when the
// statement arrived (a "causal read"), at the cost of that wait.

// galeraSettings are the choices of this module's Galera options.
type galeraSettings struct {
	causalReads bool
}

// syncWaitReads is wsrep_sync_wait's bit for reads: SELECT, SHOW and
// BEGIN / START TRANSACTION wait for the node to catch up.
const syncWaitReads = "1"

// CausalReads makes Open set wsrep_sync_wait=1 on every connection it
// makes, so that a read on any node of a Galera cluster sees every
// transaction committed on any node before the read began. The DSN's own
// wsrep_sync_wait parameter (a bit mask: 1 reads, 2 UPDATE and DELETE, 4
// INSERT and REPLACE), in any letter case as the server reads it, wins
// over it. On a MariaDB that does not run
// Galera the setting does nothing; MySQL, which has no such variable,
// refuses it, and Open fails.
func CausalReads() engine.OpenOption {
	return engine.DriverOption(func(s *galeraSettings) { s.causalReads = true })
}

// applyGalera applies the Galera options of c to cfg, which the driver
// turns into a SET of each connection it makes.
func applyGalera(cfg *mysql.Config, c *engine.OpenConfig) {
	var s galeraSettings
	engine.ApplyDriverOptions(c, &s)
	if !s.causalReads {
		return
	}
	// The server's variable names ignore case; the driver's parameter
	// map does not. Setting ours beside WSREP_SYNC_WAIT would send two
	// SETs in the map's random order.
	for k := range cfg.Params {
		if strings.EqualFold(k, "wsrep_sync_wait") {
			return
		}
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["wsrep_sync_wait"] = syncWaitReads
}

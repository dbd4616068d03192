package clustertest_test

import (
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/clustertest"
)

// TestPGCluster starts a cluster and checks what the other tests rely
// on: the standby replays the primary's writes, synchronously when asked,
// and becomes a writable primary when promoted.
func TestPGCluster(t *testing.T) {
	start := time.Now()
	c := clustertest.StartPG(t, clustertest.PGOptions{Sync: true})
	t.Logf("cluster up in %v", time.Since(start).Round(time.Millisecond))
	if got := c.Standby.SQL(t, "SELECT pg_is_in_recovery()"); got != "t" {
		t.Fatalf("standby pg_is_in_recovery = %q; want t", got)
	}
	c.Primary.SQL(t, "CREATE TABLE ct_probe (id int PRIMARY KEY)")
	c.Primary.SQL(t, "INSERT INTO ct_probe VALUES (1)")
	// remote_apply: the commit returned after the standby applied it.
	if got := c.Standby.SQL(t, "SELECT count(*) FROM ct_probe"); got != "1" {
		t.Fatalf("standby sees %s rows right after a synchronous commit; want 1", got)
	}
	// Stopping the standby makes the primary asynchronous first: this
	// commit must not wait for it.
	c.Standby.Stop(t)
	c.Primary.SQL(t, "INSERT INTO ct_probe VALUES (2)")
	c.Standby.Start(t)
	c.WaitStreaming(t)
	if got := c.Standby.SQL(t, "SELECT count(*) FROM ct_probe"); got != "2" {
		t.Fatalf("restarted standby sees %s rows; want 2", got)
	}
	old := c.Primary
	old.Crash(t)
	c.Promote(t)
	if c.Primary == old || c.Standby != nil {
		t.Fatalf("after Promote: Primary %s, Standby %v", c.Primary.Name, c.Standby)
	}
	c.Primary.SQL(t, "INSERT INTO ct_probe VALUES (3)")
	if got := c.Primary.SQL(t, "SELECT count(*) FROM ct_probe"); got != "3" {
		t.Fatalf("promoted primary has %s rows; want 3", got)
	}
}

// TestPGMissingBinariesSkip: without PostgreSQL's programs StartPG skips
// (and, under SQLFORGE_REQUIRE_SERVERS=1, would fail) instead of passing.
func TestPGMissingBinariesSkip(t *testing.T) {
	t.Setenv("SQLFORGE_REQUIRE_SERVERS", "")
	t.Setenv("SQLFORGE_PG_BIN", t.TempDir())
	reached := false
	t.Run("start", func(t *testing.T) {
		clustertest.StartPG(t, clustertest.PGOptions{})
		reached = true
	})
	if reached {
		t.Fatal("StartPG returned without PostgreSQL's programs")
	}
}

// TestPGTwoStandbys: both standbys replay the primary's writes.
func TestPGTwoStandbys(t *testing.T) {
	c := clustertest.StartPG(t, clustertest.PGOptions{Standbys: 2})
	if len(c.Standbys) != 2 || c.Standby != c.Standbys[0] {
		t.Fatalf("Standbys %v, Standby %v", c.Standbys, c.Standby)
	}
	c.Primary.SQL(t, "CREATE TABLE ct_two (id int)")
	c.Primary.SQL(t, "INSERT INTO ct_two VALUES (1)")
	c.WaitStreaming(t)
	for _, s := range c.Standbys {
		if got := s.SQL(t, "SELECT count(*) FROM ct_two"); got != "1" {
			t.Errorf("%s sees %s rows; want 1", s.Name, got)
		}
	}
}

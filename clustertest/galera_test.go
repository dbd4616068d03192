package clustertest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/clustertest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// TestGalera starts one three-node Galera cluster for its parts: a
// certification conflict at COMMIT and RunInTx retrying it, and reads on
// one node of what another committed, with and without causal reads.
func TestGalera(t *testing.T) {
	start := time.Now()
	c := clustertest.StartGalera(t, 3)
	t.Logf("Galera cluster of 3 nodes up in %v", time.Since(start).Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c.SQL(t, c.Nodes[0], "CREATE DATABASE sqlforge; CREATE TABLE sqlforge.counter (id int PRIMARY KEY, n int NOT NULL); "+
		"INSERT INTO sqlforge.counter VALUES (1, 0); CREATE TABLE sqlforge.seen (id int PRIMARY KEY)")
	open := func(node *clustertest.GaleraNode, opts ...engine.OpenOption) *engine.Engine {
		e, err := mysqldialect.Open(ctx, node.DSN("sqlforge"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	e1, e2 := open(c.Nodes[0]), open(c.Nodes[1])
	causal3 := open(c.Nodes[2], mysqldialect.CausalReads())

	t.Run("conflict at commit", func(t *testing.T) { galeraConflict(ctx, t, e1, e2, causal3) })
	t.Run("RunInTx retries a conflict", func(t *testing.T) { galeraRetry(ctx, t, e1, e2, causal3) })
	t.Run("causal reads", func(t *testing.T) {
		stale := galeraStaleReads(ctx, t, e1, causal3, 0, 500)
		if stale != 0 {
			t.Errorf("with causal reads, %d of 500 reads on node3 missed node1's commit before them; want 0", stale)
		}
		t.Logf("causal reads on: %d of 500 reads stale", stale)
		// Without causal reads node3 may read before applying node1's
		// commit; how often depends on the machine, so it is only
		// measured.
		plain3 := open(c.Nodes[2])
		stale = galeraStaleReads(ctx, t, e1, plain3, 500, 500)
		t.Logf("causal reads off: %d of 500 reads stale (%.1f%%)", stale, float64(stale)/5)
	})
}

var (
	bump       = expr.Text("UPDATE counter SET n = n + :d WHERE id = 1")
	readBumps  = expr.Text("SELECT n FROM counter WHERE id = 1")
	insertSeen = expr.Text("INSERT INTO seen (id) VALUES (:id)")
	readSeen   = expr.Text("SELECT count(*) FROM seen WHERE id = :id")
)

// galeraConflict: a transaction on node1 updates a row that node2 then
// updates and commits first; node1's COMMIT fails with 1213, a
// retryable error, and only node2's update is in the cluster.
func galeraConflict(ctx context.Context, t *testing.T, e1, e2, reader *engine.Engine) {
	before, err := engine.Scalar[int64](ctx, reader, readBumps)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := e1.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, bump.Bind("d", 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := e2.Exec(ctx, bump.Bind("d", 10)); err != nil {
		t.Fatal(err)
	}
	err = tx.Commit(ctx)
	var ee *engine.Error
	if !errors.Is(err, engine.ErrDeadlock) || !engine.Retryable(err) || !errors.As(err, &ee) || ee.Code != "1213" {
		t.Fatalf("COMMIT of the losing transaction: %v; want error 1213, ErrDeadlock, retryable", err)
	}
	t.Logf("the losing COMMIT: %v", err)
	if got, err := engine.Scalar[int64](ctx, reader, readBumps); err != nil || got != before+10 {
		t.Fatalf("counter = %d, %v; want %d (node2's update only)", got, err, before+10)
	}
}

// galeraRetry: RunInTx's first run on node1 loses to a commit on node2
// made while it runs; RunInTx runs it again, and both updates count.
func galeraRetry(ctx context.Context, t *testing.T, e1, e2, reader *engine.Engine) {
	before, err := engine.Scalar[int64](ctx, reader, readBumps)
	if err != nil {
		t.Fatal(err)
	}
	attempts := 0
	err = e1.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		attempts++
		if _, err := tx.Exec(ctx, bump.Bind("d", 1)); err != nil {
			return err
		}
		if attempts == 1 {
			// Another node's transaction on the same row commits first.
			if _, err := e2.Exec(ctx, bump.Bind("d", 100)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("RunInTx: %v", err)
	}
	if attempts != 2 {
		t.Fatalf("RunInTx ran the transaction %d times; want 2 (a conflict, then success)", attempts)
	}
	if got, err := engine.Scalar[int64](ctx, reader, readBumps); err != nil || got != before+101 {
		t.Fatalf("counter = %d, %v; want %d (both updates)", got, err, before+101)
	}
}

// galeraStaleReads commits n rows on writer, each read right after its
// commit on reader, and returns how many reads did not see their row.
func galeraStaleReads(ctx context.Context, t *testing.T, writer, reader *engine.Engine, first, n int) int {
	stale := 0
	for id := first; id < first+n; id++ {
		if _, err := writer.Exec(ctx, insertSeen.Bind("id", id)); err != nil {
			t.Fatal(err)
		}
		got, err := engine.Scalar[int64](ctx, reader, readSeen.Bind("id", id))
		if err != nil {
			t.Fatal(err)
		}
		if got != 1 {
			stale++
		}
	}
	return stale
}

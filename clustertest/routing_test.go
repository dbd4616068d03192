package clustertest_test

import (
	"context"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/clustertest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// routed opens an engine whose primary is the cluster's primary (found
// among both nodes with target_session_attrs=read-write) and whose
// replica is its standby.
func routed(t *testing.T, c *clustertest.PGCluster, opts ...engine.OpenOption) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	rep, err := pgdialect.OpenSource(ctx, c.Standby.DSN())
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]engine.OpenOption{engine.WithReplicas(rep)}, opts...)
	e, err := pgdialect.Open(ctx, clustertest.PrimaryDSN(c.Primary, c.Standby)+" connect_timeout=5", opts...)
	if err != nil {
		rep.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// inRecovery reports where a statement ran: true on the standby.
var inRecovery = expr.Text("SELECT pg_is_in_recovery()")

func onStandby(t *testing.T, ctx context.Context, e *engine.Engine) bool {
	t.Helper()
	got, err := engine.Scalar[bool](ctx, e, inRecovery)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRoutingOnCluster(t *testing.T) {
	c := clustertest.StartPG(t, clustertest.PGOptions{Sync: true})
	e := routed(t, c)
	ctx := context.Background()
	if onStandby(t, ctx, e) {
		t.Error("constant SQL ran on the standby; want the primary unless marked")
	}
	if !onStandby(t, engine.OnReplica(ctx), e) {
		t.Error("constant SQL marked OnReplica ran on the primary")
	}
	if onStandby(t, engine.OnPrimary(engine.OnReplica(ctx)), e) {
		t.Error("OnPrimary over OnReplica ran on the standby")
	}
	// A SELECT the engine builds is a read; with FOR UPDATE it is not (a
	// standby refuses it: the error shows where it went).
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE rt_items (id bigint PRIMARY KEY)")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, expr.Text("INSERT INTO rt_items VALUES (1), (2)")); err != nil {
		t.Fatal(err)
	}
	items := expr.NewMetaData().MustTable("rt_items", expr.Col("id", expr.BigInt, expr.PK))
	before := e.Replicas()[0].Reads
	n, err := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(items))
	if err != nil || n != 2 {
		t.Fatalf("count on the replica = %d, %v; want 2", n, err)
	}
	if got := e.Replicas()[0].Reads - before; got != 1 {
		t.Errorf("the standby ran %d reads for the SELECT count(*); want 1", got)
	}
	if _, err := engine.All(ctx, e, expr.Select(items.C("id")).From(items).ForUpdate(), engine.ScanValue[int64]); err != nil {
		t.Fatalf("SELECT FOR UPDATE: %v (sent to the standby?)", err)
	}
}

// TestReplicaLeavesAndRejoins: a standby stopped leaves the rotation —
// reads go on, on the primary — and rejoins it when restarted.
func TestReplicaLeavesAndRejoins(t *testing.T) {
	c := clustertest.StartPG(t, clustertest.PGOptions{})
	e := routed(t, c, engine.WithHealthCheck(engine.HealthCheck{Interval: 50 * time.Millisecond}))
	ctx := engine.OnReplica(context.Background())
	if !onStandby(t, ctx, e) || !e.Replicas()[0].Up {
		t.Fatalf("replica state %+v before the stop; want up and serving", e.Replicas()[0])
	}
	c.Standby.Stop(t)
	waitState(t, e, false)
	if onStandby(t, ctx, e) {
		t.Fatal("a read ran on a stopped standby")
	}
	t.Logf("down: %v", e.Replicas()[0].Err)
	c.Standby.Start(t)
	waitState(t, e, true)
	if !onStandby(t, ctx, e) {
		t.Fatal("the restarted standby serves no reads")
	}
}

// waitState waits until the replica's Up is want; the health check runs
// every 50ms, so a minute means it never came.
func waitState(t *testing.T, e *engine.Engine, want bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for e.Replicas()[0].Up != want {
		if time.Now().After(deadline) {
			t.Fatalf("replica state %+v; want Up %v", e.Replicas()[0], want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type rywItem struct {
	ID int64 `db:"id,pk"`
	N  int64 `db:"n"`
}

// TestSessionReadsItsWrites: under asynchronous replication, a Session's
// query right after its commit finds the row it wrote every time with
// read-your-writes on; with it off the standby is sometimes behind, and
// the test reports how often.
func TestSessionReadsItsWrites(t *testing.T) {
	c := clustertest.StartPG(t, clustertest.PGOptions{})
	c.Primary.SQL(t, "CREATE TABLE ryw_items (id bigint PRIMARY KEY, n bigint NOT NULL)")
	c.WaitStreaming(t)
	meta := expr.NewMetaData()
	models := mapper.NewRegistry(meta)
	items := mapper.MustMap[rywItem](models, "ryw_items")
	const tries = 1000
	run := func(t *testing.T, e *engine.Engine, base int64) (stale int) {
		ctx := context.Background()
		for i := range int64(tries) {
			s := unitofwork.New(e, models)
			id := base + i
			if err := s.Add(&rywItem{ID: id, N: i}); err != nil {
				t.Fatal(err)
			}
			if err := s.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := unitofwork.All[rywItem](ctx, s, items.Select().Where(items.Field("ID").Eq(id)))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				stale++
			}
			s.Close()
		}
		return stale
	}
	t.Run("on", func(t *testing.T) {
		e := routed(t, c)
		if stale := run(t, e, 0); stale != 0 {
			t.Errorf("%d of %d reads after a commit missed it with read-your-writes on", stale, tries)
		}
		reads := e.Replicas()[0].Reads
		t.Logf("read-your-writes on: the replica ran %d of the %d reads, the primary the rest", reads, tries)
		// Sending every read to the primary also reads every write: the
		// standby must have served some after waiting for them.
		if reads == 0 {
			t.Error("the standby served none of the reads after a commit; want read-your-writes to wait for it")
		}
		if !onStandby(t, engine.OnReplica(context.Background()), e) {
			t.Error("the replica serves no reads")
		}
	})
	t.Run("off", func(t *testing.T) {
		e := routed(t, c, engine.WithReadYourWrites(engine.NoReadYourWrites()))
		stale := run(t, e, tries)
		t.Logf("asynchronous replication, read-your-writes off: %d of %d reads after a commit missed it (%.1f%%)",
			stale, tries, 100*float64(stale)/tries)
	})
}

package clustertest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/clustertest"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// TestSelectsThatWriteOrLockOnPrimary: a SELECT built with expr that
// locks somewhere inside or calls a function that may write runs on the
// primary. A hot standby refuses each of them (read-only transaction,
// no row locks), so an error shows one went there.
func TestSelectsThatWriteOrLockOnPrimary(t *testing.T) {
	c := clustertest.StartPG(t, clustertest.PGOptions{Sync: true})
	c.Primary.SQL(t, "CREATE TABLE se_items (id bigint PRIMARY KEY); INSERT INTO se_items VALUES (1),(2); CREATE SEQUENCE se_seq; "+
		"CREATE TABLE se_log (n int); CREATE FUNCTION se_bump() RETURNS int LANGUAGE sql VOLATILE AS 'INSERT INTO se_log VALUES (1) RETURNING n'")
	e := routed(t, c)
	ctx := context.Background()
	items := expr.NewMetaData().MustTable("se_items", expr.Col("id", expr.BigInt, expr.PK))
	locked := func() *expr.SelectStmt { return expr.Select(items.C("id")).From(items).ForUpdate() }
	for name, stmt := range map[string]expr.Statement{
		"a volatile function that INSERTs": expr.Select(expr.Func("se_bump")),
		"nextval":                          expr.Select(expr.Func("nextval", "se_seq")),
		"derived table FOR UPDATE":         expr.Select(expr.CountAll()).From(locked().Subquery("s")),
		"EXISTS (... FOR UPDATE)":          expr.Select(expr.CountAll()).From(items).Where(expr.Exists(locked())),
		"CTE ... FOR UPDATE":               expr.Select(expr.CountAll()).From(locked().CTE("c")),
	} {
		if _, err := engine.All(ctx, e, stmt, engine.ScanValue[int64]); err != nil {
			t.Errorf("%s: %v (sent to the standby?)", name, err)
		}
	}
	if n := strings.TrimSpace(c.Primary.SQL(t, "SELECT count(*) FROM se_log")); n != "1" {
		t.Errorf("se_bump wrote %s rows on the primary; want 1", n)
	}
	// A session advisory lock taken through expr.Select is held on the
	// primary, where the program's other statements run.
	got, err := engine.Scalar[bool](ctx, e, expr.Select(expr.Func("pg_try_advisory_lock", int64(4242))))
	if err != nil || !got {
		t.Fatalf("pg_try_advisory_lock = %v, %v; want true", got, err)
	}
	const held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242"
	if n := strings.TrimSpace(c.Primary.SQL(t, held)); n != "1" {
		t.Errorf("advisory locks held on the primary: %s; want 1 (on the standby: %s)", n, strings.TrimSpace(c.Standby.SQL(t, held)))
	}
	// A plain SELECT with known functions still reads on the standby.
	before := e.Replicas()[0].Reads
	if _, err := engine.Scalar[int64](ctx, e, expr.Select(expr.Max(items.C("id"))).From(items)); err != nil {
		t.Fatal(err)
	}
	if e.Replicas()[0].Reads != before+1 {
		t.Error("SELECT max(id) did not run on the standby")
	}
}

package mappertest

import (
	"context"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// countTables creates corgs (1, 2) and cusers (10..13), users 10 and 11
// in org 1, 12 and 13 in org 2.
func countTables(t *testing.T, e *engine.Engine) (users, orgs *expr.Table) {
	meta := expr.NewMetaData()
	orgs = meta.MustTable("corgs", expr.Col("id", expr.BigInt, expr.PK))
	users = meta.MustTable("cusers", expr.Col("id", expr.BigInt, expr.PK), expr.Col("org", expr.BigInt, expr.NotNull))
	createAll(t, e, meta)
	ctx := context.Background()
	if _, err := e.Exec(ctx, expr.Insert(orgs).Values(1).Values(2)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Exec(ctx, expr.Insert(users).Values(10, 1).Values(11, 1).Values(12, 2).Values(13, 2)); err != nil {
		t.Fatal(err)
	}
	return users, orgs
}

func scanPair(r *engine.Rows) ([2]int64, error) {
	var p [2]int64
	return p, r.Scan(&p[0], &p[1])
}

// A DISTINCT select of two columns of one name is counted as a derived
// table whose items have names of their own: MySQL and MariaDB reject
// a derived table with two columns named "id".
func TestAllAndCountSameNames(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		users, orgs := countTables(t, e)
		q := expr.Select(users.C("id"), orgs.C("id")).Distinct().From(users).
			Join(orgs, orgs.C("id").Eq(users.C("org"))).OrderBy(users.C("id").Asc()).Limit(2)
		rows, total, err := engine.AllAndCount(context.Background(), e, q, scanPair)
		if err != nil || len(rows) != 2 || total != 4 {
			t.Fatalf("got %v, total %d, %v; want 2 rows of 4", rows, total, err)
		}
	})
}

// With SKIP LOCKED a short page is no last page: the rows another
// transaction locks are left out of it but not out of the total.
func TestAllAndCountSkipLocked(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		if !e.Dialect().Features().Has(compile.SkipLocked) {
			t.Skip("no SKIP LOCKED")
		}
		if strings.HasSuffix(t.Name(), "/pgx") {
			t.Skip("the pgx engine here has one connection; postgres covers PostgreSQL")
		}
		users, _ := countTables(t, e)
		ctx := context.Background()
		tx, err := e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		locked, err := engine.All(ctx, tx, expr.Select(users.C("id"), users.C("org")).From(users).
			Where(users.C("id").Eq(10)).ForUpdate(), scanPair)
		if err != nil || len(locked) != 1 {
			t.Fatalf("locking row 10: %v, %v", locked, err)
		}
		q := expr.Select(users.C("id"), users.C("org")).From(users).
			OrderBy(users.C("id").Asc()).Limit(10).ForUpdate(expr.SkipLocked)
		rows, total, err := engine.AllAndCount(ctx, e, q, scanPair)
		if err != nil || len(rows) != 3 || total != 4 {
			t.Fatalf("got %v, total %d, %v; want 3 rows of 4", rows, total, err)
		}
	})
}

package compile_test

import (
	"fmt"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// CountQuery drops ORDER BY, LIMIT, OFFSET and locking, counts a plain
// column list in place and anything else as a derived table whose
// unlabelled items are named c1, c2, ... so that no two share a name.
func TestCountQuery(t *testing.T) {
	orgs := expr.NewMetaData().MustTable("orgs", expr.Col("id", expr.BigInt, expr.PK), expr.Col("name", expr.String))
	page := func(q *expr.SelectStmt) *expr.SelectStmt {
		return q.OrderBy(users.C("name").Asc()).Limit(10).Offset(20).ForUpdate()
	}
	recent := expr.Select(users.C("id")).From(users).Where(users.C("age").Lt(30)).CTE("recent")
	cases := []struct {
		name string
		q    *expr.SelectStmt
		want string
		args string
	}{
		{"columns", page(expr.Select(users.C("id"), users.C("name").As("n"), users.Star()).From(users).Where(users.C("age").Gt(18))),
			`SELECT count(*) FROM "users" WHERE "users"."age" > $1`, "[18]"},
		{"join", page(expr.Select(users.C("id"), orgs.C("id")).From(users).Join(orgs, orgs.C("id").Eq(users.C("age")))),
			`SELECT count(*) FROM "users" JOIN "orgs" ON "orgs"."id" = "users"."age"`, "[]"},
		{"inferred from", page(expr.Select(users.C("id")).Where(users.C("age").Gt(18))),
			`SELECT count(*) FROM (SELECT "users"."id" AS "c1" FROM "users" WHERE "users"."age" > $1) AS "counted"`, "[18]"},
		{"distinct", page(expr.Select(users.C("name")).Distinct().From(users)),
			`SELECT count(*) FROM (SELECT DISTINCT "users"."name" AS "c1" FROM "users") AS "counted"`, "[]"},
		{"group by", page(expr.Select(users.C("status"), expr.CountAll().As("n")).From(users).GroupBy(users.C("status")).Having(expr.CountAll().Gt(1))),
			`SELECT count(*) FROM (SELECT "users"."status" AS "c1", count(*) AS "n" FROM "users" GROUP BY "users"."status" HAVING count(*) > $1) AS "counted"`, "[1]"},
		{"aggregate", page(expr.Select(expr.Max(users.C("age"))).From(users)),
			`SELECT count(*) FROM (SELECT max("users"."age") AS "c1" FROM "users") AS "counted"`, "[]"},
		{"same names", page(expr.Select(users.C("id"), orgs.C("id"), users.C("name").As("c2")).Distinct().From(users).Join(orgs, orgs.C("id").Eq(users.C("age")))),
			`SELECT count(*) FROM (SELECT DISTINCT "users"."id" AS "c1", "orgs"."id" AS "c2_", "users"."name" AS "c2" FROM "users" JOIN "orgs" ON "orgs"."id" = "users"."age") AS "counted"`, "[]"},
		{"with", page(expr.Select(users.C("id")).From(users).Join(recent, recent.C("id").Eq(users.C("id"))).Distinct()),
			`WITH "recent" AS (SELECT "users"."id" FROM "users" WHERE "users"."age" < $1) SELECT count(*) FROM (SELECT DISTINCT "users"."id" AS "c1" FROM "users" JOIN "recent" ON "recent"."id" = "users"."id") AS "counted"`, "[30]"},
	}
	c := compile.New(ansi{dollar: true, f: compile.Locking})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, _, err := c.Compile(tc.q, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, args, err := c.Compile(tc.q.CountQuery(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || fmt.Sprint(args) != tc.args {
				t.Errorf("got\n%s %v\nwant\n%s %s", got, args, tc.want, tc.args)
			}
			if after, _, _ := c.Compile(tc.q, nil); after != before {
				t.Errorf("CountQuery changed the query:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

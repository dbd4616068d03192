package compile_test

import (
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// upsertMeta is the fixture of the upsert tests: a table with a primary
// key, a unique column, a unique constraint, a unique index, a plain index
// and a column that is in no key.
var (
	upsertMeta     = expr.NewMetaData()
	upsertAccounts = upsertMeta.MustTable("accounts",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("email", expr.String, expr.Unique),
		expr.Col("org", expr.Integer),
		expr.Col("login", expr.String),
		expr.Col("team", expr.Integer),
		expr.Col("seat", expr.Integer),
		expr.Col("note", expr.String, expr.Indexed),
		expr.UniqueOn("uq_accounts_org_login", "org", "login"),
		expr.UniqueIndexOn("ux_accounts_team_seat", "team", "seat"),
		expr.IndexOn("ix_accounts_org", "org"),
	)
	upsertMembers = upsertMeta.MustTable("memberships",
		expr.Col("account_id", expr.BigInt),
		expr.Col("group_id", expr.BigInt),
		expr.Col("role", expr.String),
		expr.PrimaryKeyOn("account_id", "group_id"),
	)
)

// upsertSQLite has the features that decide how SQLite's upserts compile.
var upsertSQLite = ansi{f: compile.OnConflict | compile.UpsertSelectNeedsWhere | compile.ReturningInsert}

// TestUpsertSelectWhere checks where INSERT ... SELECT ... ON CONFLICT gets
// WHERE true on a dialect whose parser needs it: exactly when the query's
// SQL would end with its FROM clause, so that ON follows FROM.
func TestUpsertSelectWhere(t *testing.T) {
	a := upsertAccounts
	ids := func() *expr.SelectStmt { return expr.Select(a.C("id").Add(100), a.C("email")) }
	insert := func(q expr.Selectable) *expr.InsertStmt {
		return expr.Insert(a).Columns(a.C("id"), a.C("email")).Select(q)
	}
	cases := []struct {
		name      string
		st        *expr.InsertStmt
		wantWhere bool
	}{
		{"from", insert(ids()).OnConflict(a.C("id")).DoNothing(), true},
		{"no target", insert(ids()).DoNothing(), true},
		{"do update", insert(ids()).OnConflict(a.C("id")).DoUpdate(expr.Assign(a.C("email"), expr.Excluded(a.C("email")))), true},
		{"join", insert(ids().From(a).Join(upsertMembers, upsertMembers.C("account_id").Eq(a.C("id")))).OnConflict(a.C("id")).DoNothing(), true},
		{"union", insert(expr.Union(ids().Where(a.C("id").Gt(1)), ids())).OnConflict(a.C("id")).DoNothing(), true},
		{"no upsert", insert(ids()), false},
		{"where", insert(ids().Where(a.C("id").Gt(1))).OnConflict(a.C("id")).DoNothing(), false},
		{"group by", insert(ids().GroupBy(a.C("id"), a.C("email"))).OnConflict(a.C("id")).DoNothing(), false},
		{"order by", insert(ids().OrderBy(a.C("id"))).OnConflict(a.C("id")).DoNothing(), false},
		{"limit", insert(ids().Limit(5)).OnConflict(a.C("id")).DoNothing(), false},
		{"offset", insert(ids().Offset(5)).OnConflict(a.C("id")).DoNothing(), false},
		{"union, last with where", insert(expr.Union(ids(), ids().Where(a.C("id").Gt(1)))).OnConflict(a.C("id")).DoNothing(), false},
		{"union ordered", insert(expr.Union(ids(), ids()).OrderBy(a.C("id"))).OnConflict(a.C("id")).DoNothing(), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []*compile.Compiler{compile.New(upsertSQLite), compile.New(ansi{f: compile.OnConflict})} {
				q, _, err := c.Compile(tc.st, nil)
				if err != nil {
					t.Fatal(err)
				}
				want := tc.wantWhere && c.Dialect().Features().Has(compile.UpsertSelectNeedsWhere)
				if got := strings.Contains(q, " WHERE true"); got != want {
					t.Errorf("%s\nWHERE true: got %v; want %v", q, got, want)
				}
				if want && !strings.Contains(q, " WHERE true ON CONFLICT ") {
					t.Errorf("%s\nWHERE true is not right before ON CONFLICT", q)
				}
			}
		})
	}
}

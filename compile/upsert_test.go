package compile_test

import (
	"errors"
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

// upsertMySQL has the features that decide how MySQL's and MariaDB's
// upserts compile: no ON CONFLICT, ON DUPLICATE KEY UPDATE instead.
var upsertMySQL = ansi{f: compile.OnDuplicateKey | compile.ValuesForExcluded | compile.ReturningInsert}

// TestDoNothingAsDuplicateKey checks that ON CONFLICT DO NOTHING compiles
// on MySQL to an assignment of a column to itself when its target is the
// primary key or a unique key, in any column order.
func TestDoNothingAsDuplicateKey(t *testing.T) {
	a, m := upsertAccounts, upsertMembers
	cases := []struct {
		name string
		st   *expr.InsertStmt
		want string
	}{
		{"primary key", expr.Insert(a).Columns(a.C("id")).Values(1).OnConflict(a.C("id")).DoNothing(),
			`INSERT INTO "accounts" ("id") VALUES (?) ON DUPLICATE KEY UPDATE "id" = "accounts"."id"`},
		{"unique column", expr.Insert(a).Columns(a.C("email")).Values("x").OnConflict(a.C("email")).DoNothing(),
			`INSERT INTO "accounts" ("email") VALUES (?) ON DUPLICATE KEY UPDATE "email" = "accounts"."email"`},
		{"unique constraint", expr.Insert(a).Columns(a.C("org"), a.C("login")).Values(1, "x").OnConflict(a.C("login"), a.C("org")).DoNothing(),
			`INSERT INTO "accounts" ("org", "login") VALUES (?, ?) ON DUPLICATE KEY UPDATE "login" = "accounts"."login"`},
		{"unique index", expr.Insert(a).Columns(a.C("team"), a.C("seat")).Values(1, 2).OnConflict(a.C("team"), a.C("seat")).DoNothing(),
			`INSERT INTO "accounts" ("team", "seat") VALUES (?, ?) ON DUPLICATE KEY UPDATE "team" = "accounts"."team"`},
		{"composite primary key", expr.Insert(m).Values(1, 2, "x").OnConflict(m.C("group_id"), m.C("account_id")).DoNothing(),
			`INSERT INTO "memberships" ("account_id", "group_id", "role") VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "group_id" = "memberships"."group_id"`},
		{"no target", expr.Insert(m).Values(1, 2, "x").DoNothing(),
			`INSERT INTO "memberships" ("account_id", "group_id", "role") VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "account_id" = "memberships"."account_id"`},
	}
	c := compile.New(upsertMySQL)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, _, err := c.Compile(tc.st, nil)
			if err != nil || q != tc.want {
				t.Fatalf("got %q, %v\nwant %q", q, err, tc.want)
			}
		})
	}
}

// TestConflictTargetNotAKey checks that MySQL refuses a conflict target
// that is not exactly a key: ON DUPLICATE KEY UPDATE would act on a
// duplicate in any unique key, also where the target's columns repeat.
func TestConflictTargetNotAKey(t *testing.T) {
	a := upsertAccounts
	targets := map[string][]*expr.Column{
		"plain column":            {a.C("login")},
		"plain index":             {a.C("org")},
		"indexed column":          {a.C("note")},
		"part of a unique key":    {a.C("team")},
		"more than a key":         {a.C("id"), a.C("email")},
		"a key's column twice":    {a.C("id"), a.C("id")},
		"unique key and a repeat": {a.C("org"), a.C("org")},
	}
	c := compile.New(upsertMySQL)
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			ins := func() *expr.InsertStmt {
				return expr.Insert(a).Columns(a.C("id"), a.C("login")).Values(1, "x").OnConflict(target...)
			}
			for _, st := range []*expr.InsertStmt{ins().DoNothing(), ins().DoUpdate(expr.Assign(a.C("login"), "y"))} {
				q, _, err := c.Compile(st, nil)
				var ue *compile.UnsupportedError
				if !errors.As(err, &ue) || !strings.Contains(ue.Feature, "target") || q != "" {
					t.Fatalf("got %q, %v; want an *UnsupportedError about the target", q, err)
				}
				// The same statement is valid SQL where the target can be named.
				if _, _, err := compile.New(upsertSQLite).Compile(st, nil); err != nil {
					t.Fatalf("ON CONFLICT dialect: %v", err)
				}
			}
		})
	}
}

// TestDoNothingReturningOnMySQL checks that DO NOTHING with RETURNING is
// refused where it becomes ON DUPLICATE KEY UPDATE: MariaDB would return
// the rows a duplicate key left alone, which ON CONFLICT DO NOTHING does
// not.
func TestDoNothingReturningOnMySQL(t *testing.T) {
	a := upsertAccounts
	st := expr.Insert(a).Columns(a.C("id")).Values(1).OnConflict(a.C("id")).DoNothing().Returning(a.C("id"))
	q, _, err := compile.New(upsertMySQL).Compile(st, nil)
	var ue *compile.UnsupportedError
	if !errors.As(err, &ue) || !strings.Contains(ue.Feature, "RETURNING") {
		t.Fatalf("got %q, %v; want an *UnsupportedError about RETURNING", q, err)
	}
	if _, _, err := compile.New(upsertSQLite).Compile(st, nil); err != nil {
		t.Fatalf("ON CONFLICT dialect: %v", err)
	}
}

// TestDoUpdateAsDuplicateKey checks that ON CONFLICT DO UPDATE compiles on
// MySQL to ON DUPLICATE KEY UPDATE with the same assignments, the proposed
// row's values as VALUES(col), when its target is a key.
func TestDoUpdateAsDuplicateKey(t *testing.T) {
	a := upsertAccounts
	st := expr.Insert(a).Columns(a.C("org"), a.C("login"), a.C("note")).Values(1, "x", "n").
		OnConflict(a.C("org"), a.C("login")).
		DoUpdate(expr.Assign(a.C("note"), expr.Excluded(a.C("note"))), expr.Assign(a.C("seat"), a.C("seat").Add(1)))
	want := `INSERT INTO "accounts" ("org", "login", "note") VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "note" = VALUES("note"), "seat" = "accounts"."seat" + ?`
	q, args, err := compile.New(upsertMySQL).Compile(st, nil)
	if err != nil || q != want {
		t.Fatalf("got %q, %v\nwant %q", q, err, want)
	}
	if len(args) != 4 {
		t.Fatalf("args %v; want 4", args)
	}
}

// TestDoUpdateWhereOnMySQL checks that DoUpdateWhere, which ON DUPLICATE
// KEY UPDATE cannot express, is refused there rather than dropped.
func TestDoUpdateWhereOnMySQL(t *testing.T) {
	a := upsertAccounts
	st := expr.Insert(a).Columns(a.C("id"), a.C("note")).Values(1, "n").
		OnConflict(a.C("id")).DoUpdate(expr.Assign(a.C("note"), expr.Excluded(a.C("note")))).DoUpdateWhere(a.C("note").IsNull())
	q, _, err := compile.New(upsertMySQL).Compile(st, nil)
	var ue *compile.UnsupportedError
	if !errors.As(err, &ue) || !strings.Contains(ue.Feature, "WHERE") || q != "" {
		t.Fatalf("got %q, %v; want an *UnsupportedError about WHERE", q, err)
	}
	if _, _, err := compile.New(upsertSQLite).Compile(st, nil); err != nil {
		t.Fatalf("ON CONFLICT dialect: %v", err)
	}
}

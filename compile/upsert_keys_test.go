package compile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// keysMeta: a table whose unique key a client-side default fills, and one
// with a unique key that holds another.
var (
	keysMeta   = expr.NewMetaData()
	keysTokens = keysMeta.MustTable("tokens",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("token", expr.String, expr.Unique, expr.Default(func() any { return "t" })),
		expr.Col("note", expr.String),
	)
	keysSeats = keysMeta.MustTable("seats",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("email", expr.String, expr.Unique),
		expr.Col("org", expr.Integer),
		expr.Col("note", expr.String),
		expr.UniqueOn("uq_seats_email_org", "email", "org"),
	)
)

// TestConflictTargetBesideAnotherKey checks that MySQL refuses an ON
// CONFLICT target when the INSERT writes every column of another unique
// key: ON DUPLICATE KEY UPDATE would act on a duplicate in that key too,
// updating (or skipping) a row the target does not name, where PostgreSQL
// and SQLite fail with a unique violation. A key with a column the INSERT
// leaves out cannot conflict, nor can one that holds the whole target.
func TestConflictTargetBesideAnotherKey(t *testing.T) {
	a, tk, st := upsertAccounts, keysTokens, keysSeats
	name := expr.Assign(a.C("note"), expr.Excluded(a.C("note")))
	cases := []struct {
		name    string
		st      *expr.InsertStmt
		refused bool
	}{
		{"pk target, unique column written",
			expr.Insert(a).Columns(a.C("id"), a.C("email"), a.C("note")).Values(3, "a@x", "m").OnConflict(a.C("id")).DoUpdate(name), true},
		{"pk target, all columns implied",
			expr.Insert(a).Values(3, "a@x", 1, "l", 2, 3, "m").OnConflict(a.C("id")).DoNothing(), true},
		{"unique column target, pk written",
			expr.Insert(a).Columns(a.C("id"), a.C("email")).Values(3, "a@x").OnConflict(a.C("email")).DoNothing(), true},
		{"constraint target, unique index written",
			expr.Insert(a).Columns(a.C("org"), a.C("login"), a.C("team"), a.C("seat")).Values(1, "l", 2, 3).
				OnConflict(a.C("org"), a.C("login")).DoNothing(), true},
		{"unique index target, constraint written",
			expr.Insert(a).Columns(a.C("org"), a.C("login"), a.C("team"), a.C("seat")).Values(1, "l", 2, 3).
				OnConflict(a.C("seat"), a.C("team")).DoUpdate(name), true},
		{"select with all columns implied",
			expr.Insert(a).Select(expr.Select(a.C("id").Add(10), a.C("email"), a.C("org"), a.C("login"), a.C("team"), a.C("seat"), a.C("note"))).
				OnConflict(a.C("id")).DoNothing(), true},
		{"unique column filled by its default",
			expr.Insert(tk).Columns(tk.C("id"), tk.C("note")).Values(1, "n").OnConflict(tk.C("id")).DoNothing(), true},

		{"auto id left out",
			expr.Insert(a).Columns(a.C("email"), a.C("note")).Values("a@x", "m").OnConflict(a.C("email")).DoUpdate(name), false},
		{"pk target, no other key complete",
			expr.Insert(a).Columns(a.C("id"), a.C("org"), a.C("team"), a.C("note")).Values(3, 1, 2, "m").OnConflict(a.C("id")).DoUpdate(name), false},
		{"default not used by INSERT ... SELECT",
			expr.Insert(tk).Columns(tk.C("id"), tk.C("note")).Select(expr.Select(tk.C("id").Add(10), tk.C("note"))).OnConflict(tk.C("id")).DoNothing(), false},
		{"default of the target itself",
			expr.Insert(tk).Columns(tk.C("note")).Values("n").OnConflict(tk.C("token")).DoNothing(), false},
		{"other key holds the target",
			expr.Insert(st).Columns(st.C("email"), st.C("org")).Values("a@x", 1).OnConflict(st.C("email")).DoNothing(), false},
		{"no target",
			expr.Insert(a).Values(3, "a@x", 1, "l", 2, 3, "m").DoNothing(), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// A fresh compiler and a cached one that has seen the other
			// cases: the refusal must not depend on the cache.
			for _, c := range []*compile.Compiler{compile.New(upsertMySQL), compile.New(upsertMySQL, compile.CacheSize(0))} {
				q, _, err := c.Compile(tc.st, nil)
				var ue *compile.UnsupportedError
				switch {
				case tc.refused && (!errors.As(err, &ue) || !strings.Contains(ue.Feature, "another unique key") || q != ""):
					t.Fatalf("got %q, %v; want an *UnsupportedError about another unique key", q, err)
				case !tc.refused && err != nil:
					t.Fatalf("got %v; want the statement compiled", err)
				}
			}
			// Where the target can be named, the statement is fine.
			if _, _, err := compile.New(upsertSQLite).Compile(tc.st, nil); err != nil {
				t.Fatalf("ON CONFLICT dialect: %v", err)
			}
		})
	}
}

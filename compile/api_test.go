package compile_test

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestConditionMethods checks And, Or and Not on conditions, the one
// comparison type, and IS TRUE / IS DISTINCT FROM.
func TestConditionMethods(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	mysql := compile.New(ansi{f: compile.NullSafeEqual})
	a, b, name := users.C("id"), users.C("age"), users.C("name")
	var unset *int64
	for _, tc := range []struct {
		c    *compile.Compiler
		e    expr.Expr
		want string
	}{
		{c, a.Eq(1).Or(b.Eq(2)), `"users"."id" = $1 OR "users"."age" = $2`},
		{c, a.Eq(1).And(b.Gt(2).Or(b.Lt(0))), `"users"."id" = $1 AND ("users"."age" > $2 OR "users"."age" < $3)`},
		{c, a.Eq(1).Not(), `NOT ("users"."id" = $1)`},
		{c, name.Contains("x").Or(name.IsNull()).Not(), `NOT ("users"."name" LIKE $1 ESCAPE '!' OR "users"."name" IS NULL)`},
		{c, b.In(1, 2).And(b.Between(0, 9)), `"users"."age" IN ($1, $2) AND "users"."age" BETWEEN $3 AND $4`},
		{c, a.Eq(unset), `"users"."id" IS NULL`},
		{c, a.Ne(unset), `"users"."id" IS NOT NULL`},
		{c, a.Eq(nil), `"users"."id" IS NULL`},
		{c, b.Gt(1).IsTrue(), `("users"."age" > $1) IS TRUE`},
		{c, name.IsFalse(), `"users"."name" IS FALSE`},
		{c, name.IsDistinctFrom("x"), `"users"."name" IS DISTINCT FROM $1`},
		{c, name.IsNotDistinctFrom(nil), `"users"."name" IS NULL`},
		{mysql, name.IsDistinctFrom("x"), `NOT ("users"."name" <=> ?)`},
		{mysql, name.IsNotDistinctFrom("x"), `"users"."name" <=> ?`},
	} {
		got, _, err := tc.c.Compile(expr.Select(a).Where(tc.e), nil)
		want := `SELECT "users"."id" FROM "users" WHERE ` + tc.want
		if err != nil || got != want {
			t.Errorf("got %s (%v)\nwant %s", got, err, want)
		}
	}
	// Every comparison is a *Comparison, and every expression has As.
	var _ []*expr.Comparison = []*expr.Comparison{a.Eq(1), a.Ne(1), a.Lt(1), a.Le(1), a.Gt(1), a.Ge(1)}
	for _, e := range []interface{ As(string) *expr.Label }{
		a.Eq(1), a.Eq(1).Or(b.Eq(1)), b.In(1), b.Between(1, 2), name.Like("x"), expr.Exists(expr.Select(a)),
		expr.Select(a), expr.Union(expr.Select(a), expr.Select(b)), expr.Text("1"), expr.Sum(b), a.As("x"),
	} {
		if l := e.As("v"); l.Name != "v" {
			t.Errorf("%T.As: %+v", e, l)
		}
	}
}

// TestTextBindPerRequest binds one package-level Text from many goroutines
// at once: each compile must see its own value (Bind returns a copy).
func TestTextBindPerRequest(t *testing.T) {
	shared := expr.Text("SELECT id FROM users WHERE name = :name")
	c := compile.New(ansi{dollar: true})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				want := fmt.Sprint("user-", g, "-", i)
				_, args, err := c.Compile(shared.Bind("name", want), nil)
				if err != nil || len(args) != 1 || args[0] != want {
					errs <- fmt.Errorf("bound %q, compiled with %v (%v)", want, args, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, ok := shared.BoundValue("name"); ok {
		t.Error("Bind changed the shared clause")
	}
	if _, _, err := c.Compile(shared, nil); !errors.Is(err, compile.ErrMissingParam) {
		t.Errorf("the unbound shared clause: got %v; want ErrMissingParam", err)
	}
}

// TestDefaultFuncCalledOncePerRow compiles an INSERT whose column default
// is a func: it runs once per row and compile, on the compile that first
// renders the SQL too.
func TestDefaultFuncCalledOncePerRow(t *testing.T) {
	calls := 0
	tbl := expr.NewMetaData().MustTable("tickets",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("code", expr.String, expr.Default(func() any { calls++; return fmt.Sprint("c", calls) })),
	)
	for _, cache := range []int{2048, 0} {
		c := compile.New(ansi{dollar: true}, compile.CacheSize(cache))
		for round := range 3 {
			calls = 0
			q := expr.Insert(tbl).Columns(tbl.C("id")).Values(1).Values(2)
			_, args, err := c.Compile(q, nil)
			if err != nil {
				t.Fatal(err)
			}
			if calls != 2 || fmt.Sprint(args) != "[1 c1 2 c2]" {
				t.Errorf("cache %d, compile %d: %d calls, args %v; want 2 calls, [1 c1 2 c2]", cache, round, calls, args)
			}
		}
	}
}

// TestNegativeLimit: SQLite reads LIMIT -1 as no limit, so Limit(n) with
// a negative n must not reach the server.
func TestNegativeLimit(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	for _, q := range []expr.Statement{
		expr.Select(users.C("id")).Limit(-1),
		expr.Select(users.C("id")).Limit(5).Offset(-5),
		expr.Union(expr.Select(users.C("id")), expr.Select(users.C("age"))).Limit(-1),
	} {
		if _, _, err := c.Compile(q, nil); !errors.Is(err, compile.ErrNegativeLimit) || !errors.Is(err, compile.ErrInvalid) {
			t.Errorf("got %v; want ErrNegativeLimit", err)
		}
	}
	// The same shape with a valid value is cached: the check runs on
	// every compile, hit or miss.
	if _, _, err := c.Compile(expr.Select(users.C("id")).Limit(3), nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Compile(expr.Select(users.C("id")).Limit(-3), nil); !errors.Is(err, compile.ErrNegativeLimit) {
		t.Errorf("cache hit: got %v; want ErrNegativeLimit", err)
	}
}

// TestParamInsideText checks that a Text's unbound parameter still takes
// its value from the compile's named arguments after the change to Bind.
func TestParamInsideText(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	q := expr.Text("SELECT :a, :b").Bind("a", 1)
	_, args, err := c.Compile(q, nil, sql.Named("b", 2))
	if err != nil || fmt.Sprint(args) != "[1 2]" {
		t.Fatalf("got %v (%v); want [1 2]", args, err)
	}
}

// TestConditionPrecedence: conditions that render an OR keep their
// parentheses when ANDed with others, also through a label or an AND/OR
// of one item (which render as their item); a labelled operand keeps its
// own. Without them, a tenant filter ANDed last binds to the OR's right
// side only.
func TestConditionPrecedence(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	id, age, status := users.C("id"), users.C("age"), users.C("status")
	filters := []expr.Expr{id.Eq(1).Or(age.Eq(2))}
	for _, tc := range []struct {
		where []expr.Expr
		want  string
	}{
		{[]expr.Expr{expr.And(filters...), status.Eq("x")}, `("users"."id" = $1 OR "users"."age" = $2) AND "users"."status" = $3`},
		{[]expr.Expr{expr.Or(filters...), status.Eq("x")}, `("users"."id" = $1 OR "users"."age" = $2) AND "users"."status" = $3`},
		{[]expr.Expr{id.Eq(1).Or(age.Eq(2)).As("c"), status.Eq("x")}, `("users"."id" = $1 OR "users"."age" = $2) AND "users"."status" = $3`},
		{[]expr.Expr{age.Sub(id.Add(1).As("t")).Gt(0)}, `("users"."age" - ("users"."id" + $1)) > $2`},
		{[]expr.Expr{expr.And(id.Eq(1), age.Eq(2)), status.Eq("x")}, `"users"."id" = $1 AND "users"."age" = $2 AND "users"."status" = $3`},
	} {
		got, _, err := c.Compile(expr.Select(id).Where(tc.where...), nil)
		if want := `SELECT "users"."id" FROM "users" WHERE ` + tc.want; err != nil || got != want {
			t.Errorf("got  %s (%v)\nwant %s", got, err, want)
		}
	}
}

// TestCopiesOfExpressions: a compound select copied by assignment and a
// call given a FILTER are values of their own.
func TestCopiesOfExpressions(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.ParenSetOperands | compile.AggregateFilter})
	base := expr.Union(expr.Select(users.C("id")), expr.Select(users.C("age")))
	q := *base
	q.Limit(3)
	got, _, err := c.Compile(expr.Select(q.As("n")), nil)
	if err != nil || !strings.Contains(got, "LIMIT") {
		t.Errorf("a copy's own LIMIT is lost: %s (%v)", got, err)
	}
	count := expr.CountAll()
	a, b := count.Filter(users.C("age").Gt(1)), count.Filter(users.C("age").Lt(1))
	qa, _, _ := c.Compile(expr.Select(a).From(users), nil)
	qb, _, _ := c.Compile(expr.Select(b).From(users), nil)
	qc, _, _ := c.Compile(expr.Select(count).From(users), nil)
	if qa == qb || strings.Contains(qc, "FILTER") {
		t.Errorf("Filter changed its receiver:\n%s\n%s\n%s", qa, qb, qc)
	}
}

// TestInSliceCopied: the caller may reuse its slice once the statement is
// built, on every dialect (PostgreSQL binds it whole as an array).
func TestInSliceCopied(t *testing.T) {
	for _, d := range []ansi{{dollar: true, f: compile.ArrayBind}, {}} {
		ids := []int64{1, 2}
		q := expr.Select(users.C("id")).Where(users.C("id").In(ids))
		ids[0] = 99
		_, args, err := compile.New(d).Compile(q, nil)
		if err != nil || strings.Contains(fmt.Sprint(args), "99") {
			t.Errorf("features %v: args %v (%v); want the values when built", d.f, args, err)
		}
	}
}

// TestEqNullForms: expr.Null and nil slices mean IS NULL too.
func TestEqNullForms(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	var none []byte
	for _, e := range []expr.Expr{users.C("name").Eq(expr.Null), users.C("name").Eq(none)} {
		got, args, err := c.Compile(expr.Select(users.C("id")).Where(e), nil)
		if err != nil || !strings.HasSuffix(got, `"users"."name" IS NULL`) || len(args) != 0 {
			t.Errorf("got %s %v (%v); want IS NULL", got, args, err)
		}
	}
}

// TestDoNothingWithWhere: DoUpdateWhere restricts an update; with
// DoNothing there is none, and the WHERE was silently dropped.
func TestDoNothingWithWhere(t *testing.T) {
	q := expr.Insert(users).Columns(users.C("id")).Values(1).
		OnConflict(users.C("id")).DoNothing().DoUpdateWhere(users.C("age").Gt(1))
	for _, f := range []compile.Feature{compile.OnConflict, compile.OnDuplicateKey} {
		if _, _, err := compile.New(ansi{f: f}).Compile(q, nil); !errors.Is(err, compile.ErrInvalid) {
			t.Errorf("features %v: got %v; want ErrInvalid", f, err)
		}
	}
}

// TestValueBesideInsertColumn: an expr.Value inserted or assigned takes
// the column's type, as a raw value does: a cast from its Go type could
// contradict the column (a string into a date column).
func TestValueBesideInsertColumn(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.CastBinds})
	for _, st := range []expr.Statement{
		expr.Insert(users).Columns(users.C("created_at")).Values(expr.Value("2026-12-03")),
		expr.Update(users).Set(users.C("created_at"), expr.Value("2026-12-03")).Where(users.C("id").Eq(1)),
	} {
		got, _, err := c.Compile(st, nil)
		if err != nil || strings.Contains(got, "CAST") {
			t.Errorf("got %s (%v); want the value bound without a cast", got, err)
		}
	}
}

// TestCyclicTrees: a hand-built tree that contains itself is a typed
// error, not a hang or a stack overflow, on every compile path.
func TestCyclicTrees(t *testing.T) {
	id := users.C("id")
	selfLabel := &expr.Label{Name: "x"}
	selfLabel.X = selfLabel
	selfSum := &expr.Binary{Op: expr.OpAdd, Right: 1}
	selfSum.Left, selfSum.Right = selfSum, selfSum
	selfAnd := &expr.Logical{Op: expr.OpAnd}
	selfAnd.Items = []expr.Expr{selfAnd}
	selfJoin := &expr.JoinExpr{Kind: expr.InnerJoin, Right: users, On: id.Eq(1)}
	selfJoin.Left = selfJoin
	for i, st := range []expr.Statement{
		expr.Select(id).Where(id.Gt(1), selfLabel),
		expr.Select(id).Where(&expr.Unary{Op: expr.OpIsNull, X: selfLabel}),
		expr.Select(id).Where(&expr.Comparison{Op: expr.OpEq, Left: selfLabel, Right: 1}),
		expr.Select(selfSum),
		expr.Select(id).Where(selfAnd, id.Gt(1)),
		expr.Select(id).From(selfJoin),
	} {
		for _, c := range []*compile.Compiler{
			compile.New(ansi{dollar: true, f: compile.CastBinds}),
			compile.New(ansi{dollar: true}, compile.CacheSize(0)),
		} {
			if _, _, err := c.Compile(st, nil); !errors.Is(err, compile.ErrLimit) && !errors.Is(err, compile.ErrInvalid) {
				t.Errorf("statement %d: got %v; want a typed error", i, err)
			}
			if _, err := c.Prepare(st); err == nil {
				t.Errorf("statement %d: Prepare succeeded", i)
			}
		}
	}
}

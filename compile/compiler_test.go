package compile_test

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// ansi is a minimal dialect for the compiler's own tests: $n or ?
// placeholders, double-quoted identifiers, and a chosen feature set.
type ansi struct {
	dollar bool
	f      compile.Feature
}

func (d ansi) Name() string              { return "ansi" }
func (d ansi) Features() compile.Feature { return d.f }
func (d ansi) MaxParams() int            { return 100 }
func (d ansi) AppendPlaceholder(b []byte, n int) []byte {
	if d.dollar {
		return strconv.AppendInt(append(b, '$'), int64(n), 10)
	}
	return append(b, '?')
}
func (d ansi) AppendIdent(b []byte, name string) ([]byte, error) {
	if err := compile.CheckIdent("ansi", name, compile.IdentRules{MaxBytes: 63}); err != nil {
		return b, err
	}
	return compile.AppendQuoted(b, name, '"'), nil
}
func (d ansi) AppendType(b []byte, t expr.Type, _ compile.TypeUse) ([]byte, error) {
	return append(b, t.Kind.String()...), nil
}

var (
	meta  = expr.NewMetaData()
	users = meta.MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("name", expr.String),
		expr.Col("email", expr.String),
		expr.Col("age", expr.Integer),
		expr.Col("status", expr.String),
		expr.Col("created_at", expr.Timestamp),
	)
)

func queryA(age int, status, pattern string) *expr.SelectStmt {
	return expr.Select(users.C("id"), users.C("name"), users.C("email")).
		Where(users.C("age").Gt(age), users.C("status").Eq(status), users.C("name").Like(pattern)).
		OrderBy(users.C("created_at").Desc()).
		Limit(10)
}

func TestCompileCachesByShape(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	q1, args1, err := c.Compile(queryA(18, "active", "%a%"), nil)
	if err != nil {
		t.Fatal(err)
	}
	q2, args2, err := c.Compile(queryA(40, "banned", "%b%"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `SELECT "users"."id", "users"."name", "users"."email" FROM "users" WHERE "users"."age" > $1 AND "users"."status" = $2 AND "users"."name" LIKE $3 ORDER BY "users"."created_at" DESC LIMIT $4`
	if q1 != want || q2 != want {
		t.Fatalf("got\n%s\n%s\nwant\n%s", q1, q2, want)
	}
	if fmt.Sprint(args1) != "[18 active %a% 10]" || fmt.Sprint(args2) != "[40 banned %b% 10]" {
		t.Fatalf("args %v, %v", args1, args2)
	}
	if hits, misses, size := c.CacheStats(); hits != 1 || misses != 1 || size != 1 {
		t.Fatalf("cache stats = %d hits, %d misses, %d entries; want 1, 1, 1", hits, misses, size)
	}
}

// TestShapeSeparatesStatements compiles pairs of statements that differ in
// what the SQL says but not in their node kinds: the cache must never hand
// one the other's SQL.
func TestShapeSeparatesStatements(t *testing.T) {
	u, v := users.Alias("u"), users.Alias("v")
	pairs := [][2]expr.Statement{
		{expr.Select(u.C("id")), expr.Select(v.C("id"))},
		{expr.Select(users.C("id").As("a")), expr.Select(users.C("id").As("b"))},
		{expr.Text("SELECT 1"), expr.Text("SELECT 2")},
		{expr.Select(users.C("id")).Where(users.C("id").In(1, 2)), expr.Select(users.C("id")).Where(users.C("id").In(1, 2, 3))},
		{expr.Select(users.C("id")).Limit(1), expr.Select(users.C("id")).Offset(1)},
		{expr.Select(users.C("id")).Where(users.C("age").Gt(1)), expr.Select(users.C("id")).Where(users.C("age").Lt(1))},
		{expr.Select(users.C("id")).Where(users.C("age").Eq(1)), expr.Select(users.C("id")).Where(users.C("name").Eq(1))},
		{expr.Select(expr.Func("lower", users.C("name"))), expr.Select(expr.Func("upper", users.C("name")))},
		{expr.Select(users.C("id")).Distinct(), expr.Select(users.C("id"))},
		{expr.Select(users.C("id")).Where(users.C("name").Like("x")), expr.Select(users.C("id")).Where(users.C("name").NotLike("x"))},
		{expr.Insert(users).Columns(users.C("id")).Values(1), expr.Insert(users).Columns(users.C("age")).Values(1)},
		{expr.Select(users.C("id")).OrderBy(users.C("id").Asc().NullsFirst()), expr.Select(users.C("id")).OrderBy(users.C("id").Asc().NullsLast())},
	}
	c := compile.New(ansi{f: compile.NullsOrdering})
	params := []sql.NamedArg{sql.Named("a", 1), sql.Named("b", 2)}
	for i, p := range pairs {
		a1, _, err1 := c.Compile(p[0], nil, params...)
		b1, _, err2 := c.Compile(p[1], nil, params...)
		a2, _, _ := c.Compile(p[0], nil, params...)
		if err1 != nil || err2 != nil {
			t.Fatalf("pair %d: %v, %v", i, err1, err2)
		}
		if a1 == b1 {
			t.Errorf("pair %d compiled to the same SQL: %s", i, a1)
		}
		if a1 != a2 {
			t.Errorf("pair %d: cached SQL %s differs from first %s", i, a2, a1)
		}
	}
}

func TestNamedParams(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	q := expr.Select(users.C("id")).Where(users.C("age").Gt(expr.Param("min")), users.C("status").Eq(expr.Param("status")))
	for _, min := range []int{1, 2} {
		_, args, err := c.Compile(q, nil, sql.Named("status", "ok"), sql.Named("min", min))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(args) != fmt.Sprintf("[%d ok]", min) {
			t.Errorf("args = %v", args)
		}
	}
	var me *compile.MissingParamError
	if _, _, err := c.Compile(q, nil, sql.Named("min", 1)); !errors.As(err, &me) || me.Name != "status" {
		t.Errorf("missing status: got %v", err)
	}
}

func TestAppendSQLMatchesCompile(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	buf := []byte("-- prefix\n")
	out, args, err := c.AppendSQL(buf, nil, queryA(1, "s", "p"))
	if err != nil {
		t.Fatal(err)
	}
	text, args2, _ := c.Compile(queryA(1, "s", "p"), nil)
	if string(out) != "-- prefix\n"+text || fmt.Sprint(args) != fmt.Sprint(args2) {
		t.Fatalf("AppendSQL = %q %v; Compile = %q %v", out, args, text, args2)
	}
}

func TestArgsAppendToCallerSlice(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	args := []any{"already"}
	_, args, err := c.Compile(queryA(1, "s", "p"), args)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(args) != "[already 1 s p 10]" {
		t.Fatalf("args = %v", args)
	}
}

func TestParameterLimit(t *testing.T) {
	c := compile.New(ansi{})
	ins := expr.Insert(users).Columns(users.C("id"), users.C("name"))
	for i := 0; i < 51; i++ {
		ins.Values(i, "x")
	}
	if _, _, err := c.Compile(ins, nil); !errors.Is(err, compile.ErrLimit) {
		t.Fatalf("102 parameters on a dialect allowing 100: got %v; want ErrLimit", err)
	}
}

func TestUnsupportedIsTyped(t *testing.T) {
	c := compile.New(ansi{})
	_, _, err := c.Compile(expr.Select(users.C("id")).DistinctOn(users.C("name")), nil)
	var ue *compile.UnsupportedError
	if !errors.Is(err, compile.ErrUnsupported) || !errors.As(err, &ue) || ue.Feature != "DISTINCT ON" {
		t.Fatalf("got %v; want *UnsupportedError for DISTINCT ON", err)
	}
}

func TestCacheSizeStartsOver(t *testing.T) {
	c := compile.New(ansi{}, compile.CacheSize(2))
	for i := 0; i < 5; i++ {
		q := expr.Select(users.C("id")).Where(users.C("id").In(make([]any, i+1)...))
		if _, _, err := c.Compile(q, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, size := c.CacheStats(); size > 2 {
		t.Fatalf("cache holds %d entries; limit is 2", size)
	}
}

func TestConcurrentCompile(t *testing.T) {
	c := compile.New(ansi{dollar: true}, compile.CacheSize(8))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				n := (g + i) % 12
				q := expr.Select(users.C("id")).Where(users.C("id").In(make([]any, n+1)...), users.C("age").Gt(i))
				text, args, err := c.Compile(q, nil)
				want, wantArgs, err2 := c.AppendSQL(nil, nil, q)
				if err != nil || err2 != nil || text != string(want) || len(args) != len(wantArgs) {
					t.Errorf("goroutine %d: %q %v %v; want %q %v", g, text, err, args, want, err2)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

// TestConcurrentCompileSharedStatement compiles one statement, built once
// with named parameters, on several goroutines at once, as a package-level
// prepared query is used: compiling only reads the tree (run with -race).
func TestConcurrentCompileSharedStatement(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	q := expr.Select(users.C("id"), expr.Count(users.C("age")).As("n")).
		Where(users.C("age").Gt(expr.Param("min")), users.C("id").In(1, 2, 3)).
		GroupBy(users.C("id")).
		Limit(5)
	want, _, err := c.AppendSQL(nil, nil, q, sql.Named("min", 0))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				lo := g*1000 + i
				text, args, err := c.Compile(q, nil, sql.Named("min", lo))
				if err != nil || text != string(want) || len(args) != 5 || args[0] != lo {
					t.Errorf("goroutine %d: %q %v %v; want %q with %d first", g, text, args, err, want, lo)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestTypedNilNodeIsAnError(t *testing.T) {
	c := compile.New(ansi{})
	var b *expr.Binary
	_, _, err := c.Compile(expr.Select(users.C("id")).Where(b), nil)
	if !errors.Is(err, compile.ErrInvalid) {
		t.Fatalf("got %v; want ErrInvalid", err)
	}
	// The compiler still works afterwards.
	if _, _, err := c.Compile(queryA(1, "a", "b"), nil); err != nil {
		t.Fatal(err)
	}
}

// TestAppendSQLPanicReleasesBuffer checks that AppendSQL, when the walk
// panics on a malformed statement, does not leave the caller's buffer in
// the pooled state for later compiles to write into.
func TestAppendSQLPanicReleasesBuffer(t *testing.T) {
	c := compile.New(ansi{})
	var b *expr.Binary
	mine := make([]byte, 0, 512)
	if _, _, err := c.AppendSQL(mine, nil, expr.Select(users.C("id")).Where(b)); !errors.Is(err, compile.ErrInvalid) {
		t.Fatalf("got %v; want ErrInvalid", err)
	}
	before := string(mine[:cap(mine)])
	for i := range 20 {
		q := expr.Select(users.C("id")).Where(users.C("id").In(make([]any, i+1)...))
		if _, _, err := c.Compile(q, nil); err != nil {
			t.Fatal(err)
		}
	}
	if string(mine[:cap(mine)]) != before {
		t.Fatalf("a later compile wrote into the caller's buffer: %q", mine[:cap(mine)])
	}
}

// cents stores a money amount given as a string like "12.34" as an
// integer number of cents.
type cents struct{}

func (cents) StorageType() expr.Type { return expr.BigInt }
func (cents) BindValue(v any) (driver.Value, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("cents: want a string, got %T", v)
	}
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	return n, err
}
func (cents) ResultValue(src any) (any, error) {
	n := src.(int64)
	return fmt.Sprintf("%d.%02d", n/100, n%100), nil
}

func TestUserTypeConvertsBoundValues(t *testing.T) {
	prices := expr.NewMetaData().MustTable("prices",
		expr.Col("id", expr.Integer, expr.PK),
		expr.Col("amount", expr.Decorate(cents{})),
		expr.Col("added", expr.Integer, expr.Default(func() any { return 42 })),
	)
	c := compile.New(ansi{dollar: true, f: compile.ArrayBind | compile.InsertArrays})
	amount := prices.C("amount")
	cases := []struct {
		st   expr.Statement
		want string
	}{
		{expr.Select(prices.C("id")).Where(amount.Eq("12.34")), "[1234]"},
		{expr.Select(prices.C("id")).Where(amount.In("1.00", "2.50")), "[100 250]"},
		{expr.Insert(prices).Columns(prices.C("id"), amount).Values(1, "0.99"), "[1 99 42]"},
		{expr.Update(prices).Set(amount, "3.10").Where(prices.C("id").Eq(1)), "[310 1]"},
		// Rows given as arrays convert element by element.
		{expr.Insert(prices).Columns(prices.C("id"), amount, prices.C("added")).
			ValuesArrays([]int{1, 2}, []any{"0.99", "1.50"}, []int{5, 6}), "[[1 2] [99 150] [5 6]]"},
		// Compared through a label (hand-built), the column still converts.
		{expr.Select(prices.C("id")).Where(&expr.Comparison{Op: expr.OpGt, Left: amount.As("a"), Right: "1.50"}), "[150]"},
		{expr.Select(prices.C("id")).Where(&expr.InList{X: amount.As("a"), Values: []any{"1.00", "2.50"}}), "[100 250]"},
		// expr.Value and named parameters beside the column convert too,
		// in Compile and in a prepared statement.
		{expr.Select(prices.C("id")).Where(amount.Eq(expr.Value("12.34"))), "[1234]"},
		{expr.Select(prices.C("id")).Where(amount.Eq(expr.Param("p"))), "[550]"},
		{expr.Insert(prices).Columns(prices.C("id"), amount).Values(1, expr.Param("p")), "[1 550 42]"},
		{expr.Update(prices).Set(amount, expr.Value("3.10")).Where(prices.C("id").Eq(1)), "[310 1]"},
	}
	for _, tc := range cases {
		text, args, err := c.Compile(tc.st, nil, sql.Named("p", "5.50"))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(args) != tc.want {
			t.Errorf("%s: args %v; want %s", text, args, tc.want)
		}
		p, err := c.Prepare(tc.st)
		if err != nil {
			t.Fatal(err)
		}
		if args, err := p.Args(nil, sql.Named("p", "5.50")); err != nil || fmt.Sprint(args) != tc.want {
			t.Errorf("prepared %s: args %v (%v); want %s", text, args, err, tc.want)
		}
	}
	if _, _, err := c.Compile(expr.Select(prices.C("id")).Where(amount.Eq(5)), nil); !errors.Is(err, compile.ErrInvalid) {
		t.Errorf("a value the type rejects: got %v; want ErrInvalid", err)
	}
	text, _, _ := c.Compile(expr.Insert(prices).Columns(prices.C("id"), amount).Values(1, "0.99"), nil)
	if want := `INSERT INTO "prices" ("id", "amount", "added") VALUES ($1, $2, $3)`; text != want {
		t.Errorf("client default column: %s; want %s", text, want)
	}
	if got, _ := (cents{}).ResultValue(int64(1234)); got != "12.34" {
		t.Errorf("ResultValue = %v", got)
	}
}

func TestShapeSeparatesTableStars(t *testing.T) {
	orders := expr.NewMetaData().MustTable("orders", expr.Col("id", expr.Integer))
	c := compile.New(ansi{})
	a, _, _ := c.Compile(expr.Select(users.Star()).From(users), nil)
	b, _, _ := c.Compile(expr.Select(orders.Star()).From(users), nil)
	if a == b {
		t.Fatalf("users.* and orders.* compiled alike: %s", a)
	}
}

// TestInferredFromOfAliases checks that statements whose FROM is inferred
// from aliased or derived tables with the same names, but standing for
// different tables or queries, do not share a cache entry.
func TestInferredFromOfAliases(t *testing.T) {
	others := expr.NewMetaData().MustTable("others", expr.Col("id", expr.BigInt))
	tt := expr.NewMetaData().MustTable("t", expr.Col("x", expr.Integer))
	a1, a2 := tt.Alias("a"), tt.Alias("a")
	pairs := [][2]func() *expr.SelectStmt{
		{
			func() *expr.SelectStmt { return expr.Select(expr.Select(users.C("id")).Subquery("t").C("id")) },
			func() *expr.SelectStmt {
				return expr.Select(expr.Select(users.C("name").As("id")).Subquery("t").C("id"))
			},
		},
		{
			func() *expr.SelectStmt { return expr.Select(users.Alias("u").C("id")) },
			func() *expr.SelectStmt { return expr.Select(others.Alias("u").C("id")) },
		},
		{ // stars of aliases: one FROM item or two
			func() *expr.SelectStmt { return expr.Select(a1.Star(), a2.Star()) },
			func() *expr.SelectStmt { return expr.Select(a1.Star(), a1.Star()) },
		},
		{ // which alias comes first decides where the base table goes
			func() *expr.SelectStmt {
				return expr.Select(a1.C("x"), a1.C("x"), users.C("id"), a2.C("x")).Where(users.C("id").Eq(a1.C("x")))
			},
			func() *expr.SelectStmt {
				return expr.Select(a1.C("x"), a2.C("x"), users.C("id"), a1.C("x")).Where(users.C("id").Eq(a1.C("x")))
			},
		},
	}
	for i, p := range pairs {
		c := compile.New(ansi{})
		cached := compile.New(ansi{})
		for round := 0; round < 2; round++ {
			for j, build := range p {
				got, _, err := cached.Compile(build(), nil)
				want, _, err2 := c.AppendSQL(nil, nil, build())
				if err != nil || err2 != nil || got != string(want) {
					t.Errorf("pair %d, statement %d, round %d: cached %q (%v); uncached %q (%v)", i, j, round, got, err, want, err2)
				}
			}
		}
	}
}

// TestStarOfDerivedTable checks that a star of a derived table in an
// inferred FROM records the derived query: a change to that query changes
// the SQL, and its arguments are collected on a cache hit.
func TestStarOfDerivedTable(t *testing.T) {
	inner := expr.Select(users.C("id"))
	sub := inner.Subquery("s")
	cached := compile.New(ansi{})
	uncached := compile.New(ansi{}, compile.CacheSize(0))
	for round, change := range []func(){
		func() {},
		func() { inner.Where(users.C("age").Gt(18)) },
		func() {},
	} {
		change()
		got, args, err := cached.Compile(expr.Select(sub.Star()), nil)
		want, wantArgs, err2 := uncached.Compile(expr.Select(sub.Star()), nil)
		if err != nil || err2 != nil || got != want || len(args) != len(wantArgs) {
			t.Fatalf("round %d: cached %q %v (%v); uncached %q %v (%v)", round, got, args, err, want, wantArgs, err2)
		}
	}
	if hits, _, _ := cached.CacheStats(); hits != 1 {
		t.Errorf("%d cache hits; want 1 (the third compile)", hits)
	}
}

// enumNames is a dialect that spells an enum type by its name, as
// PostgreSQL's native enum types are spelled.
type enumNames struct{ ansi }

func (d enumNames) AppendType(b []byte, t expr.Type, use compile.TypeUse) ([]byte, error) {
	if t.Kind == expr.KindEnum {
		return d.AppendIdent(b, t.EnumName)
	}
	return d.ansi.AppendType(b, t, use)
}

func TestEnumNameInShape(t *testing.T) {
	cached := compile.New(enumNames{})
	for _, name := range []string{"mood", "power"} {
		q := expr.Select(expr.Cast(users.C("status"), expr.Enum(name, "on", "off")))
		got, _, err := cached.Compile(q, nil)
		if err != nil || !strings.Contains(got, `"`+name+`"`) {
			t.Fatalf("enum %s: %q (%v)", name, got, err)
		}
	}
}

// renderer returns a function giving a statement's SQL and arguments as
// one string, compiled without the cache by a dialect with every feature
// the statement tests use.
func renderer(t *testing.T) func(expr.Statement) string {
	c := compile.New(ansi{dollar: true, f: compile.ReturningInsert | compile.ReturningUpdate | compile.ReturningDelete |
		compile.OnConflict | compile.UpdateFrom | compile.DeleteUsing | compile.Locking | compile.CTEInDML}, compile.CacheSize(0))
	return func(st expr.Statement) string {
		text, args, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(text, args)
	}
}

// TestStatementCopiesIndependent changes a statement and a copy of it made
// by assignment, one after the other, from short and long starting
// statements, and checks by their SQL and arguments that neither sees the
// other's changes.
func TestStatementCopiesIndependent(t *testing.T) {
	render := renderer(t)
	id, name, age := users.C("id"), users.C("name"), users.C("age")
	cte := expr.Select(id).CTE("c")
	type kind struct {
		bases   map[string]func() expr.Statement
		changes []func(expr.Statement)
		copyOf  func(expr.Statement) expr.Statement
	}
	kinds := map[string]kind{
		"insert": {
			bases: map[string]func() expr.Statement{
				"one row": func() expr.Statement { return expr.Insert(users).Columns(id, name).Values(1, "a") },
				"long": func() expr.Statement {
					return expr.Insert(users).Columns(id, name).Values(1, "a").Values(2, "b").Values(3, "c").Values(4, "d").Values(5, "e")
				},
				"grown": func() expr.Statement { return expr.Insert(users).Columns(id, name).Grow(10).Values(1, "a") },
				"upserted": func() expr.Statement {
					return expr.Insert(users).Columns(id, name).Values(1, "a").OnConflict(id).DoNothing()
				},
			},
			changes: []func(expr.Statement){
				func(st expr.Statement) { st.(*expr.InsertStmt).Values(9, "z") },
				func(st expr.Statement) {
					st.(*expr.InsertStmt).Values(7, "x").Values(8, "y").Values(9, "z").Values(10, "w")
				},
				func(st expr.Statement) { st.(*expr.InsertStmt).Returning(id) },
				func(st expr.Statement) { st.(*expr.InsertStmt).OnConflict(id).DoUpdate(expr.Assign(name, "u")) },
				func(st expr.Statement) { st.(*expr.InsertStmt).With(cte) },
			},
			copyOf: func(st expr.Statement) expr.Statement { c := *st.(*expr.InsertStmt); return &c },
		},
		"update": {
			bases: map[string]func() expr.Statement{
				"short": func() expr.Statement { return expr.Update(users).Set(name, "a").Where(id.Eq(1)) },
				"long": func() expr.Statement {
					return expr.Update(users).Set(name, "a").Set(age, 1).Set(id, 2).Set(name, "b").Set(age, 3).Where(id.Eq(1), age.Gt(2))
				},
				"extras": func() expr.Statement { return expr.Update(users).Set(name, "a").Where(id.Eq(1)).Returning(id) },
			},
			changes: []func(expr.Statement){
				func(st expr.Statement) { st.(*expr.UpdateStmt).Set(age, 5) },
				func(st expr.Statement) {
					st.(*expr.UpdateStmt).Set(age, 5).Set(age, 6).Set(age, 7).Set(age, 8).Set(age, 9)
				},
				func(st expr.Statement) { st.(*expr.UpdateStmt).Where(age.Lt(9)) },
				func(st expr.Statement) { st.(*expr.UpdateStmt).Returning(name) },
				func(st expr.Statement) { st.(*expr.UpdateStmt).From(users.Alias("f")) },
			},
			copyOf: func(st expr.Statement) expr.Statement { c := *st.(*expr.UpdateStmt); return &c },
		},
		"delete": {
			bases: map[string]func() expr.Statement{
				"short": func() expr.Statement { return expr.Delete(users).Where(id.Eq(1)) },
				"long":  func() expr.Statement { return expr.Delete(users).Where(id.Eq(1), age.Gt(2)).Using(users.Alias("u")) },
			},
			changes: []func(expr.Statement){
				func(st expr.Statement) { st.(*expr.DeleteStmt).Where(age.Lt(9)) },
				func(st expr.Statement) { st.(*expr.DeleteStmt).Using(users.Alias("v")) },
				func(st expr.Statement) { st.(*expr.DeleteStmt).Returning(name) },
				func(st expr.Statement) { st.(*expr.DeleteStmt).With(cte) },
			},
			copyOf: func(st expr.Statement) expr.Statement { c := *st.(*expr.DeleteStmt); return &c },
		},
	}
	for kname, k := range kinds {
		for bname, base := range k.bases {
			for i, change := range k.changes {
				for _, copyFirst := range []bool{false, true} {
					q := base()
					cp := k.copyOf(q)
					first, second := q, cp
					if copyFirst {
						first, second = cp, q
					}
					before := render(second)
					change(first)
					if got := render(second); got != before {
						t.Errorf("%s %s, change %d (copy first: %v): the other changed\nbefore %s\nafter  %s", kname, bname, i, copyFirst, before, got)
					}
					after := render(first)
					for _, ch := range k.changes {
						ch(second)
					}
					if got := render(first); got != after {
						t.Errorf("%s %s, change %d (copy first: %v): changing the other changed the first\nbefore %s\nafter  %s", kname, bname, i, copyFirst, after, got)
					}
				}
			}
		}
	}
}

// TestStatementRestoredFromCopy resets a statement to a copy of itself
// taken earlier (*q = saved) and changes it again, as a loop that starts
// each round from a checkpoint does: every round must render as if built
// afresh, and neither the checkpoint nor a copy taken before the reset
// may change.
func TestStatementRestoredFromCopy(t *testing.T) {
	render := renderer(t)
	id, name, age := users.C("id"), users.C("name"), users.C("age")
	// Each kind: a statement with several items in its lists, a change, and
	// copy (c := *q) and restore (*q = c) for its type.
	type kind struct {
		build   func() expr.Statement
		change  func(expr.Statement, int)
		copyOf  func(expr.Statement) expr.Statement
		restore func(dst, src expr.Statement)
	}
	kinds := map[string]kind{
		"select": {
			build: func() expr.Statement {
				return expr.Select(id, name, age).Where(id.Gt(1), age.Gt(2), name.Eq("a")).OrderBy(id, name, age, id)
			},
			change:  func(st expr.Statement, v int) { st.(*expr.SelectStmt).Where(age.Lt(v)) },
			copyOf:  func(st expr.Statement) expr.Statement { c := *st.(*expr.SelectStmt); return &c },
			restore: func(dst, src expr.Statement) { *dst.(*expr.SelectStmt) = *src.(*expr.SelectStmt) },
		},
		"insert": {
			build: func() expr.Statement {
				return expr.Insert(users).Columns(id, name).Values(1, "a").Values(2, "b").Values(3, "c").Values(4, "d").Values(5, "e")
			},
			change:  func(st expr.Statement, v int) { st.(*expr.InsertStmt).Values(v, "v") },
			copyOf:  func(st expr.Statement) expr.Statement { c := *st.(*expr.InsertStmt); return &c },
			restore: func(dst, src expr.Statement) { *dst.(*expr.InsertStmt) = *src.(*expr.InsertStmt) },
		},
		"update": {
			build: func() expr.Statement {
				return expr.Update(users).Set(name, "a").Set(age, 1).Set(id, 2).Set(name, "b").Set(age, 3).Where(id.Eq(1), age.Gt(2))
			},
			change:  func(st expr.Statement, v int) { st.(*expr.UpdateStmt).Where(age.Lt(v)).Set(age, v) },
			copyOf:  func(st expr.Statement) expr.Statement { c := *st.(*expr.UpdateStmt); return &c },
			restore: func(dst, src expr.Statement) { *dst.(*expr.UpdateStmt) = *src.(*expr.UpdateStmt) },
		},
		"delete": {
			build:   func() expr.Statement { return expr.Delete(users).Where(id.Eq(1), age.Gt(2)) },
			change:  func(st expr.Statement, v int) { st.(*expr.DeleteStmt).Where(age.Lt(v)) },
			copyOf:  func(st expr.Statement) expr.Statement { c := *st.(*expr.DeleteStmt); return &c },
			restore: func(dst, src expr.Statement) { *dst.(*expr.DeleteStmt) = *src.(*expr.DeleteStmt) },
		},
	}
	for name, k := range kinds {
		q := k.build()
		checkpoint := k.copyOf(q)
		for _, v := range []int{10, 20, 30} {
			k.change(q, -v) // a change made before the reset, and a copy of it
			mid := k.copyOf(q)
			midSQL := render(mid)
			k.restore(q, checkpoint)
			k.change(q, v)
			fresh := k.build()
			k.change(fresh, v)
			if got, want := render(q), render(fresh); got != want {
				t.Errorf("%s, round %d: %s; want %s", name, v, got, want)
			}
			if got, want := render(checkpoint), render(k.build()); got != want {
				t.Errorf("%s, round %d: the checkpoint changed: %s; want %s", name, v, got, want)
			}
			if got := render(mid); got != midSQL {
				t.Errorf("%s, round %d: the copy taken before the reset changed: %s; want %s", name, v, got, midSQL)
			}
			k.restore(q, checkpoint)
		}
	}
}

// TestTextRefusedWhereDialectsDiffer checks that a Text the dialects
// would read differently, or one using the dialect's own placeholders,
// fails to compile with a typed error instead of reaching the server.
func TestTextRefusedWhereDialectsDiffer(t *testing.T) {
	question, dollar := compile.New(ansi{}), compile.New(ansi{dollar: true})
	q := func(text *expr.TextClause) expr.Statement {
		return expr.Select(users.C("id")).Where(users.C("age").Gt(1), text)
	}
	_, _, err := question.Compile(q(expr.Text(`email = 'it\'s'`)), nil)
	var te *expr.TextError
	if !errors.Is(err, compile.ErrInvalid) || !errors.As(err, &te) {
		t.Errorf("backslash in a string: got %v; want ErrInvalid with a *TextError", err)
	}
	hash := compile.New(ansi{f: compile.HashComment})
	for _, c := range []struct {
		c    *compile.Compiler
		text *expr.TextClause
		fail bool
	}{
		{hash, expr.Text(`data #>> '{a}' = 'x'`), true},    // "#" starts a comment there...
		{dollar, expr.Text(`data #>> '{a}' = 'x'`), false}, // ...and is PostgreSQL's JSON path operator
		{question, expr.Text(`id = ?`), true},
		{dollar, expr.Text(`id = $1`), true},
		{question, expr.Text(`id = $1`), false},    // PostgreSQL's placeholder is no placeholder here...
		{dollar, expr.Text(`data ? 'key'`), false}, // ...and "?" is PostgreSQL's jsonb operator
		{question, expr.Text(`id = :id`).Bind("id", 1), false},
	} {
		_, _, err := c.c.Compile(q(c.text), nil)
		if failed := errors.Is(err, compile.ErrInvalid) && errors.Is(err, expr.ErrText); failed != c.fail {
			t.Errorf("%s: got %v; want failure (ErrInvalid, with a *TextError) %v", c.text.SQL(), err, c.fail)
		}
	}
}

// TestTextInContext checks that a Text used as a condition is
// parenthesized, so that an OR in it does not swallow the conditions
// around it, and that SQL after a Text ending in a "--" comment starts on
// a new line instead of inside the comment.
func TestTextInContext(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	text, _, err := c.Compile(expr.Select(users.C("id")).Where(expr.Text(`status = 'draft' OR status = 'review'`), users.C("age").Eq(1)), nil)
	if want := `SELECT "users"."id" FROM "users" WHERE (status = 'draft' OR status = 'review') AND "users"."age" = $1`; err != nil || text != want {
		t.Errorf("got %s (%v); want %s", text, err, want)
	}
	// In lists a Text stands as written: "x AS n", "x DESC" are no expressions.
	text, _, err = c.Compile(expr.Select(expr.Text(`count(*) AS n`)).From(users).GroupBy(expr.Text(`ROLLUP (id)`)).OrderBy(expr.Text(`n DESC NULLS LAST`)), nil)
	if want := `SELECT count(*) AS n FROM "users" GROUP BY ROLLUP (id) ORDER BY n DESC NULLS LAST`; err != nil || text != want {
		t.Errorf("got %s (%v); want %s", text, err, want)
	}
	text, _, err = c.Compile(expr.Select(users.C("id")).Where(expr.Text(`status = 'live' -- live ones only`), users.C("age").Eq(1)), nil)
	if want := "SELECT \"users\".\"id\" FROM \"users\" WHERE (status = 'live' -- live ones only\n) AND \"users\".\"age\" = $1"; err != nil || text != want {
		t.Errorf("got %q (%v); want %q", text, err, want)
	}
}

package compile_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// flushUpdate is the statement an ORM's flush builds: many rows of users
// updated in one statement, each to values of its own.
func flushUpdate(rows ...[]any) *expr.UpdateStmt {
	v := expr.Values("v", users.C("id"), users.C("age"), users.C("name")).Rows(rows...)
	return expr.Update(users).Set(users.C("age"), v.C("age")).Set(users.C("name"), v.C("name")).
		From(v).Where(users.C("id").Eq(v.C("id")))
}

// TestValuesForms compiles one UPDATE ... FROM a VALUES list in each of
// the forms the features choose.
func TestValuesForms(t *testing.T) {
	st := flushUpdate([]any{1, 30, "ann"}, []any{2, nil, "bob"})
	cases := []struct {
		d    ansi
		want string
	}{
		{ansi{dollar: true, f: compile.UpdateFromValues | compile.CastBinds},
			`UPDATE "users" SET "age" = "v"."age", "name" = "v"."name" FROM (VALUES (CAST($1 AS BIGINT), CAST($2 AS INTEGER), CAST($3 AS TEXT)), ($4, $5, $6)) AS "v" ("id", "age", "name") WHERE "users"."id" = "v"."id"`},
		{ansi{f: compile.UpdateFromValues | compile.ValuesNumberedColumns},
			`UPDATE "users" SET "age" = "v"."age", "name" = "v"."name" FROM (SELECT "column1" AS "id", "column2" AS "age", "column3" AS "name" FROM (VALUES (?, ?, ?), (?, ?, ?))) AS "v" WHERE "users"."id" = "v"."id"`},
		{ansi{f: compile.ValuesFrom | compile.UpdateMultiTable | compile.ValuesAsUnion},
			`UPDATE "users", (SELECT ? AS "id", ? AS "age", ? AS "name" UNION ALL SELECT ?, ?, ?) AS "v" SET "users"."age" = "v"."age", "users"."name" = "v"."name" WHERE "users"."id" = "v"."id"`},
	}
	for _, tc := range cases {
		text, args, err := compile.New(tc.d).Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if text != tc.want {
			t.Errorf("features %b:\n got %s\nwant %s", tc.d.f, text, tc.want)
		}
		if fmt.Sprint(args) != "[1 30 ann 2 <nil> bob]" {
			t.Errorf("args = %v", args)
		}
	}
}

// TestValuesCacheByName builds the list anew for every compile, as a
// flush does: a list with the same names, kinds and number of rows is a
// cache hit; one that differs in any of them is SQL of its own.
func TestValuesCacheByName(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.UpdateFromValues | compile.CastBinds})
	first, _, err := c.Compile(flushUpdate([]any{1, 30, "ann"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	again, args, err := c.Compile(flushUpdate([]any{7, 40, "cid"}), nil)
	if err != nil || again != first || fmt.Sprint(args) != "[7 40 cid]" {
		t.Fatalf("rebuilt list: %s %v, %v; want %s", again, args, err, first)
	}
	if hits, misses, _ := c.CacheStats(); hits != 1 || misses != 1 {
		t.Fatalf("rebuilt list: %d hits, %d misses; want 1, 1", hits, misses)
	}
	others := []expr.Statement{
		flushUpdate([]any{1, 30, "ann"}, []any{2, 31, "bob"}), // another number of rows
		expr.Select(expr.Star()).From(expr.Values("w", users.C("id"), users.C("age"), users.C("name")).Row(1, 2, "x")),
		expr.Select(expr.Star()).From(expr.Values("v", users.C("id"), users.C("age"), users.C("email")).Row(1, 2, "x")),
		expr.Select(expr.Star()).From(expr.Values("v", users.C("id"), users.C("name"), users.C("age")).Row(1, "x", 2)),
	}
	texts := []string{first}
	for _, st := range others {
		text, _, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, prev := range texts {
			if text == prev {
				t.Errorf("two different lists compiled to %s", text)
			}
		}
		texts = append(texts, text)
	}
	for i, st := range others { // cache hits now
		if text, _, _ := c.Compile(st, nil); text != texts[i+1] {
			t.Errorf("cached %s; first %s", text, texts[i+1])
		}
	}
}

// TestValuesErrors: a dialect without ValuesFrom refuses a VALUES list;
// one with it refuses a malformed list at compile time.
func TestValuesErrors(t *testing.T) {
	st := flushUpdate([]any{1, 30, "ann"})
	if _, _, err := compile.New(ansi{f: compile.UpdateFrom}).Compile(st, nil); !errors.Is(err, compile.ErrUnsupported) {
		t.Errorf("without ValuesFrom: %v; want ErrUnsupported", err)
	}
	c := compile.New(ansi{f: compile.UpdateFromValues})
	var ie *compile.InvalidError
	if _, _, err := c.Compile(flushUpdate([]any{1, 30, "ann"}, []any{2, 31}), nil); !errors.As(err, &ie) ||
		ie.Reason != `VALUES list "v": row 2 has 2 values for 3 columns` {
		t.Errorf("short row: %v", err)
	}
	if _, _, err := c.Compile(flushUpdate(), nil); !errors.As(err, &ie) || ie.Reason != `VALUES list "v" has no rows` {
		t.Errorf("no rows: %v", err)
	}
	// ansi allows 100 parameters: 34 rows of 3 values are 102.
	rows := make([][]any, 34)
	for i := range rows {
		rows[i] = []any{i, i, "x"}
	}
	var le *compile.LimitError
	if _, _, err := c.Compile(flushUpdate(rows...), nil); !errors.As(err, &le) || le.Limit != 100 || le.Got != 102 {
		t.Errorf("over the parameter limit: %v", err)
	}
	if _, _, err := c.Compile(flushUpdate(rows[:33]...), nil); err != nil {
		t.Errorf("99 parameters: %v", err)
	}
}

// TestValuesUserType converts a list's values by its columns' user types,
// in Compile and in a prepared statement.
func TestValuesUserType(t *testing.T) {
	prices := expr.NewMetaData().MustTable("prices", expr.Col("id", expr.Integer, expr.PK), expr.Col("amount", expr.Decorate(cents{})))
	v := expr.Values("v", prices.C("id"), prices.C("amount")).Row(1, "0.99").Row(2, "12.50")
	st := expr.Update(prices).Set(prices.C("amount"), v.C("amount")).From(v).Where(prices.C("id").Eq(v.C("id")))
	c := compile.New(ansi{f: compile.UpdateFromValues})
	if _, args, err := c.Compile(st, nil); err != nil || fmt.Sprint(args) != "[1 99 2 1250]" {
		t.Fatalf("args %v, %v; want [1 99 2 1250]", args, err)
	}
	p, err := c.Prepare(st)
	if err != nil {
		t.Fatal(err)
	}
	if args, err := p.Args(nil); err != nil || fmt.Sprint(args) != "[1 99 2 1250]" {
		t.Fatalf("prepared args %v, %v", args, err)
	}
	bad := expr.Values("v", prices.C("id"), prices.C("amount")).Row(1, 99)
	if _, _, err := c.Compile(expr.Select(bad.C("id")).From(bad), nil); !errors.Is(err, compile.ErrInvalid) {
		t.Fatalf("a value the user type refuses: %v", err)
	}
}

// TestValuesCopiesChangedConcurrently adds rows to copies of one shared
// list on several goroutines while statements over the list are compiled
// (run with -race): each copy renders as a list built afresh with its rows.
func TestValuesCopiesChangedConcurrently(t *testing.T) {
	render := func(st expr.Statement) string {
		text, args, err := compile.New(ansi{dollar: true, f: compile.ValuesFrom}).Compile(st, nil)
		if err != nil {
			t.Error(err)
		}
		return fmt.Sprint(text, args)
	}
	fresh := func() *expr.ValuesList {
		return expr.Values("v", users.C("id"), users.C("name")).Row(1, "a").Row(2, "b").Row(3, "c")
	}
	base := fresh()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				n := g*1000 + i
				mine := *base
				mine.Row(n, "x").Row(n+1, "y")
				clone := base.Clone().Row(-n, "z")
				render(expr.Select(base.C("id")).From(base))
				got := render(expr.Select(mine.C("id")).From(&mine))
				if want := render(expr.Select(mine.C("id")).From(fresh().Row(n, "x").Row(n+1, "y"))); got != want {
					t.Errorf("copy %d: %s; want %s", n, got, want)
					return
				}
				got = render(expr.Select(clone.C("id")).From(clone))
				if want := render(expr.Select(clone.C("id")).From(fresh().Row(-n, "z"))); got != want {
					t.Errorf("clone %d: %s; want %s", n, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

package compile_test

import (
	"fmt"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// pageOf builds, anew on every call, a query over a derived table: what
// a program (or the Session's joined loading) does per request.
func pageOf(age int, alias string, cols ...*expr.Column) expr.Statement {
	items := make([]expr.Expr, len(cols))
	for i, c := range cols {
		items[i] = c
	}
	sub := expr.Select(items...).From(users).Where(users.C("age").Gt(age)).Subquery(alias)
	return expr.Select(sub.C("id")).From(sub).Where(sub.C("id").Gt(0))
}

// A derived table built anew for each statement is the same shape: the
// second statement is a cache hit with its own arguments, while another
// query, name or column list under the same alias compiles anew.
func TestDerivedTableCacheByShape(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	first, _, err := c.Compile(pageOf(30, "p", users.C("id"), users.C("name")), nil)
	if err != nil {
		t.Fatal(err)
	}
	again, args, err := c.Compile(pageOf(40, "p", users.C("id"), users.C("name")), nil)
	if err != nil || again != first || fmt.Sprint(args) != "[40 0]" {
		t.Fatalf("rebuilt derived table: %s %v, %v; want %s", again, args, err, first)
	}
	if hits, misses, _ := c.CacheStats(); hits != 1 || misses != 1 {
		t.Fatalf("rebuilt derived table: %d hits, %d misses; want 1, 1", hits, misses)
	}
	texts := []string{first}
	for _, st := range []expr.Statement{
		pageOf(30, "q", users.C("id"), users.C("name")),
		pageOf(30, "p", users.C("id"), users.C("email")),
		pageOf(30, "p", users.C("id")),
	} {
		text, _, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, prev := range texts {
			if text == prev {
				t.Errorf("two different derived tables compiled to %s", text)
			}
		}
		texts = append(texts, text)
	}
}

// Where a list is bound as one array, its length is not part of the
// shape: lists of 5 and 7 keys are one statement, each with its array.
func TestArrayInListCacheByShape(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.ArrayBind})
	five, args5, err := c.Compile(expr.Select(users.C("id")).Where(users.C("id").In(1, 2, 3, 4, 5)), nil)
	if err != nil {
		t.Fatal(err)
	}
	seven, args7, err := c.Compile(expr.Select(users.C("id")).Where(users.C("id").In(1, 2, 3, 4, 5, 6, 7)), nil)
	if err != nil || seven != five || len(args5) != 1 || len(args7) != 1 {
		t.Fatalf("lists of 5 and 7: %s %v and %s %v, %v; want one text, one array each", five, args5, seven, args7, err)
	}
	if fmt.Sprint(args7[0]) != "[1 2 3 4 5 6 7]" {
		t.Errorf("array %v; want the 7 keys", args7[0])
	}
	if hits, misses, _ := c.CacheStats(); hits != 1 || misses != 1 {
		t.Errorf("%d hits, %d misses; want 1, 1", hits, misses)
	}
	empty, _, err := c.Compile(expr.Select(users.C("id")).Where(users.C("id").In()), nil)
	if err != nil || empty == five {
		t.Errorf("an empty list compiled to %s, %v; want the constant condition", empty, err)
	}
}

//go:build !race

package compile_test

import (
	"database/sql"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestCompileCacheHitAllocatesNothing is the compiler's allocation promise:
// once a statement's shape is cached, compiling it again into an args slice
// with room allocates nothing.
func TestCompileCacheHitAllocatesNothing(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.ArrayBind})
	stmts := map[string]expr.Statement{
		"select":  queryA(18, "active", "%a%"),
		"in list": expr.Select(users.C("id")).Where(users.C("id").In(1, 2, 3), users.C("name").In([]string{"a"})),
		"insert":  expr.Insert(users).Columns(users.C("id"), users.C("name")).Values(1, "a").Values(2, "b"),
		"update":  expr.Update(users).Set(users.C("name"), "x").Set(users.C("age"), 3).Where(users.C("id").Eq(7)),
		"delete":  expr.Delete(users).Where(users.C("id").Eq(7)),
		"text":    expr.Text("SELECT 1 WHERE :a = :a").Bind("a", 1),
	}
	args := make([]any, 0, 16)
	for name, st := range stmts {
		if _, _, err := c.Compile(st, args); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, _, err := c.Compile(st, args[:0]); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per compile on a cache hit; want 0", name, allocs)
		}
	}
}

// TestPreparedArgsAllocateNothing is the prepared statement's promise:
// an execution only appends the call's values to an args slice with room.
func TestPreparedArgsAllocateNothing(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	p, err := c.Prepare(expr.Select(users.C("id")).Where(users.C("age").Gt(expr.Param("age")), users.C("status").Eq("active")))
	if err != nil {
		t.Fatal(err)
	}
	args := make([]any, 0, 4)
	age := sql.Named("age", any(18))
	if allocs := testing.AllocsPerRun(100, func() { _, _ = p.Args(args[:0], age) }); allocs != 0 {
		t.Errorf("Args allocated %v times; want 0", allocs)
	}
}

// TestCompileSensitiveNoAllocs: reporting the sensitive arguments costs
// a cache hit no allocation.
func TestCompileSensitiveNoAllocs(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	ssn := persons.C("ssn")
	st := expr.Select(persons.C("id")).From(persons).Where(ssn.Eq("s"))
	args := make([]any, 0, 4)
	if _, _, _, err := c.CompileSensitive(st, args); err != nil {
		t.Fatal(err)
	}
	n := testing.AllocsPerRun(100, func() {
		_, _, sens, err := c.CompileSensitive(st, args[:0])
		if err != nil || len(sens) != 1 {
			t.Fatal(sens, err)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per cache hit; want 0", n)
	}
}

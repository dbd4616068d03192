package compile_test

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

var (
	fromMeta = expr.NewMetaData()
	people   = fromMeta.MustTable("people",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("name", expr.String),
		expr.Col("age", expr.Integer),
	)
	purchases = fromMeta.MustTable("purchases",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("person_id", expr.BigInt),
		expr.Col("amount", expr.Integer),
	)
	labels = fromMeta.MustTable("labels",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("person_id", expr.BigInt),
		expr.Col("text", expr.String),
	)
)

// fromCompilers compiles with and without the cache: the linter runs only
// when a statement is rendered, so both must refuse alike.
func fromCompilers() []*compile.Compiler {
	d := ansi{dollar: true, f: compile.Lateral | compile.UpdateFrom | compile.DeleteUsing | compile.CTEInDML}
	return []*compile.Compiler{compile.New(d), compile.New(d, compile.CacheSize(0))}
}

// TestFromLintRefuses checks the statements whose SQL names a table it
// does not bring into scope, or crosses tables that nothing joins.
func TestFromLintRefuses(t *testing.T) {
	p, o, l := people, purchases, labels
	cases := []struct {
		name string
		st   expr.Statement
		want error
	}{
		{"two tables, nothing joins them", expr.Select(p.C("name"), o.C("amount")), compile.ErrCartesian},
		{"conditions on one table only", expr.Select(p.C("name"), o.C("amount")).Where(p.C("age").Gt(1), o.C("amount").Lt(5)), compile.ErrCartesian},
		{"three tables, two joined", expr.Select(p.C("name"), o.C("amount"), l.C("text")).Where(o.C("person_id").Eq(p.C("id"))), compile.ErrCartesian},
		{"joined in a select item only", expr.Select(p.C("id").Eq(o.C("person_id")).As("same")), compile.ErrCartesian},
		{"where column not in explicit FROM", expr.Select(p.C("name")).From(p).Where(o.C("amount").Gt(1)), compile.ErrNotInFrom},
		{"where column not in inferred FROM", expr.Select(p.C("name")).Where(o.C("amount").Gt(1)), compile.ErrNotInFrom},
		{"order by column not in FROM", expr.Select(p.C("name")).From(p).OrderBy(o.C("amount")), compile.ErrNotInFrom},
		{"group by column not in FROM", expr.Select(expr.CountAll()).From(p).GroupBy(o.C("person_id")), compile.ErrNotInFrom},
		{"select item not in FROM", expr.Select(p.C("name"), o.C("amount")).From(p), compile.ErrNotInFrom},
		{"star of a table not in FROM", expr.Select(o.Star()).From(p), compile.ErrNotInFrom},
		{"join condition on a third table", expr.Select(p.C("name")).From(p).Join(o, l.C("person_id").Eq(p.C("id"))), compile.ErrNotInFrom},
		{"table named only by its alias", expr.Select(p.C("name")).From(p.Alias("a")), compile.ErrNotInFrom},
		{"alias not in FROM", expr.Select(p.Alias("a").C("name")).From(p), compile.ErrNotInFrom},
		{"derived table sees no sibling", expr.Select(p.C("name")).From(p,
			expr.Select(o.C("amount")).Where(o.C("person_id").Eq(p.C("id"))).Subquery("s")), compile.ErrNotInFrom},
		{"subquery refers to no enclosing table", expr.Select(p.C("name")).Where(p.C("id").In(
			expr.Select(o.C("person_id")).From(o).Where(l.C("text").Eq("x")))), compile.ErrNotInFrom},
		{"cartesian in a subquery", expr.Select(p.C("name")).Where(expr.Exists(expr.Select(o.C("id"), l.C("id")))), compile.ErrCartesian},
		{"update where column not in FROM", expr.Update(p).Set(p.C("age"), 1).Where(o.C("amount").Gt(1)), compile.ErrNotInFrom},
		{"delete where column not in USING", expr.Delete(o).Using(p).Where(l.C("person_id").Eq(o.C("person_id"))), compile.ErrNotInFrom},
	}
	for _, c := range fromCompilers() {
		for _, tc := range cases {
			for range 2 { // the second time, a cached shape must not let it through
				text, _, err := c.Compile(tc.st, nil)
				if !errors.Is(err, tc.want) || !errors.Is(err, compile.ErrInvalid) {
					t.Fatalf("%s: got %q, %v; want %v", tc.name, text, err, tc.want)
				}
				var ie *compile.InvalidError
				if !errors.As(err, &ie) {
					t.Fatalf("%s: %T is not an *InvalidError", tc.name, err)
				}
			}
		}
	}
}

// TestFromLintAccepts checks statements that bring every table they name
// into scope, through their own FROM or an enclosing query's.
func TestFromLintAccepts(t *testing.T) {
	p, o, l := people, purchases, labels
	a := p.Alias("a")
	cases := []struct {
		name string
		st   expr.Statement
	}{
		{"one table", expr.Select(p.C("name")).Where(p.C("age").Gt(1))},
		{"joined in WHERE", expr.Select(p.C("name"), o.C("amount")).Where(o.C("person_id").Eq(p.C("id")))},
		{"joined through a third table", expr.Select(o.C("amount"), l.C("text"), p.C("name")).
			Where(o.C("person_id").Eq(p.C("id")), expr.Or(l.C("person_id").Eq(p.C("id")), l.C("id").Eq(0)))},
		{"joined by an expression", expr.Select(p.C("name"), o.C("amount")).Where(o.C("person_id").Add(1).Between(p.C("id"), p.C("id").Add(2)))},
		{"joined in HAVING", expr.Select(p.C("name"), expr.Max(o.C("amount"))).GroupBy(p.C("name")).Having(expr.Max(o.C("person_id")).Eq(expr.Max(p.C("id"))))},
		{"joined by IN of a tuple", expr.Select(p.C("name"), o.C("amount")).Where(expr.Tuple(p.C("id")).In(expr.Tuple(o.C("person_id"))))},
		{"joined in a correlated EXISTS", expr.Select(p.C("name"), l.C("text")).Where(expr.Exists(
			expr.Select(o.C("id")).Where(o.C("person_id").Eq(p.C("id")), o.C("id").Eq(l.C("id")))))},
		{"a Text condition may join", expr.Select(p.C("name"), o.C("amount")).Where(expr.Text("people.id = purchases.person_id"))},
		{"FROM written out", expr.Select(p.C("name"), o.C("amount")).From(p, o)},
		{"cross join written out", expr.Select(p.C("name"), o.C("amount")).From(p).CrossJoin(o)},
		{"join", expr.Select(p.C("name"), o.C("amount")).From(p).Join(o, o.C("person_id").Eq(p.C("id"))).Where(o.C("amount").Gt(1))},
		{"self-join of aliases", expr.Select(a.C("name"), p.C("name")).From(p).Join(a, a.C("id").Eq(p.C("id")))},
		{"two aliases named alike are one table", expr.Select(p.Alias("a").C("name"), a.C("id"))},
		{"correlated EXISTS", expr.Select(p.C("name")).Where(expr.Exists(expr.Select(o.C("id")).Where(o.C("person_id").Eq(p.C("id")))))},
		{"correlated scalar subquery", expr.Select(p.C("name"), expr.Select(expr.CountAll()).From(o).Where(o.C("person_id").Eq(p.C("id"))).As("n"))},
		{"correlated two levels up", expr.Select(p.C("name")).Where(expr.Exists(expr.Select(o.C("id")).Where(
			o.C("id").In(expr.Select(l.C("id")).Where(l.C("person_id").Eq(p.C("id")))))))},
		{"lateral sees its siblings", expr.Select(p.C("name"), expr.Select(o.C("amount")).Where(o.C("person_id").Eq(p.C("id"))).Lateral("top").C("amount")).
			From(p).CrossJoin(expr.Select(o.C("amount")).Where(o.C("person_id").Eq(p.C("id"))).Lateral("top"))},
		{"derived table", expr.Select(expr.Select(o.C("person_id")).Subquery("s").C("person_id"))},
		{"update from", expr.Update(p).Set(p.C("age"), o.C("amount")).From(o).Where(o.C("person_id").Eq(p.C("id")))},
		{"update with a correlated subquery", expr.Update(p).Set(p.C("age"), expr.Select(expr.Max(o.C("amount"))).Where(o.C("person_id").Eq(p.C("id")))).AllRows()},
		{"delete using", expr.Delete(o).Using(p).Where(o.C("person_id").Eq(p.C("id")), p.C("name").Eq("x"))},
		{"delete with a correlated subquery", expr.Delete(o).Where(expr.NotExists(expr.Select(p.C("id")).Where(p.C("id").Eq(o.C("person_id")))))},
		{"insert from select", expr.Insert(l).Columns(l.C("id"), l.C("text")).Select(expr.Select(p.C("id"), p.C("name")))},
		{"union", expr.Union(expr.Select(p.C("name")), expr.Select(l.C("text")))},
	}
	for _, c := range fromCompilers() {
		for _, tc := range cases {
			if _, _, err := c.Compile(tc.st, nil); err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
	}
}

// TestFromLintCTEsNamedAlike checks that a CTE is declared by the one the
// WITH names, not by another CTE of the same name and query, also when
// the statement that declares the other has been cached: the other is
// attached, and a WITH naming two CTEs alike is refused.
func TestFromLintCTEsNamedAlike(t *testing.T) {
	q := expr.Select(people.C("id"))
	c1, c2 := q.CTE("x"), q.CTE("x")
	for _, c := range fromCompilers() {
		if _, _, err := c.Compile(expr.Select(c2.C("id")).With(c2).From(c2), nil); err != nil {
			t.Fatal(err)
		}
		// c2 is attached next to c1, and one WITH cannot have both.
		if text, _, err := c.Compile(expr.Select(c2.C("id")).With(c1).From(c2), nil); !errors.Is(err, compile.ErrInvalid) {
			t.Fatalf("got %q, %v; want ErrInvalid", text, err)
		}
	}
}

// TestCTEAttached checks that a CTE used in FROM without With compiles as
// it does with With, and that one the compiler does not attach is
// refused.
func TestCTEAttached(t *testing.T) {
	p, o := people, purchases
	big := expr.Select(o.C("person_id"), o.C("amount")).Where(o.C("amount").Gt(100)).CTE("big")
	top := expr.Select(expr.Max(big.C("amount")).As("m")).From(big).CTE("top")
	for _, c := range fromCompilers() {
		for _, pair := range [][2]expr.Statement{
			{expr.Select(big.C("amount")).From(big), expr.Select(big.C("amount")).With(big).From(big)},
			{expr.Select(big.C("amount")), expr.Select(big.C("amount")).With(big)},
			{expr.Select(p.C("name")).From(p).Join(big, big.C("person_id").Eq(p.C("id"))),
				expr.Select(p.C("name")).With(big).From(p).Join(big, big.C("person_id").Eq(p.C("id")))},
			// top, declared, uses big, which is attached before it.
			{expr.Select(top.C("m")).With(top).From(top), expr.Select(top.C("m")).With(big, top).From(top)},
			{expr.Delete(o).Using(big).Where(big.C("person_id").Eq(o.C("person_id"))),
				expr.Delete(o).With(big).Using(big).Where(big.C("person_id").Eq(o.C("person_id")))},
		} {
			got, args, err := c.Compile(pair[0], nil)
			want, wantArgs, err2 := c.Compile(pair[1], nil)
			if err != nil || err2 != nil || got != want || len(args) != len(wantArgs) {
				t.Errorf("attached: %q %v (%v)\nwith With: %q %v (%v)", got, args, err, want, wantArgs, err2)
			}
		}
		other := expr.Select(o.C("id")).CTE("other")
		for name, st := range map[string]expr.Statement{
			"used in a WHERE subquery only": expr.Select(p.C("name")).Where(p.C("id").In(expr.Select(big.C("person_id")).From(big))),
			"union with a WITH of its own":  expr.Union(expr.Select(big.C("amount")).From(big), expr.Select(other.C("id")).From(other)).With(other),
		} {
			if text, _, err := c.Compile(st, nil); !errors.Is(err, compile.ErrUnattachedCTE) {
				t.Errorf("%s: got %q, %v; want ErrUnattachedCTE", name, text, err)
			}
		}
	}
}

// TestFromLintAttachedCTE checks that the query of an attached CTE is
// linted like the query of a declared one.
func TestFromLintAttachedCTE(t *testing.T) {
	cross := expr.Select(people.C("id"), purchases.C("id").As("pid")).CTE("cross")
	for _, c := range fromCompilers() {
		for _, st := range []expr.Statement{
			expr.Select(cross.C("id")).With(cross).From(cross),
			expr.Select(cross.C("id")).From(cross),
		} {
			if text, _, err := c.Compile(st, nil); !errors.Is(err, compile.ErrCartesian) {
				t.Errorf("got %q, %v; want ErrCartesian", text, err)
			}
		}
	}
}

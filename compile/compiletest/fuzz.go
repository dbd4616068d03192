package compiletest

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// picker turns fuzz input into choices.
type picker struct{ b []byte }

func (p *picker) next(n int) int {
	if len(p.b) == 0 || n <= 1 {
		return 0
	}
	v := int(p.b[0]) % n
	p.b = p.b[1:]
	return v
}

// values supplies the fuzzed values to a statement generator.
type values struct {
	s   string
	b   []byte
	i   int64
	all []any
}

func (v *values) pick(p *picker) any {
	var x any
	switch p.next(3) {
	case 0:
		x = v.s
	case 1:
		x = v.b
	default:
		x = v.i
	}
	v.all = append(v.all, x)
	return x
}

// RandomStatement builds a statement from choices in plan, using the given
// values wherever a value is bound. The same plan with values of the same
// types always builds the same statement shape.
func RandomStatement(s *Schema, plan []byte, str string, bs []byte, i int64) (expr.Statement, []any) {
	p := &picker{b: plan}
	v := &values{s: str, b: bs, i: i}
	u := s.Users
	cols := []*expr.Column{u.C("id"), u.C("name"), u.C("email"), u.C("age"), u.C("score")}
	col := func() *expr.Column { return cols[p.next(len(cols))] }
	var cond func(depth int) expr.Expr
	cond = func(depth int) expr.Expr {
		k := p.next(14)
		if depth > 3 {
			k %= 4
		}
		switch k {
		case 0:
			return col().Eq(v.pick(p))
		case 1:
			return col().Gt(v.pick(p))
		case 2:
			return col().Like(v.pick(p))
		case 3:
			return col().Contains(v.s)
		case 4:
			return col().In(v.pick(p), v.pick(p), v.pick(p))
		case 5:
			return expr.And(cond(depth+1), cond(depth+1))
		case 6:
			return expr.Or(cond(depth+1), expr.Not(cond(depth+1)))
		case 7:
			return col().Between(v.pick(p), v.pick(p))
		case 8:
			return expr.Case().When(cond(depth+1), v.pick(p)).Else(v.pick(p)).Eq(v.pick(p))
		case 9:
			return expr.Coalesce(col(), v.pick(p)).Ne(v.pick(p))
		case 10:
			return expr.Tuple(col(), v.pick(p)).In(expr.Tuple(v.pick(p), v.pick(p)))
		case 11:
			return col().ILike(v.pick(p))
		case 12:
			return expr.Exists(expr.Select(col()).Where(cond(depth + 1)))
		default:
			return col().Concat(v.pick(p)).Eq(v.pick(p))
		}
	}
	var st expr.Statement
	switch p.next(6) {
	case 0:
		q := expr.Select(col(), expr.Cast(v.pick(p), expr.String).As("v")).Where(cond(0)).OrderBy(col().Desc()).Limit(int(i & 0xff))
		st = q
	case 1:
		st = expr.Insert(u).Columns(u.C("name"), u.C("email")).Values(v.pick(p), v.pick(p)).Values(v.pick(p), v.pick(p))
	case 2:
		st = expr.Update(u).Set(u.C("name"), v.pick(p)).Set(u.C("email"), v.pick(p)).Where(cond(0))
	case 3:
		st = expr.Delete(u).Where(cond(0))
	case 4:
		st = expr.Text("SELECT name FROM users WHERE email = :e AND name <> :n").Bind("e", v.pick(p)).Bind("n", v.pick(p))
	default:
		// FROM inferred from an alias or a derived table named "t", or
		// a VALUES list "t" in FROM: the same names may stand for
		// different tables, queries and rows.
		var t *expr.Table
		var list *expr.ValuesList
		switch p.next(4) {
		case 0:
			t = u.Alias("t")
		case 1:
			t = s.Orders.Alias("t")
		case 2:
			t = expr.Select(col().As("id")).Where(cond(1)).Subquery("t")
		default:
			list = expr.Values("t", u.C("id"), u.C("name")).Row(v.pick(p), v.pick(p)).Row(v.pick(p), v.pick(p))
			t = list.Table
		}
		q := expr.Select(t.C("id")).Where(t.C("id").Ne(v.pick(p)))
		if list != nil {
			q.From(list)
		}
		st = q
	}
	return st, v.all
}

// FuzzValues is the body of a fuzz target that checks that values never
// reach SQL text: a statement built with fuzzed string, byte and integer
// values compiles to exactly the SQL of the same statement built with
// other values, and every value is among the arguments.
func FuzzValues(f *testing.F, d compile.Dialect) {
	f.Add([]byte{0, 5, 0, 1, 2, 3, 4}, "x' OR '1'='1", []byte("'; DROP TABLE users; --"), int64(7))
	f.Add([]byte{2, 6, 8, 3, 9, 2}, `"; DELETE FROM users; --`, []byte{0, '`', '\\', '\''}, int64(-1))
	f.Add([]byte{1, 1, 2, 0}, "$1 ? :name", []byte("?"), int64(1<<40))
	f.Add([]byte{4, 0, 1}, "%_!\\", []byte("\x00"), int64(0))
	f.Add([]byte{3, 4, 0, 1, 2}, "in", []byte("list"), int64(5)) // an IN list: one array argument on PostgreSQL
	f.Add([]byte{3, 12, 10, 13, 11, 4}, "\u00e9\u2028", []byte{0xff, 0xfe}, int64(3))
	f.Add([]byte{5, 3, 0, 1, 2, 0, 1}, "v'); --", []byte("row"), int64(2)) // a VALUES list
	s := NewSchema()
	c := compile.New(d, compile.CacheSize(0))
	// cached sees every statement of the run: a shape shared by two
	// statements with different SQL would hand one the other's SQL.
	cached := compile.New(d, compile.CacheSize(1<<20))
	f.Fuzz(func(t *testing.T, plan []byte, str string, bs []byte, i int64) {
		st, picked := RandomStatement(s, plan, str, bs, i)
		q, args, err := c.Compile(st, nil)
		cq, cargs, cerr := cached.Compile(st, nil)
		if cq != q || len(cargs) != len(args) || (cerr == nil) != (err == nil) {
			t.Fatalf("cached compile differs:\n%s %v\n%s %v", cq, cerr, q, err)
		}
		ref, _ := RandomStatement(s, plan, "reference", []byte("ref"), 1)
		rq, rargs, rerr := c.Compile(ref, nil)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("errors differ: %v vs %v", err, rerr)
		}
		if err != nil {
			return
		}
		if q != rq {
			t.Fatalf("SQL depends on values:\n%s\n%s", q, rq)
		}
		if len(args) != len(rargs) {
			t.Fatalf("%d args; the reference has %d", len(args), len(rargs))
		}
		for _, want := range picked {
			if !slices.ContainsFunc(args, func(a any) bool { return reflect.DeepEqual(a, want) || containsValue(a, want) }) {
				t.Fatalf("value %#v is not among the arguments %#v", want, args)
			}
		}
	})
}

// ColumnNamesFunc reads the column names of a table back from a database.
type ColumnNamesFunc func(ctx context.Context, db *sql.DB, table string) ([]string, error)

// FuzzIdentifiers is the body of a fuzz target that checks identifier
// quoting on a real database: a column named by the fuzzed string is either
// rejected by the dialect with compile.ErrIdentifier, or created and read
// back with exactly that name.
func FuzzIdentifiers(f *testing.F, d compile.Dialect, db *sql.DB, names ColumnNamesFunc) {
	for _, seed := range []string{"plain", "Mixed Case", `dq"uote`, "bq`tick", "sq'uote", "back\\slash",
		"semi;colon", "-- comment", "/* c */", "\u00e9t\u00e9", "\U0001F600", "trailing ", " leading", "\x00nul",
		"\xff\xfe", "tab\tnew\nline", "ends with newline\n", "63chars_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "$1", "?", ":name", "select"} {
		f.Add(seed)
	}
	ctx := context.Background()
	c := compile.New(d, compile.CacheSize(0))
	f.Fuzz(func(t *testing.T, name string) {
		if strings.EqualFold(name, "k0") {
			return // MySQL compares column names without case: a duplicate, not a quoting question
		}
		m := expr.NewMetaData()
		table := UniqueName("fz_")
		// The key column's name is one no database folds another name into.
		tb, err := m.NewTable(table, expr.Col("k0", expr.Integer), expr.Col(name, expr.Integer))
		if err != nil {
			// "k0" itself, or an empty name: rejected by the definition.
			if !errors.Is(err, expr.ErrDefinition) {
				t.Fatalf("definition error is not typed: %v", err)
			}
			return
		}
		q, _, err := c.Compile(expr.CreateTable(tb), nil)
		if err != nil {
			if !errors.Is(err, compile.ErrIdentifier) {
				t.Fatalf("rejected without ErrIdentifier: %v", err)
			}
			return
		}
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("the database refused an identifier the dialect accepted: %q: %v", name, err)
		}
		defer db.ExecContext(ctx, "DROP TABLE "+string(mustQuote(t, d, table)))
		got, err := names(ctx, db, table)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1] != name {
			t.Fatalf("column %q read back as %q", name, got)
		}
		// Selecting through the quoted name must work too.
		sq, _, err := c.Compile(expr.Select(tb.C(name)).From(tb), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, sq); err != nil {
			t.Fatalf("select %q: %v", name, err)
		}
	})
}

func mustQuote(t *testing.T, d compile.Dialect, name string) []byte {
	b, err := d.AppendIdent(nil, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// containsValue reports whether a (an array argument) holds want.
func containsValue(a, want any) bool {
	list, ok := a.([]any)
	return ok && slices.ContainsFunc(list, func(x any) bool { return reflect.DeepEqual(x, want) })
}

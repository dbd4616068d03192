package expr_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

func names(ts []*expr.Table) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.QualifiedName()
	}
	return out
}

func TestSortedTables(t *testing.T) {
	m := expr.NewMetaData()
	// Defined out of dependency order on purpose.
	m.MustTable("order_items",
		expr.Col("order_id", expr.BigInt, expr.References("orders.id")),
		expr.Col("product_id", expr.BigInt, expr.References("products.id")))
	m.MustTable("orders", expr.Col("id", expr.BigInt, expr.PK), expr.Col("user_id", expr.BigInt, expr.References("users.id")))
	m.MustTable("users", expr.Col("id", expr.BigInt, expr.PK), expr.Col("manager_id", expr.BigInt, expr.References("users.id")))
	m.MustTable("products", expr.Col("id", expr.BigInt, expr.PK))
	got, err := m.SortedTables()
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, n := range names(got) {
		pos[n] = i
	}
	for _, dep := range [][2]string{{"users", "orders"}, {"orders", "order_items"}, {"products", "order_items"}} {
		if pos[dep[0]] > pos[dep[1]] {
			t.Errorf("%s sorted after %s: %v", dep[0], dep[1], names(got))
		}
	}
	if len(got) != 4 {
		t.Errorf("got %d tables; want 4", len(got))
	}
}

func TestSortedTablesCycle(t *testing.T) {
	m := expr.NewMetaData()
	m.MustTable("a", expr.Col("id", expr.Integer, expr.PK), expr.Col("b_id", expr.Integer, expr.References("b.id")))
	m.MustTable("b", expr.Col("id", expr.Integer, expr.PK), expr.Col("a_id", expr.Integer, expr.References("a.id")))
	m.MustTable("c", expr.Col("id", expr.Integer, expr.PK))
	_, err := m.SortedTables()
	var ce *expr.CycleError
	if !errors.Is(err, expr.ErrCycle) || !errors.As(err, &ce) {
		t.Fatalf("got %v; want a *CycleError", err)
	}
	if !slices.Equal(ce.Tables, []string{"a", "b"}) {
		t.Errorf("cycle tables = %v; want [a b]", ce.Tables)
	}
}

func TestUnresolvedForeignKey(t *testing.T) {
	m := expr.NewMetaData()
	m.MustTable("a", expr.Col("id", expr.Integer, expr.References("missing.id")))
	if _, err := m.SortedTables(); !errors.Is(err, expr.ErrUnresolved) {
		t.Fatalf("got %v; want ErrUnresolved", err)
	}
	m2 := expr.NewMetaData()
	m2.MustTable("b", expr.Col("id", expr.Integer, expr.PK))
	m2.MustTable("a", expr.Col("id", expr.Integer, expr.References("b.nope")))
	if err := m2.Resolve(); !errors.Is(err, expr.ErrUnresolved) {
		t.Fatalf("got %v; want ErrUnresolved for an unknown column", err)
	}
}

func TestDefinitionErrors(t *testing.T) {
	m := expr.NewMetaData()
	m.MustTable("dup", expr.Col("id", expr.Integer))
	shared := expr.Col("x", expr.Integer)
	m.MustTable("owner", shared)
	cases := []struct {
		name  string
		table string
		items []expr.TableItem
	}{
		{"empty table name", "", []expr.TableItem{expr.Col("id", expr.Integer)}},
		{"no columns", "t", nil},
		{"duplicate column", "t", []expr.TableItem{expr.Col("id", expr.Integer), expr.Col("id", expr.Integer)}},
		{"empty column name", "t", []expr.TableItem{expr.Col("", expr.Integer)}},
		{"column of another table", "t", []expr.TableItem{shared}},
		{"index on unknown column", "t", []expr.TableItem{expr.Col("id", expr.Integer), expr.IndexOn("ix", "nope")}},
		{"primary key on unknown column", "t", []expr.TableItem{expr.Col("id", expr.Integer), expr.PrimaryKeyOn("nope")}},
		{"foreign key column count", "t", []expr.TableItem{expr.Col("id", expr.Integer), expr.ForeignKeyOn([]string{"id"}, "dup", []string{"id", "x"})}},
		{"nil column", "t", []expr.TableItem{expr.Col("id", expr.Integer), (*expr.Column)(nil)}},
		{"table defined twice", "dup", []expr.TableItem{expr.Col("id", expr.Integer)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.NewTable(tc.table, tc.items...)
			var de *expr.DefinitionError
			if !errors.Is(err, expr.ErrDefinition) || !errors.As(err, &de) {
				t.Fatalf("got %v; want a *DefinitionError", err)
			}
		})
	}
}

func TestMustTablePanicsAndCPanics(t *testing.T) {
	m := expr.NewMetaData()
	users := m.MustTable("users", expr.Col("id", expr.Integer))
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("C of a misspelt column did not panic")
			}
		}()
		users.C("idd")
	}()
	if _, err := users.Lookup("ID"); !errors.Is(err, expr.ErrUnknownColumn) {
		t.Errorf("Lookup is case-sensitive; got %v", err)
	}
}

func TestEqNilIsNull(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer))
	id := users.C("id")
	var unset *int64
	for _, c := range []*expr.Comparison{id.Eq(nil), id.Ne(nil), id.Eq(unset), id.Ne(unset), id.IsDistinctFrom(unset)} {
		if c.Right != nil {
			t.Errorf("%v with a nil value: Right = %#v; want nil (IS NULL)", c.Op, c.Right)
		}
	}
	five := int64(5)
	if c := id.Eq(&five); c.Right != &five {
		t.Errorf("Eq(&five): Right = %#v; want the pointer, bound", c.Right)
	}
	if c := id.Eq(5); c.Right != 5 {
		t.Fatalf("Eq(5) = %#v; want the value, bound", c)
	}
}

func TestInForms(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer))
	id := users.C("id")
	in := id.In([]int64{1, 2, 3})
	if len(in.Values) != 3 || in.Values[2] != int64(3) {
		t.Errorf("In(slice) values = %v", in.Values)
	}
	if _, ok := in.Array.([]int64); !ok {
		t.Errorf("In(slice) keeps the slice for array binding; got %T", in.Array)
	}
	if in := id.In([]byte("ab")); len(in.Values) != 1 {
		t.Errorf("[]byte is one value, not a list: %v", in.Values)
	}
	sub := expr.Select(id)
	if in := id.In(sub); in.Sub != sub || in.Values != nil {
		t.Errorf("In(subquery) = %#v", in)
	}
	if in := id.In(1, id); in.Array != nil {
		t.Errorf("a list with expressions cannot bind as an array")
	}
}

func TestEscapeLike(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"100%", "100!%"},
		{"a_b", "a!_b"},
		{"wow!", "wow!!"},
		{"%_!", "!%!_!!"},
		{"", ""},
	} {
		if got := expr.EscapeLike(tc.in, '!'); got != tc.want {
			t.Errorf("EscapeLike(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestTextParameters(t *testing.T) {
	tc := expr.Text(`SELECT a::int, ':skip', "x:y" FROM t WHERE a = :first AND b = :second_2 AND c = \:lit -- :comment
AND d = :first`)
	var params []string
	var sql string
	for i := 0; i < tc.NumParts(); i++ {
		part, name := tc.Part(i)
		sql += part
		if name != "" {
			params = append(params, name)
			sql += "?"
		}
	}
	if want := []string{"first", "second_2", "first"}; !slices.Equal(params, want) {
		t.Errorf("params = %v; want %v", params, want)
	}
	want := `SELECT a::int, ':skip', "x:y" FROM t WHERE a = ? AND b = ? AND c = :lit -- :comment
AND d = ?`
	if sql != want {
		t.Errorf("text =\n%s\nwant\n%s", sql, want)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("age", expr.Integer))
	base := expr.Select(users.C("id")).Where(users.C("age").Gt(1))
	a := base.Clone().Where(users.C("age").Lt(10))
	b := base.Clone().Where(users.C("id").Eq(3))
	bw, aw, cw := base.Clauses().Where, a.Clauses().Where, b.Clauses().Where
	if len(bw) != 1 || len(aw) != 2 || len(cw) != 2 {
		t.Fatalf("clones share conditions: base %d, a %d, b %d", len(bw), len(aw), len(cw))
	}
	if aw[1] == cw[1] {
		t.Fatal("clones wrote into the same backing array")
	}
}

func TestAliasColumnsProxyBase(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer))
	u := users.Alias("u")
	if u.C("id") == users.C("id") || u.C("id").Base() != users.C("id") || u.C("id").Table != u {
		t.Fatal("alias columns must be proxies of the base columns")
	}
	if !u.IsAlias() || u.Base() != users {
		t.Fatal("alias does not report its base")
	}
}

func TestSelectListsDoNotOverlap(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("age", expr.Integer))
	id, age := users.C("id"), users.C("age")
	q := expr.Select(id).Where(age.Gt(1)).OrderBy(id.Asc()).Where(age.Lt(9)).GroupBy(id)
	q.Columns(age) // the select list is not the last list
	c := q.Clauses()
	_ = append(c.Items, id, id, id)
	_ = append(c.Where, id)
	c = q.Clauses()
	if len(c.Items) != 2 || c.Items[0] != id || c.Items[1] != age {
		t.Fatalf("items = %v", c.Items)
	}
	if len(c.Where) != 2 || len(c.OrderBy) != 1 || len(c.GroupBy) != 1 || c.GroupBy[0] != id {
		t.Fatalf("where %d, order %d, group %d", len(c.Where), len(c.OrderBy), len(c.GroupBy))
	}
	if _, ok := c.OrderBy[0].(*expr.Ordering); !ok {
		t.Fatalf("order by = %T", c.OrderBy[0])
	}
	// Lists added in parts keep their order.
	many := make([]expr.Expr, 20)
	for i := range many {
		many[i] = age.Gt(i)
	}
	q = expr.Select(id).Where(many[:3]...).OrderBy(id.Desc()).Where(many[3:]...).Columns(age)
	c = q.Clauses()
	if !slices.Equal(c.Where, many) || len(c.Items) != 2 || c.Items[0] != id || c.Items[1] != age || len(c.OrderBy) != 1 {
		t.Fatalf("where = %d conditions, %d items, %d orderings", len(c.Where), len(c.Items), len(c.OrderBy))
	}
}

func TestParseAction(t *testing.T) {
	for _, a := range []expr.Action{expr.NoAction, expr.Restrict, expr.Cascade, expr.SetNull, expr.SetDefault} {
		if got := expr.ParseAction(a.SQL()); got != a {
			t.Errorf("ParseAction(%q) = %v; want %v", a.SQL(), got, a)
		}
	}
	if got := expr.ParseAction("set null"); got != expr.SetNull {
		t.Errorf("ParseAction is case-insensitive; got %v", got)
	}
	if got := expr.ParseAction("DROP TABLE"); got != expr.NoAction {
		t.Errorf("unknown action = %v; want NoAction", got)
	}
}

func TestSelectCopiedByAssignment(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("age", expr.Integer))
	id, age := users.C("id"), users.C("age")
	q := expr.Select(id).From(users).OrderBy(id.Asc()).Offset(5)
	copied := *q
	copied.Where(age.Gt(1)).Join(users.Alias("u"), age.Eq(1)).Offset(7).Columns(age)
	c := q.Clauses()
	if len(c.Items) != 1 || len(c.Where) != 0 || len(c.OrderBy) != 1 || c.OrderBy[0] != id.Asc() {
		t.Fatalf("the original changed: %d items, %d conditions, order by %v", len(c.Items), len(c.Where), c.OrderBy)
	}
	if len(c.From) != 1 || c.From[0] != users || c.Offset != 5 {
		t.Fatalf("the original's FROM or OFFSET changed: %v, %v", c.From, c.Offset)
	}
	cc := copied.Clauses()
	if len(cc.Items) != 2 || len(cc.Where) != 1 || len(cc.OrderBy) != 1 || cc.Offset != 7 {
		t.Fatalf("the copy: %d items, %d conditions, offset %v", len(cc.Items), len(cc.Where), cc.Offset)
	}
	if _, ok := cc.From[0].(*expr.JoinExpr); !ok {
		t.Fatalf("the copy's FROM: %T", cc.From[0])
	}
	// A copy must not grow into the original's array.
	conds := make([]expr.Expr, 12)
	for i := range conds {
		conds[i] = age.Gt(i)
	}
	big := expr.Select(id).Where(conds...)
	bigCopy := *big
	bigCopy.Columns(age).Where(age.Lt(0))
	if c := big.Clauses(); len(c.Items) != 1 || len(c.Where) != 12 || c.Where[0] != conds[0] {
		t.Fatalf("the original changed: %d items, %d conditions", len(c.Items), len(c.Where))
	}
	if c := bigCopy.Clauses(); len(c.Items) != 2 || len(c.Where) != 13 {
		t.Fatalf("the copy: %d items, %d conditions", len(c.Items), len(c.Where))
	}
	// So must a FROM clause of more than one item.
	u, v := users.Alias("u"), users.Alias("v")
	two := expr.Select(id).From(users, u)
	twoCopy := *two
	twoCopy.Join(v, age.Eq(2)).From(users.Alias("w"))
	if c := two.Clauses(); len(c.From) != 2 || c.From[0] != users || c.From[1] != u {
		t.Fatalf("the original's FROM changed: %v", c.From)
	}
	if c := twoCopy.Clauses(); len(c.From) != 3 {
		t.Fatalf("the copy's FROM: %v", c.From)
	} else if j, ok := c.From[1].(*expr.JoinExpr); !ok || j.Left != u || j.Right != v {
		t.Fatalf("the copy's join: %#v", c.From[1])
	}
}

// clausesOf is a deep copy of q's clauses, to compare before and after.
type clausesOf struct {
	lists  [5][]expr.Expr
	from   []expr.FromItem
	offset any
	lock   *expr.Lock
	ctes   []*expr.CTE
}

func snapshot(q *expr.SelectStmt) clausesOf {
	c := q.Clauses()
	s := clausesOf{
		lists:  [5][]expr.Expr{slices.Clone(c.Items), slices.Clone(c.Where), slices.Clone(c.GroupBy), slices.Clone(c.Having), slices.Clone(c.OrderBy)},
		from:   slices.Clone(c.From),
		offset: c.Offset,
		lock:   c.Lock,
		ctes:   slices.Clone(c.With),
	}
	return s
}

func sameClauses(a, b clausesOf) bool {
	for i := range a.lists {
		if !slices.Equal(a.lists[i], b.lists[i]) {
			return false
		}
	}
	return slices.Equal(a.from, b.from) && a.offset == b.offset && a.lock == b.lock && slices.Equal(a.ctes, b.ctes)
}

// TestSelectCopiesIndependent changes a statement and a copy of it made by
// assignment, in turn, from several starting points (short and long
// lists, one FROM item or several, WITH and OFFSET set), and checks that
// neither sees the other's changes.
func TestSelectCopiesIndependent(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("age", expr.Integer))
	id, age := users.C("id"), users.C("age")
	cte := expr.Select(id).CTE("c")
	changes := []func(q *expr.SelectStmt){
		func(q *expr.SelectStmt) { q.Columns(age) },
		func(q *expr.SelectStmt) { q.Where(age.Gt(1), age.Lt(9)) },
		func(q *expr.SelectStmt) { q.OrderBy(id.Asc()) },
		func(q *expr.SelectStmt) { q.GroupBy(id, age, id, age, id) },
		func(q *expr.SelectStmt) { q.Having(age.Gt(0)) },
		func(q *expr.SelectStmt) { q.From(users.Alias("f")) },
		func(q *expr.SelectStmt) { q.Join(users.Alias("j"), age.Eq(1)) },
		func(q *expr.SelectStmt) { q.Offset(7) },
		func(q *expr.SelectStmt) { q.With(cte) },
		func(q *expr.SelectStmt) { q.ForUpdate() },
	}
	bases := map[string]func() *expr.SelectStmt{
		"short": func() *expr.SelectStmt { return expr.Select(id).Where(age.Gt(1)) },
		"full": func() *expr.SelectStmt {
			return expr.Select(id, age, id).Where(age.Gt(1), age.Gt(2)).OrderBy(id, age, id, age)
		},
		"long": func() *expr.SelectStmt {
			return expr.Select(id, age, id, age, id).Where(age.Gt(1), age.Gt(2), age.Gt(3), age.Gt(4), age.Gt(5))
		},
		"two from":   func() *expr.SelectStmt { return expr.Select(id).From(users, users.Alias("u")) },
		"with extra": func() *expr.SelectStmt { return expr.Select(id).Offset(3).With(cte) },
	}
	for name, base := range bases {
		for i, change := range changes {
			for _, copyFirst := range []bool{false, true} {
				q := base()
				c := *q
				first, second := q, &c
				if copyFirst {
					first, second = &c, q
				}
				before := snapshot(second)
				change(first)
				if !sameClauses(before, snapshot(second)) {
					t.Errorf("%s, change %d (copy changed first: %v): the other statement changed too", name, i, copyFirst)
				}
				// The other then changes in its turn, and the first
				// must not see that either.
				after := snapshot(first)
				for _, ch := range changes {
					ch(second)
				}
				if !sameClauses(after, snapshot(first)) {
					t.Errorf("%s, change %d (copy changed first: %v): changing the other changed the first", name, i, copyFirst)
				}
			}
		}
	}
}

// TestListsStayReadable checks that a list read from a statement keeps
// its contents when the statement grows.
func TestListsStayReadable(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("age", expr.Integer))
	id, age := users.C("id"), users.C("age")
	u := expr.Update(users).Set(id, 1)
	sets := u.Clauses().Sets
	u.Set(age, 2).Set(age, 3).Set(age, 4).Set(age, 5)
	c := age.Gt(0)
	d := expr.Delete(users).Where(c)
	conds := d.Clauses().Where
	d.Where(age.Lt(9))
	ins := expr.Insert(users).Columns(id, age).Values(1, 2)
	ic := ins.Clauses()
	row := ic.Row(0)
	ins.Values(3, 4).Values(5, 6).Values(7, 8).Values(9, 10)
	if sets[0].Column != id || sets[0].Value != 1 || conds[0] != c || row[0] != 1 || row[1] != 2 {
		t.Fatalf("lists read before the statements grew: sets %v, conditions %v, row %v", sets, conds, row)
	}
	ic = ins.Clauses()
	if len(u.Clauses().Sets) != 5 || len(d.Clauses().Where) != 2 || ic.NumRows != 5 || ic.Row(4)[1] != 10 {
		t.Fatalf("after: %d sets, %d conditions, %d rows", len(u.Clauses().Sets), len(d.Clauses().Where), ic.NumRows)
	}
}

// TestCallerSlicesNotKept checks that builders copy the variadic slices
// they are given: changing the caller's slice afterwards changes nothing.
func TestCallerSlicesNotKept(t *testing.T) {
	users := expr.NewMetaData().MustTable("users", expr.Col("id", expr.Integer), expr.Col("age", expr.Integer))
	other := expr.NewMetaData().MustTable("other", expr.Col("id", expr.Integer))
	id, age := users.C("id"), users.C("age")
	parts := []expr.Selectable{expr.Select(id), expr.Select(age)}
	u := expr.Union(parts...)
	tables := []*expr.Table{users}
	q := expr.Select(id).ForUpdate(expr.Of(tables...))
	conds := []expr.Expr{id.Gt(1), age.Gt(2)}
	w := expr.Select(id).Where(conds...)
	parts[0], tables[0], conds[0] = expr.Select(other.C("id")), other, age.Lt(0)
	if u.Clauses().Parts[0] == parts[0] || q.Clauses().Lock.Of[0] != users || w.Clauses().Where[0] == conds[0] {
		t.Fatal("a builder kept the caller's slice")
	}
}

// TestTextLexing checks which parts of a Text's SQL are left alone, which
// make it fail (what the dialects read differently), and which
// placeholder characters it reports using.
func TestTextLexing(t *testing.T) {
	params := func(tc *expr.TextClause) []string {
		var out []string
		for i := 0; i < tc.NumParts(); i++ {
			if _, name := tc.Part(i); name != "" {
				out = append(out, name)
			}
		}
		return out
	}
	ok := []struct {
		sql    string
		params []string
	}{
		{`SELECT /* it's :x */ :a::int AS a`, []string{"a"}},
		{`SELECT $$it's :x$$ AS s, :a::int AS a`, []string{"a"}},
		{`SELECT $q$ :x $q$ AS s, :a AS a`, []string{"a"}},
		{`SELECT 'it''s :x' AS s, :a AS a`, []string{"a"}},
		{`SELECT col$1, :a FROM t`, []string{"a"}}, // a MySQL identifier, not $1
		{"SELECT 1 -- it's :x\n, :a", []string{"a"}},
		{"SELECT 1 -- a note\r\n, :a", []string{"a"}}, // CRLF: the comment ends at the same place everywhere
	}
	for _, c := range ok {
		tc := expr.UnsafeRawSQL(c.sql) // sqlforgevet:reviewed: the test's constant cases
		if err := tc.Err(); err != nil {
			t.Errorf("%s: %v", c.sql, err)
		}
		if got := params(tc); !slices.Equal(got, c.params) {
			t.Errorf("%s: parameters %v; want %v", c.sql, got, c.params)
		}
		if tc.UsesMarker('?') || tc.UsesMarker('$') {
			t.Errorf("%s: reports a placeholder", c.sql)
		}
	}
	for _, sql := range []string{
		`SELECT E'it\'s' AS s, :a`,
		`SELECT 'a\\' AS s`,
		`SELECT "a\b"`,
		"SELECT 5--1",
		`SELECT 1 /*! + 1 */`,
		`SELECT 1 /*M! + 1 */`,
		"SELECT 1 -- note\r, :a",
		`SELECT 1 /*/*/`,
		`SELECT /* /* */ */ 1`,
		`SELECT /* open`,
		`SELECT 'open`,
		`SELECT $$ open`,
	} {
		err := expr.UnsafeRawSQL(sql).Err() // sqlforgevet:reviewed: the test's constant cases
		var te *expr.TextError
		if !errors.Is(err, expr.ErrText) || !errors.As(err, &te) {
			t.Errorf("%s: got %v; want a *TextError", sql, err)
		}
	}
	if tc := expr.Text(`SELECT ? WHERE x = $1 AND y = '?'`); !tc.UsesMarker('?') || !tc.UsesMarker('$') {
		t.Error("placeholders written in the text not reported")
	}
	if tc := expr.Text(`SELECT '?', "$1", /* ? $2 # */ 1`); tc.UsesMarker('?') || tc.UsesMarker('$') || tc.UsesMarker('#') {
		t.Error("placeholder characters in quotes or comments reported")
	}
	if tc := expr.Text(`SELECT data #>> '{a}' FROM t`); tc.Err() != nil || !tc.UsesMarker('#') {
		t.Errorf("#>> (PostgreSQL): err %v, marker %v", tc.Err(), tc.UsesMarker('#'))
	}
	if !expr.Text("x = 1 -- a note").EndsInComment() || expr.Text("x = 1 -- a note\n").EndsInComment() || expr.Text("x = '--'").EndsInComment() {
		t.Error("EndsInComment")
	}
}

// TestAllowAmbiguousAndNil checks that a name two allowed columns share
// looks up neither, and that nil columns and a nil set do not panic.
func TestAllowAmbiguousAndNil(t *testing.T) {
	m := expr.NewMetaData()
	users := m.MustTable("users", expr.Col("id", expr.Integer), expr.Col("name", expr.String))
	orders := m.MustTable("orders", expr.Col("id", expr.Integer))
	set := expr.Allow(users.C("id"), nil, orders.C("id"), users.C("name"), users.C("name"))
	var uc *expr.UnknownColumnError
	if _, err := set.Lookup("id"); !errors.As(err, &uc) || !uc.Ambiguous || !errors.Is(err, expr.ErrUnknownColumn) {
		t.Errorf("ambiguous name: got %v", err)
	}
	if c, err := set.Lookup("name"); err != nil || c != users.C("name") {
		t.Errorf("a column allowed twice: got %v, %v", c, err)
	}
	var none *expr.ColumnSet
	if _, err := none.Lookup("id"); !errors.Is(err, expr.ErrUnknownColumn) {
		t.Errorf("nil set: got %v", err)
	}
}

// TestAllowPublicNames checks that AllowAs puts a column under a public
// name only, and that a rejected name's error lists the allowed ones.
func TestAllowPublicNames(t *testing.T) {
	m := expr.NewMetaData()
	users := m.MustTable("users", expr.Col("id", expr.Integer), expr.Col("name", expr.String))
	issues := m.MustTable("issues", expr.Col("id", expr.Integer), expr.Col("title", expr.String))
	set := expr.Allow(issues.C("title"), expr.AllowAs("assignee", users.C("name")),
		expr.AllowAs("id", issues.C("id")), users.C("id"), expr.AllowAs("none", nil))
	if c, err := set.Lookup("assignee"); err != nil || c != users.C("name") {
		t.Errorf("assignee: got %v, %v; want users.name", c, err)
	}
	var uc *expr.UnknownColumnError
	_, err := set.Lookup("name")
	if !errors.As(err, &uc) || !slices.Equal(uc.Allowed, []string{"title", "assignee"}) {
		t.Fatalf("a column's own name behind a public one: got %v; want an error allowing title and assignee", err)
	}
	if want := `expr: unknown column "name" in "allowed columns" (allowed: "title", "assignee")`; err.Error() != want {
		t.Errorf("got %q; want %q", err.Error(), want)
	}
	if _, err := set.Lookup("id"); !errors.As(err, &uc) || !uc.Ambiguous {
		t.Errorf("id, public name of two columns: got %v; want ambiguous", err)
	}
}

// TestTextBindChecks checks that binding a name the text does not use,
// and a parameter name with letters beyond ASCII, fail.
func TestTextBindChecks(t *testing.T) {
	if err := expr.Text(`SELECT :a`).Bind("b", 1).Err(); !errors.Is(err, expr.ErrText) {
		t.Errorf("unused bind: got %v", err)
	}
	if err := expr.Text(`SELECT :a`).Bind("a", 1).Err(); err != nil {
		t.Errorf("used bind: %v", err)
	}
	if err := expr.Text(`SELECT :naïve`).Err(); !errors.Is(err, expr.ErrText) {
		t.Errorf("non-ASCII name: got %v", err)
	}
}

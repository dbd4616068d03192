package compiletest

import (
	"database/sql/driver"
	"errors"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// valuesCases use VALUES lists (expr.Values) in FROM: selected from,
// joined to a table, and joined in UPDATE and DELETE. Their columns are
// made with Col or copied from a table's, with a decorated type among
// them; NULLs stand in the first row (which PostgreSQL casts) and in
// later ones.
func valuesCases() []Case {
	return []Case{
		{Name: "values_select", Build: func(s *Schema) expr.Statement {
			v := expr.Values("v", expr.Col("n", expr.BigInt), expr.Col("word", expr.Varchar(10)), expr.Col("ok", expr.Boolean)).
				Row(2, nil, true).
				Row(1, "één", nil).
				Row(3, "three", false)
			return expr.Select(v.C("n"), v.C("word"), v.C("ok")).From(v).OrderBy(v.C("n"))
		}, Rows: rows(r("1", "één", "NULL"), r("2", "NULL", "1"), r("3", "three", "0"))},

		{Name: "values_join_table", Build: func(s *Schema) expr.Statement {
			u := s.Users
			v := expr.Values("bonus", u.C("id"), expr.Col("points", expr.Integer)).
				Rows([]any{4, 7}, []any{1, 5}, []any{9, 1})
			return expr.Select(u.C("name"), v.C("points"), u.C("score").Add(v.C("points")).As("total")).
				From(u).Join(v, v.C("id").Eq(u.C("id"))).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "5", "15"), r("dee", "7", "47"))},

		{Name: "values_decorated_type", Build: func(s *Schema) expr.Statement {
			// Values convert through the column's user type (a tag's label
			// binds as its id), as inserted ones do.
			t := s.Tags
			v := expr.Values("wanted", expr.Col("tag", expr.Decorate(tagID{}))).Row("sql").Row("go")
			return expr.Select(t.C("label"), v.C("tag")).From(t).Join(v, v.C("tag").Eq(t.C("id"))).OrderBy(t.C("id"))
		}, Rows: rows(r("go", "1"), r("sql", "2"))},

		{Name: "values_update_from", Build: func(s *Schema) expr.Statement {
			// Many rows, each set to values of its own, in one statement;
			// id 7 matches no user.
			u := s.Users
			v := expr.Values("v", u.C("id"), u.C("score"), u.C("name")).
				Row(1, 11, "ann2").
				Row(2, nil, "bob2").
				Row(7, 70, "nobody")
			return expr.Update(u).Set(u.C("score"), v.C("score")).Set(u.C("name"), v.C("name")).
				From(v).Where(u.C("id").Eq(v.C("id")))
		}, Affected: 2, Check: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id"), u.C("name"), u.C("score")).Where(u.C("id").Le(3)).OrderBy(u.C("id"))
		}, CheckRows: rows(r("1", "ann2", "11"), r("2", "bob2", "NULL"), r("3", "cid", "NULL"))},

		{Name: "values_delete_using", Build: func(s *Schema) expr.Statement {
			o := s.Orders
			v := expr.Values("gone", o.C("id")).Row(2).Row(5).Row(99)
			return expr.Delete(o).Using(v).Where(o.C("id").Eq(v.C("id")))
		}, Affected: 2, Check: func(s *Schema) expr.Statement {
			o := s.Orders
			return expr.Select(o.C("id")).OrderBy(o.C("id"))
		}, CheckRows: rows(r("1"), r("3"), r("4")), Unsupported: []string{"sqlite"}},
	}
}

// tagID is a decorated INTEGER type that binds the label of a fixture
// tag as the tag's id (without allocating, as the runner's cache-hit
// check requires).
type tagID struct{}

func (tagID) StorageType() expr.Type { return expr.Integer }
func (tagID) BindValue(v any) (driver.Value, error) {
	switch v {
	case "go":
		return int64(1), nil
	case "sql":
		return int64(2), nil
	}
	return nil, errors.New("tagID: unknown tag")
}
func (tagID) ResultValue(src any) (any, error) { return src, nil }

// valuesErrorCases are VALUES lists that a dialect with ValuesFrom
// refuses: no rows, rows of the wrong width, an expression among the
// values, duplicate columns, the list's Table (or an alias of it) in
// place of the list, a FROM inferred from its columns, an UPDATE of it,
// and more values than the dialect has parameters.
func valuesErrorCases(d compile.Dialect, u *expr.Table) []errorCase {
	v := func() *expr.ValuesList { return expr.Values("v", u.C("id")).Row(1) }
	wide := expr.Values("wide", u.C("id"), u.C("age"))
	row := []any{1, 2}
	for range d.MaxParams()/2 + 1 {
		wide.Row(row...)
	}
	return []errorCase{
		{"values without rows", expr.Select(u.C("id")).From(u).Join(expr.Values("v", u.C("id")), u.C("id").Eq(1)), compile.ErrInvalid},
		{"values row too short", expr.Select(u.C("id")).From(expr.Values("v", u.C("id"), u.C("age")).Row(1, 2).Row(3)), compile.ErrInvalid},
		{"values row too long", expr.Select(u.C("id")).From(v().Row(1, 2)), compile.ErrInvalid},
		{"values row with an expression", expr.Select(u.C("id")).From(v().Row(expr.Value(2))), compile.ErrInvalid},
		{"values columns named alike", expr.Select(u.C("id")).From(expr.Values("v", u.C("id"), u.C("id")).Row(1, 1)), compile.ErrInvalid},
		{"values without columns", expr.Select(u.C("id")).From(expr.Values("v")), compile.ErrInvalid},
		{"values table in from", expr.Select(v().C("id")).From(v().Table), compile.ErrInvalid},
		{"values alias in from", expr.Select(u.C("id")).From(v().Alias("w")), compile.ErrInvalid},
		{"values in inferred from", expr.Select(v().C("id")), compile.ErrInvalid},
		{"values column not in from", expr.Select(u.C("id")).From(u).Where(v().C("id").Eq(u.C("id"))), compile.ErrNotInFrom},
		{"update of values", expr.Update(v().Table).Set(v().C("id"), 1).Where(v().C("id").Eq(1)), compile.ErrInvalid},
		{"values over the parameter limit", expr.Select(wide.C("id")).From(wide), compile.ErrLimit},
	}
}

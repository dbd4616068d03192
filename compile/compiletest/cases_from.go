package compiletest

import "github.com/sqlforge/sqlforge/expr"

// fromCases are the cases of FROM clauses: inferred and explicit FROM, CTEs, GROUP BY of labels.
func fromCases() []Case {
	return []Case{
		{Name: "group_by_label_named_like_column", Build: func(s *Schema) expr.Statement {
			// The label is named like users.name: grouped by name, every
			// user would be a group of its own.
			u := s.Users
			initial := expr.Func("substr", u.C("status"), 1, 1).As("name")
			return expr.Select(initial, expr.CountAll().As("n")).GroupBy(initial).OrderBy(initial)
		}, Rows: rows(r("a", "3"), r("b", "2"))},

		{Name: "group_by_label_not_selected", Build: func(s *Schema) expr.Statement {
			u := s.Users
			initial := expr.Func("substr", u.C("status"), 1, 1).As("name")
			return expr.Select(expr.CountAll().As("n")).From(u).GroupBy(initial).OrderBy(expr.CountAll())
		}, Rows: rows(r("2"), r("3"))},

		{Name: "order_by_label_named_like_column_nulls_last", Build: func(s *Schema) expr.Statement {
			// MySQL's emulated NULLS LAST sorts on "x IS NULL" first,
			// where a bare name would be the column, never NULL.
			u := s.Users
			active := expr.Func("nullif", u.C("status"), "banned").As("name")
			return expr.Select(u.C("id"), active).OrderBy(active.Asc().NullsLast(), u.C("id"))
		}, Rows: rows(r("1", "active"), r("2", "active"), r("4", "active"), r("3", "NULL"), r("5", "NULL"))},

		{Name: "inferred_from_of_case", Build: func(s *Schema) expr.Statement {
			// The only select item is a CASE: its columns' table is the FROM.
			u := s.Users
			return expr.Select(expr.Case().When(u.C("age").Lt(18), u.C("name")).Else(u.C("email")).As("contact")).
				Where(u.C("id").Le(2)).OrderBy(u.C("id"))
		}, Rows: rows(r("ann@example.com"), r("bob"))},
	}
}

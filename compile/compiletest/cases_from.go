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

		{Name: "inferred_from_joined_in_where", Build: func(s *Schema) expr.Statement {
			// Two tables in the select list, joined by WHERE: not a
			// cartesian product, so the inferred FROM is accepted.
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name"), o.C("amount")).Where(o.C("user_id").Eq(u.C("id")), o.C("amount").Gt(200)).OrderBy(o.C("amount"))
		}, Rows: rows(r("ann", "250"), r("dee", "300"))},

		{Name: "inferred_from_joined_through_exists", Build: func(s *Schema) expr.Statement {
			// users and tags are joined through user_tags in a correlated
			// EXISTS.
			u, ut, t := s.Users, s.UserTags, s.Tags
			return expr.Select(u.C("name"), t.C("label")).
				Where(expr.Exists(expr.Select(ut.C("user_id")).Where(ut.C("user_id").Eq(u.C("id")), ut.C("tag_id").Eq(t.C("id"))))).
				OrderBy(u.C("id"), t.C("id"))
		}, Rows: rows(r("ann", "go"), r("ann", "sql"), r("bob", "go"))},

		{Name: "cross_product_written_out", Build: func(s *Schema) expr.Statement {
			// A cross product the FROM writes out is meant.
			u, t := s.Users, s.Tags
			return expr.Select(u.C("name"), t.C("label")).From(u, t).Where(u.C("id").Eq(1)).OrderBy(t.C("id"))
		}, Rows: rows(r("ann", "go"), r("ann", "sql"), r("ann", "unused"))},

		{Name: "inferred_from_of_case", Build: func(s *Schema) expr.Statement {
			// The only select item is a CASE: its columns' table is the FROM.
			u := s.Users
			return expr.Select(expr.Case().When(u.C("age").Lt(18), u.C("name")).Else(u.C("email")).As("contact")).
				Where(u.C("id").Le(2)).OrderBy(u.C("id"))
		}, Rows: rows(r("ann@example.com"), r("bob"))},
	}
}

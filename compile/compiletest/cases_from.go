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

		{Name: "group_by_label_of_another_expression", Build: func(s *Schema) expr.Statement {
			// Both labels are named k: the GROUP BY one is status,
			// not the select list's max(name) (GROUP BY 1 would group
			// by an aggregate, which every database refuses).
			u := s.Users
			top := expr.Func("max", u.C("name")).As("k")
			return expr.Select(top, expr.CountAll().As("n")).GroupBy(u.C("status").As("k")).OrderBy(top)
		}, Rows: rows(r("dee", "3"), r("eve", "2"))},

		{Name: "order_by_label_of_another_expression", Build: func(s *Schema) expr.Statement {
			// Sorted by age, not by the select list's k (the name).
			u := s.Users
			return expr.Select(u.C("name").As("k")).Where(u.C("age").IsNotNull()).OrderBy(u.C("age").As("k"))
		}, Rows: rows(r("bob"), r("dee"), r("ann"), r("cid"))},

		{Name: "order_by_label_named_like_column_nulls_last", Build: func(s *Schema) expr.Statement {
			// MySQL's emulated NULLS LAST sorts on "x IS NULL" first,
			// where a bare name would be the column, never NULL.
			u := s.Users
			active := expr.Func("nullif", u.C("status"), "banned").As("name")
			return expr.Select(u.C("id"), active).OrderBy(active.Asc().NullsLast(), u.C("id"))
		}, Rows: rows(r("1", "active"), r("2", "active"), r("4", "active"), r("3", "NULL"), r("5", "NULL"))},

		{Name: "window_order_by_label", Build: func(s *Schema) expr.Statement {
			// A window cannot see select-list names on PostgreSQL and SQLite.
			u := s.Users
			total := u.C("score").Add(u.C("id")).As("total")
			return expr.Select(u.C("name"), total, expr.RowNumber().Over(expr.Over().OrderBy(total.Desc())).As("rn")).
				Where(u.C("score").IsNotNull()).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "11", "4"), r("bob", "22", "3"), r("dee", "44", "2"), r("eve", "55", "1"))},

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

		// CTEs used in FROM without With are attached to the top-level WITH.
		{Name: "cte_attached_from", Build: func(s *Schema) expr.Statement {
			big := bigOrders(s)
			return expr.Select(big.C("user_id"), expr.Sum(big.C("amount")).As("total")).From(big).
				GroupBy(big.C("user_id")).OrderBy(big.C("user_id"))
		}, Rows: rows(r("1", "350"), r("4", "300"))},

		{Name: "cte_attached_join_twice", Build: func(s *Schema) expr.Statement {
			// Joined twice (as itself and as an alias) and given to With
			// twice: one declaration.
			u, big := s.Users, bigOrders(s)
			other := big.Alias("other")
			return expr.Select(u.C("name"), big.C("amount"), other.C("amount")).With(big, big).From(u).
				Join(big, big.C("user_id").Eq(u.C("id"))).
				Join(other, expr.And(other.C("user_id").Eq(u.C("id")), other.C("amount").Gt(big.C("amount")))).
				OrderBy(big.C("amount"))
		}, Rows: rows(r("ann", "100", "250"))},

		{Name: "cte_attached_recursive", Build: func(s *Schema) expr.Statement {
			n := s.Nodes
			tree := expr.NewRecursiveCTE("tree", "id", "label", "depth")
			tree.Define(expr.UnionAll(
				expr.Select(n.C("id"), n.C("label"), expr.Cast(0, expr.Integer)).Where(n.C("parent_id").IsNull()),
				expr.Select(n.C("id"), n.C("label"), tree.C("depth").Add(1)).From(n).Join(tree, n.C("parent_id").Eq(tree.C("id"))),
			))
			return expr.Select(tree.C("label"), tree.C("depth")).From(tree).Where(tree.C("depth").Ge(1)).OrderBy(tree.C("depth"), tree.C("label"))
		}, Rows: rows(r("a", "1"), r("b", "1"), r("a1", "2"))},

		{Name: "cte_attached_nested_and_derived", Build: func(s *Schema) expr.Statement {
			// top uses big in its query; the outer query reaches top only
			// through a derived table: both are attached, big first.
			big := bigOrders(s)
			top := expr.Select(expr.Max(big.C("amount")).As("amount")).From(big).CTE("top_order")
			d := expr.Select(top.C("amount")).From(top).Subquery("d")
			return expr.Select(d.C("amount")).From(d)
		}, Rows: rows(r("300"))},

		{Name: "cte_attached_union", Build: func(s *Schema) expr.Statement {
			big := bigOrders(s)
			return expr.Union(expr.Select(big.C("user_id")).From(big).Where(big.C("amount").Gt(200)),
				expr.Select(big.C("user_id")).From(big).Where(big.C("amount").Lt(200))).OrderBy(big.C("user_id"))
		}, Rows: rows(r("1"), r("4"))},

		{Name: "cte_attached_update_from", Build: func(s *Schema) expr.Statement {
			u, big := s.Users, bigOrders(s)
			return expr.Update(u).Set(u.C("score"), big.C("amount")).From(big).Where(big.C("user_id").Eq(u.C("id")), big.C("amount").Eq(300))
		}, Affected: 1, Check: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("score")).Where(u.C("id").Eq(4))
		}, CheckRows: rows(r("300")), Unsupported: []string{"mysql", "mariadb"}},
	}
}

// bigOrders is a CTE of the orders of 100 or more.
func bigOrders(s *Schema) *expr.CTE {
	o := s.Orders
	return expr.Select(o.C("user_id"), o.C("amount")).Where(o.C("amount").Ge(100)).CTE("big_orders")
}

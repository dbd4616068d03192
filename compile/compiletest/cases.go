package compiletest

import (
	"database/sql"
	"slices"

	"github.com/sqlforge/sqlforge/expr"
)

// Case is one statement of the suite.
type Case struct {
	Name  string
	Build func(s *Schema) expr.Statement
	// Params are the values of named parameters.
	Params []sql.NamedArg
	// Rows are the expected rows, each column as text ("NULL" for NULL,
	// booleans as 1/0), in order unless Unordered. A nil Rows means the
	// statement is executed with Exec.
	Rows      [][]string
	Unordered bool
	// Affected is the expected RowsAffected of an Exec (-1: not checked).
	Affected int64
	// Check, for statements that change data, is a query run afterwards in
	// the same transaction, whose rows must equal CheckRows.
	Check     func(s *Schema) expr.Statement
	CheckRows [][]string
	// Unsupported names the dialects that must refuse the statement with
	// compile.ErrUnsupported.
	Unsupported []string
	// DDL statements run outside a transaction and clean up after themselves.
	DDL bool
}

func r(cols ...string) []string { return cols }

func rows(rs ...[]string) [][]string {
	if rs == nil {
		return [][]string{}
	}
	return rs
}

// Cases returns the suite. Every statement in it is compiled for every
// dialect and compared with the dialect's golden file testdata/<Name>.sql.
// The cases are grouped by topic, one file each.
func Cases() []Case {
	return slices.Concat(coreCases(), operatorCases(), fromCases(), upsertCases(), bindCases(), typeCases(), arrayCases(), valuesCases())
}

func coreCases() []Case {
	return []Case{
		{Name: "select_columns", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id"), u.C("name")).OrderBy(u.C("id")).Limit(3)
		}, Rows: rows(r("1", "ann"), r("2", "bob"), r("3", "cid"))},

		{Name: "where_comparisons", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("age").Ge(17), u.C("age").Lt(45), u.C("score").Ne(20),
				u.C("score").Le(40), u.C("id").Gt(0)).OrderBy(u.C("name"))
		}, Rows: rows(r("ann"), r("dee"))},

		{Name: "named_params", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("age").Gt(expr.Param("min_age")), u.C("status").Eq(expr.Param("status"))).OrderBy(u.C("id"))
		}, Params: []sql.NamedArg{sql.Named("min_age", 20), sql.Named("status", "active")},
			Rows: rows(r("ann"), r("dee"))},

		{Name: "arithmetic", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id"), u.C("age").Add(1).As("next"), u.C("score").Mul(2).Sub(u.C("id")).As("calc"),
				u.C("age").Mod(7).As("m"), u.C("score").Neg().As("neg")).
				Where(u.C("id").Le(2)).OrderBy(u.C("id"))
		}, Rows: rows(r("1", "31", "19", "2", "-10"), r("2", "18", "38", "3", "-20"))},

		{Name: "division", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id")).Where(u.C("score").Div(10).Ge(4)).OrderBy(u.C("id"))
		}, Rows: rows(r("4"), r("5"))},

		{Name: "and_or_not", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(
				expr.Or(u.C("status").Eq("banned"), expr.And(u.C("age").Lt(20), u.C("score").Gt(5))),
				expr.Not(u.C("name").Eq("eve")),
			).OrderBy(u.C("name"))
		}, Rows: rows(r("bob"), r("cid"))},

		{Name: "in_list", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("id").In(1, 3, 5), u.C("name").NotIn("cid")).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"), r("eve"))},

		{Name: "in_slice", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("id").In([]int64{2, 4})).OrderBy(u.C("id"))
		}, Rows: rows(r("bob"), r("dee"))},

		{Name: "in_empty", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(expr.Or(u.C("id").In(), u.C("name").Eq("ann")), u.C("id").NotIn()).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"))},

		{Name: "in_subquery", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name")).Where(u.C("id").In(expr.Select(o.C("user_id")).Where(o.C("amount").Gt(90)))).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"), r("dee"))},

		{Name: "not_in_subquery", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name")).Where(u.C("id").NotIn(expr.Select(o.C("user_id")))).OrderBy(u.C("id"))
		}, Rows: rows(r("cid"), r("eve"))},

		{Name: "between", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("age").Between(18, 30), u.C("score").NotBetween(11, 19)).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"), r("dee"))},

		{Name: "like", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("email").Like("%@example.com"), u.C("name").NotLike("b%")).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"))},

		{Name: "ilike", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("email").ILike("%EXAMPLE%"), u.C("name").NotILike("A%")).OrderBy(u.C("id"))
		}, Rows: rows(r("bob"))},

		{Name: "like_escaped_helpers", Build: func(s *Schema) expr.Statement {
			u := s.Users
			// "100%_" must match literally: only eve's email has it.
			return expr.Select(u.C("name")).Where(expr.Or(u.C("email").Contains("0%_s"), u.C("email").StartsWith("dee@"),
				u.C("email").EndsWith("!"), u.C("name").IContains("_"))).OrderBy(u.C("id"))
		}, Rows: rows(r("dee"), r("eve"))},

		{Name: "like_escape_char", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("email").LikeEscape("100#%#_%", '#')).OrderBy(u.C("id"))
		}, Rows: rows(r("eve"))},

		{Name: "is_null", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(expr.Or(u.C("email").Eq(nil), u.C("age").IsNull()), u.C("score").Ne(nil)).OrderBy(u.C("id"))
		}, Rows: rows(r("eve"))},

		{Name: "is_not_null", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(expr.CountAll()).Where(u.C("email").IsNotNull()).From(u)
		}, Rows: rows(r("4"))},

		{Name: "concat", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name").Concat("-").Concat(u.C("status")).As("tag")).Where(u.C("id").Le(3)).OrderBy(u.C("id"))
		}, Rows: rows(r("ann-active"), r("bob-active"), r("cid-banned"))},

		{Name: "aggregate_functions", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(expr.CountAll().As("n"), expr.Count(u.C("age")).As("aged"), expr.Sum(u.C("score")).As("total"),
				expr.Min(u.C("age")).As("youngest"), expr.Max(u.C("age")).As("oldest"), expr.CountDistinct(u.C("status")).As("statuses")).From(u)
		}, Rows: rows(r("5", "4", "120", "17", "45", "2"))},

		{Name: "scalar_functions", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(expr.Upper(u.C("name")), expr.Lower("ABC"), expr.Length(u.C("name")), expr.Coalesce(u.C("email"), "none"),
				expr.Abs(u.C("score").Neg()), expr.Func("replace", u.C("name"), "a", "o")).Where(u.C("id").In(1, 3)).OrderBy(u.C("id"))
		}, Rows: rows(r("ANN", "abc", "3", "ann@example.com", "10", "onn"), r("CID", "abc", "3", "none", "NULL", "cid"))},

		{Name: "case_when", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name"),
				expr.Case().When(u.C("age").Lt(18), "minor").When(u.C("age").IsNull(), "unknown").Else("adult").As("kind"),
				expr.CaseOf(u.C("status")).When("active", "1").Else("0").As("active")).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "adult", "1"), r("bob", "minor", "1"), r("cid", "adult", "0"), r("dee", "adult", "1"), r("eve", "unknown", "0"))},

		{Name: "cast", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(expr.Cast(u.C("age"), expr.Varchar(10)).Concat("y").As("a"), expr.Cast("42", expr.Integer).Add(1).As("b")).
				Where(u.C("id").Eq(1))
		}, Rows: rows(r("30y", "43"))},

		{Name: "exists", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name")).Where(
				expr.Exists(expr.Select(o.C("id")).Where(o.C("user_id").Eq(u.C("id")), o.C("amount").Gt(200))),
			).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"), r("dee"))},

		{Name: "not_exists", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name")).Where(expr.NotExists(expr.Select(o.C("id")).Where(o.C("user_id").Eq(u.C("id"))))).OrderBy(u.C("id"))
		}, Rows: rows(r("cid"), r("eve"))},

		{Name: "scalar_subquery", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			n := expr.Select(expr.CountAll()).From(o).Where(o.C("user_id").Eq(u.C("id")))
			return expr.Select(u.C("name"), n.As("orders")).Where(u.C("id").Le(3)).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "2"), r("bob", "1"), r("cid", "0"))},

		{Name: "any_all_subquery", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name")).Where(
				u.C("score").Mul(10).Ge(expr.All(expr.Select(o.C("amount")).Where(o.C("user_id").Eq(1)))),
				u.C("id").Eq(expr.Any(expr.Select(o.C("user_id")))),
			).OrderBy(u.C("id"))
		}, Rows: rows(r("dee")), Unsupported: []string{"sqlite"}},

		{Name: "any_all_array", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("id").Eq(expr.Any([]int64{1, 2, 4})), u.C("age").Gt(expr.All([]int{16, 20}))).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"), r("dee")), Unsupported: []string{"mysql", "mariadb", "sqlite"}},

		{Name: "tuple_in", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id")).Where(expr.Tuple(u.C("id"), u.C("name")).In(expr.Tuple(1, "ann"), expr.Tuple(2, "zed"), expr.Tuple(4, "dee"))).OrderBy(u.C("id"))
		}, Rows: rows(r("1"), r("4"))},

		{Name: "alias_self_join", Build: func(s *Schema) expr.Statement {
			child, parent := s.Nodes.Alias("child"), s.Nodes.Alias("parent")
			return expr.Select(child.C("label").As("child"), parent.C("label").As("parent")).From(child).
				Join(parent, child.C("parent_id").Eq(parent.C("id"))).OrderBy(child.C("id"))
		}, Rows: rows(r("a", "root"), r("b", "root"), r("a1", "a"))},

		{Name: "labels_order_by_label", Build: func(s *Schema) expr.Statement {
			u := s.Users
			total := u.C("score").Add(u.C("id")).As("total")
			return expr.Select(u.C("name").As("who"), total).Where(u.C("score").IsNotNull()).OrderBy(total, u.C("name")).Limit(2)
		}, Rows: rows(r("ann", "11"), r("bob", "22"))},

		{Name: "window_functions", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name"),
				expr.RowNumber().Over(expr.Over().PartitionBy(u.C("status")).OrderBy(u.C("id"))).As("rn"),
				expr.Sum(u.C("id")).Over(expr.Over().OrderBy(u.C("id")).Rows(expr.Preceding(1), expr.CurrentRow)).As("pair"),
				expr.Lag(u.C("name"), 1).Over(expr.Over().OrderBy(u.C("id"))).As("prev"),
			).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "1", "1", "NULL"), r("bob", "2", "3", "ann"), r("cid", "1", "5", "bob"), r("dee", "3", "7", "cid"), r("eve", "2", "9", "dee"))},

		{Name: "window_frame_unbounded", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id"), expr.Max(u.C("id")).Over(expr.Over().OrderBy(u.C("id").Desc()).
				RangeBetween(expr.UnboundedPreceding, expr.UnboundedFollowing)).As("m"),
				expr.Rank().Over(expr.Over().OrderBy(u.C("status"))).As("rk"),
				expr.DenseRank().Over(expr.Over().OrderBy(u.C("status"))).As("drk")).Where(u.C("id").Le(3)).OrderBy(u.C("id"))
		}, Rows: rows(r("1", "3", "1", "1"), r("2", "3", "1", "1"), r("3", "3", "3", "2"))},

		{Name: "distinct", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("status")).Distinct().OrderBy(u.C("status"))
		}, Rows: rows(r("active"), r("banned"))},

		{Name: "distinct_on", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("status"), u.C("name")).DistinctOn(u.C("status")).OrderBy(u.C("status"), u.C("id").Desc())
		}, Rows: rows(r("active", "dee"), r("banned", "eve")), Unsupported: []string{"mysql", "mariadb", "sqlite"}},

		{Name: "inner_join", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name"), o.C("amount")).From(u).Join(o, o.C("user_id").Eq(u.C("id"))).
				Where(o.C("amount").Gt(80)).OrderBy(o.C("amount"))
		}, Rows: rows(r("ann", "100"), r("ann", "250"), r("dee", "300"))},

		{Name: "left_join", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name"), o.C("id")).From(u).LeftJoin(o, expr.And(o.C("user_id").Eq(u.C("id")), o.C("amount").Gt(200))).
				OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "2"), r("bob", "NULL"), r("cid", "NULL"), r("dee", "4"), r("eve", "NULL"))},

		{Name: "right_join", Build: func(s *Schema) expr.Statement {
			u, t := s.UserTags, s.Tags
			return expr.Select(t.C("label"), u.C("user_id")).From(u).RightJoin(t, t.C("id").Eq(u.C("tag_id"))).
				OrderBy(t.C("id"), u.C("user_id"))
		}, Rows: rows(r("go", "1"), r("go", "2"), r("sql", "1"), r("unused", "NULL"))},

		{Name: "full_join", Build: func(s *Schema) expr.Statement {
			n1, n2 := s.Nodes.Alias("a"), s.Nodes.Alias("b")
			return expr.Select(n1.C("id"), n2.C("id")).From(n1).FullJoin(n2, expr.And(n1.C("id").Eq(n2.C("parent_id")), n2.C("id").Gt(2)))
		}, Rows: rows(r("1", "3"), r("2", "4"), r("3", "NULL"), r("4", "NULL"), r("NULL", "1"), r("NULL", "2")), Unordered: true,
			Unsupported: []string{"mysql", "mariadb"}},

		{Name: "cross_join_many_to_many", Build: func(s *Schema) expr.Statement {
			u, ut, t := s.Users, s.UserTags, s.Tags
			return expr.Select(u.C("name"), t.C("label")).From(u).CrossJoin(t).
				Where(expr.Exists(expr.Select(ut.C("user_id")).Where(ut.C("user_id").Eq(u.C("id")), ut.C("tag_id").Eq(t.C("id"))))).
				OrderBy(u.C("id"), t.C("id"))
		}, Rows: rows(r("ann", "go"), r("ann", "sql"), r("bob", "go"))},

		{Name: "group_by_having", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			total := expr.Sum(o.C("amount"))
			return expr.Select(u.C("name"), total.As("total"), expr.Count(o.C("id")).As("n")).From(u).Join(o, o.C("user_id").Eq(u.C("id"))).
				Where(u.C("id").In(expr.Select(o.C("user_id")).Where(o.C("note").IsNotNull()))).
				GroupBy(u.C("id"), u.C("name")).Having(expr.Sum(o.C("amount")).Gt(80)).OrderBy(u.C("name"))
		}, Rows: rows(r("ann", "350", "2"), r("dee", "320", "2"))},

		{Name: "order_nulls_first", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).OrderBy(u.C("age").Asc().NullsFirst(), u.C("id"))
		}, Rows: rows(r("eve"), r("bob"), r("dee"), r("ann"), r("cid"))},

		{Name: "order_nulls_last", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).OrderBy(u.C("score").Desc().NullsLast(), u.C("id"))
		}, Rows: rows(r("eve"), r("dee"), r("bob"), r("ann"), r("cid"))},

		{Name: "limit_offset", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).OrderBy(u.C("id")).Limit(2).Offset(1)
		}, Rows: rows(r("bob"), r("cid"))},

		{Name: "offset_only", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).OrderBy(u.C("id")).Offset(3)
		}, Rows: rows(r("dee"), r("eve"))},

		{Name: "for_update", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("id").Eq(1)).ForUpdate()
		}, Rows: rows(r("ann")), Unsupported: []string{"sqlite"}},

		{Name: "for_update_nowait", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("id").Eq(2)).ForUpdate(expr.Nowait)
		}, Rows: rows(r("bob")), Unsupported: []string{"sqlite"}},

		{Name: "for_update_of_skip_locked", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Select(u.C("name"), o.C("amount")).From(u).Join(o, o.C("user_id").Eq(u.C("id"))).
				Where(o.C("id").Eq(3)).ForUpdate(expr.Of(o), expr.SkipLocked)
		}, Rows: rows(r("bob", "75")), Unsupported: []string{"sqlite", "mariadb"}},

		{Name: "for_share_skip_locked", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("id").Eq(4)).ForShare(expr.SkipLocked)
		}, Rows: rows(r("dee")), Unsupported: []string{"sqlite"}},

		{Name: "cte", Build: func(s *Schema) expr.Statement {
			o := s.Orders
			big := expr.Select(o.C("user_id"), o.C("amount")).Where(o.C("amount").Ge(100)).CTE("big_orders")
			return expr.Select(big.C("user_id"), expr.Sum(big.C("amount")).As("total")).With(big).From(big).
				GroupBy(big.C("user_id")).OrderBy(big.C("user_id"))
		}, Rows: rows(r("1", "350"), r("4", "300"))},

		{Name: "cte_unnamed_item", Build: func(s *Schema) expr.Statement {
			// An item without a name (count(*)) before a labelled one: the
			// CTE's columns keep the query's own names.
			o := s.Orders
			per := expr.Select(o.C("user_id"), expr.CountAll(), expr.Max(o.C("amount")).As("top")).
				From(o).GroupBy(o.C("user_id")).CTE("per_user")
			return expr.Select(per.C("user_id"), per.C("top")).With(per).From(per).OrderBy(per.C("user_id"))
		}, Rows: rows(r("1", "250"), r("2", "75"), r("4", "300"))},

		{Name: "cte_recursive", Build: func(s *Schema) expr.Statement {
			n := s.Nodes
			tree := expr.NewRecursiveCTE("tree", "id", "label", "depth")
			tree.Define(expr.UnionAll(
				expr.Select(n.C("id"), n.C("label"), expr.Cast(0, expr.Integer)).Where(n.C("parent_id").IsNull()),
				expr.Select(n.C("id"), n.C("label"), tree.C("depth").Add(1)).From(n).Join(tree, n.C("parent_id").Eq(tree.C("id"))),
			))
			return expr.Select(tree.C("label"), tree.C("depth")).With(tree).From(tree).OrderBy(tree.C("depth"), tree.C("label"))
		}, Rows: rows(r("root", "0"), r("a", "1"), r("b", "1"), r("a1", "2"))},

		{Name: "union", Build: func(s *Schema) expr.Statement {
			u, t := s.Users, s.Tags
			return expr.Union(expr.Select(u.C("name")).Where(u.C("id").Le(2)), expr.Select(t.C("label")).Where(t.C("id").Eq(1))).
				OrderBy(u.C("name"))
		}, Rows: rows(r("ann"), r("bob"), r("go"))},

		{Name: "union_all_limit", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.UnionAll(expr.Select(u.C("status")).Where(u.C("id").Le(2)), expr.Select(u.C("status")).Where(u.C("id").Eq(1))).
				OrderBy(u.C("status")).Limit(2)
		}, Rows: rows(r("active"), r("active"))},

		{Name: "intersect_except", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Except(expr.Select(u.C("id")), expr.Select(o.C("user_id"))).OrderBy(u.C("id"))
		}, Rows: rows(r("3"), r("5"))},

		{Name: "intersect", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Intersect(expr.Select(u.C("id")).Where(u.C("age").Gt(20)), expr.Select(o.C("user_id"))).OrderBy(u.C("id"))
		}, Rows: rows(r("1"), r("4"))},

		{Name: "intersect_all", Build: func(s *Schema) expr.Statement {
			o := s.Orders
			return expr.IntersectAll(expr.Select(o.C("user_id")), expr.Select(o.C("user_id")).Where(o.C("amount").Gt(50))).OrderBy(o.C("user_id"))
		}, Rows: rows(r("1"), r("1"), r("2"), r("4")), Unsupported: []string{"sqlite"}},

		{Name: "except_all", Build: func(s *Schema) expr.Statement {
			o := s.Orders
			return expr.ExceptAll(expr.Select(o.C("user_id")), expr.Select(o.C("user_id")).Where(o.C("amount").Gt(50))).OrderBy(o.C("user_id"))
		}, Rows: rows(r("4")), Unsupported: []string{"sqlite"}},

		{Name: "subquery_in_from", Build: func(s *Schema) expr.Statement {
			o := s.Orders
			totals := expr.Select(o.C("user_id"), expr.Sum(o.C("amount")).As("total")).GroupBy(o.C("user_id")).Subquery("totals")
			return expr.Select(totals.C("user_id"), totals.C("total")).From(totals).Where(totals.C("total").Gt(100)).OrderBy(totals.C("user_id"))
		}, Rows: rows(r("1", "350"), r("4", "320"))},

		{Name: "lateral", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			top := expr.Select(o.C("amount")).Where(o.C("user_id").Eq(u.C("id"))).OrderBy(o.C("amount").Desc()).Limit(1).Lateral("top")
			return expr.Select(u.C("name"), top.C("amount")).From(u).CrossJoin(top).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "250"), r("bob", "75"), r("dee", "300")), Unsupported: []string{"mariadb", "sqlite"}},

		{Name: "text_named_binds", Build: func(s *Schema) expr.Statement {
			return expr.Text("SELECT name FROM users WHERE id = :id OR name = :name ORDER BY id").Bind("id", 2)
		}, Params: []sql.NamedArg{sql.Named("name", "eve")}, Rows: rows(r("bob"), r("eve"))},

		{Name: "text_as_expression", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(expr.Text("age > :min"), u.C("status").Eq("active")).OrderBy(u.C("id"))
		}, Params: []sql.NamedArg{sql.Named("min", 26)}, Rows: rows(r("ann"))},

		{Name: "unsafe_raw_sql", Build: func(s *Schema) expr.Statement {
			table := "tags" // a trusted, program-chosen name
			// sqlforgevet:reviewed: the table name is a constant of this program.
			return expr.UnsafeRawSQL("SELECT label FROM "+table+" WHERE id = :id").Bind("id", 2)
		}, Rows: rows(r("sql"))},

		// Data changes: each runs in a transaction that is rolled back.
		{Name: "insert_one", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Insert(u).Columns(u.C("id"), u.C("name"), u.C("email"), u.C("age"), u.C("status"), u.C("score")).
				Values(10, "fay", "fay@example.com", 33, "active", 5)
		}, Affected: 1, Check: countUsers, CheckRows: rows(r("6"))},

		{Name: "insert_returning", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Insert(u).Columns(u.C("name"), u.C("status")).Values("gus", "active").Returning(u.C("name"), u.C("status"))
		}, Rows: rows(r("gus", "active")), Unsupported: []string{"mysql"}},

		{Name: "insert_many", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Values(10, "a").Values(11, "b").Values(12, expr.Lower("C"))
		}, Affected: 3, Check: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Select(t.C("label")).Where(t.C("id").Ge(10)).OrderBy(t.C("id"))
		}, CheckRows: rows(r("a"), r("b"), r("c"))},

		{Name: "insert_from_select", Build: func(s *Schema) expr.Statement {
			t, u := s.Tags, s.Users
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Select(expr.Select(u.C("id").Add(100), u.C("name")).Where(u.C("id").Le(2)))
		}, Affected: 2, Check: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Select(t.C("id"), t.C("label")).Where(t.C("id").Gt(100)).OrderBy(t.C("id"))
		}, CheckRows: rows(r("101", "ann"), r("102", "bob"))},

		{Name: "upsert_do_nothing", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Values(1, "dup").Values(20, "new").OnConflict(t.C("id")).DoNothing()
		}, Affected: 1, Check: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Select(t.C("label")).Where(t.C("id").In(1, 20)).OrderBy(t.C("id"))
		}, CheckRows: rows(r("go"), r("new")), Unsupported: onlyTargetKey},

		{Name: "upsert_do_update", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Values(2, "sql2").Values(21, "x").
				OnConflict(t.C("id")).DoUpdate(expr.Assign(t.C("label"), expr.Excluded(t.C("label")).Concat("!"))).
				DoUpdateWhere(t.C("label").Ne("go"))
		}, Affected: 2, Check: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Select(t.C("label")).Where(t.C("id").In(2, 21)).OrderBy(t.C("id"))
		}, CheckRows: rows(r("sql2!"), r("x")), Unsupported: []string{"mysql", "mariadb"}},

		{Name: "on_duplicate_key_update", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Values(2, "sql2").
				OnDuplicateKeyUpdate(expr.Assign(t.C("label"), expr.Excluded(t.C("label"))))
		}, Affected: -1, Check: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Select(t.C("label")).Where(t.C("id").Eq(2))
		}, CheckRows: rows(r("sql2")), Unsupported: []string{"postgres", "sqlite"}},

		{Name: "insert_default_values", Build: func(s *Schema) expr.Statement {
			return expr.Insert(s.Scratch)
		}, Affected: 1},

		{Name: "update_where", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Update(u).Set(u.C("score"), u.C("score").Add(1)).Set(u.C("name"), "ann2").Set(u.C("age"), nil).Where(u.C("id").Eq(1))
		}, Affected: 1, Check: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name"), u.C("score"), u.C("age")).Where(u.C("id").Eq(1))
		}, CheckRows: rows(r("ann2", "11", "NULL"))},

		{Name: "update_returning", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Update(u).Set(u.C("score"), 0).Where(u.C("status").Eq("banned")).Returning(u.C("id"), u.C("score"))
		}, Rows: rows(r("3", "0"), r("5", "0")), Unordered: true, Unsupported: []string{"mysql", "mariadb"}},

		{Name: "update_from", Build: func(s *Schema) expr.Statement {
			u, o := s.Users, s.Orders
			return expr.Update(u).Set(u.C("score"), o.C("amount")).From(o).Where(o.C("user_id").Eq(u.C("id")), o.C("id").Eq(3))
		}, Affected: 1, Check: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("score")).Where(u.C("id").Eq(2))
		}, CheckRows: rows(r("75"))},

		{Name: "update_all_rows", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Update(t).Set(t.C("label"), t.C("label").Concat("_x")).AllRows()
		}, Affected: 3, Check: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Select(t.C("label")).OrderBy(t.C("id")).Limit(1)
		}, CheckRows: rows(r("go_x"))},

		{Name: "delete_where", Build: func(s *Schema) expr.Statement {
			o := s.Orders
			return expr.Delete(o).Where(o.C("amount").Lt(80))
		}, Affected: 2, Check: countOrders, CheckRows: rows(r("3"))},

		{Name: "delete_returning", Build: func(s *Schema) expr.Statement {
			o := s.Orders
			return expr.Delete(o).Where(o.C("id").Eq(4)).Returning(o.C("id"), o.C("amount"))
		}, Rows: rows(r("4", "300")), Unsupported: []string{"mysql"}},

		{Name: "delete_using", Build: func(s *Schema) expr.Statement {
			o, u := s.Orders, s.Users
			return expr.Delete(o).Using(u).Where(o.C("user_id").Eq(u.C("id")), u.C("name").Eq("dee"))
		}, Affected: 2, Check: countOrders, CheckRows: rows(r("3")), Unsupported: []string{"sqlite"}},

		{Name: "delete_cascade", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Delete(u).Where(u.C("id").Eq(1))
		}, Affected: 1, Check: countOrders, CheckRows: rows(r("3"))},

		// DDL: the fixture's own CREATE TABLE statements are golden cases
		// too (create_table_*); these cover the remaining forms.
		{Name: "create_table_if_not_exists", Build: func(s *Schema) expr.Statement {
			return expr.CreateTable(s.Users).IfNotExists()
		}, Affected: -1, DDL: true},

		{Name: "create_index", Build: func(s *Schema) expr.Statement {
			return expr.CreateIndex(&expr.Index{Name: "ix_orders_amount", Table: s.Orders, Columns: []*expr.Column{s.Orders.C("amount"), s.Orders.C("user_id")}})
		}, Affected: -1, DDL: true},

		{Name: "create_unique_index_if_not_exists", Build: func(s *Schema) expr.Statement {
			return expr.CreateIndex(&expr.Index{Name: "ix_users_name", Table: s.Users, Columns: []*expr.Column{s.Users.C("name")}, Unique: true}).IfNotExists()
		}, Affected: -1, DDL: true, Unsupported: []string{"mysql"}},

		{Name: "drop_index", Build: func(s *Schema) expr.Statement {
			return expr.DropIndex(&expr.Index{Name: "ix_orders_amount", Table: s.Orders})
		}, Affected: -1, DDL: true},

		{Name: "drop_index_if_exists", Build: func(s *Schema) expr.Statement {
			return expr.DropIndex(&expr.Index{Name: "ix_missing", Table: s.Orders}).IfExists()
		}, Affected: -1, DDL: true, Unsupported: []string{"mysql"}},

		{Name: "drop_table_if_exists", Build: func(s *Schema) expr.Statement {
			return expr.DropTable(s.Scratch).IfExists()
		}, Affected: -1, DDL: true},
	}
}

func countUsers(s *Schema) expr.Statement { return expr.Select(expr.CountAll()).From(s.Users) }

func countOrders(s *Schema) expr.Statement { return expr.Select(expr.CountAll()).From(s.Orders) }

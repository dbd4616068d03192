package compiletest

import "github.com/sqlforge/sqlforge/expr"

// bindCases are the cases of values the server must be told the type of
// (PostgreSQL) and of literals that are not binds.
func bindCases() []Case {
	return []Case{
		{Name: "bind_select_values", Build: func(s *Schema) expr.Statement {
			// Values that stand alone: PostgreSQL cannot infer their types.
			return expr.Select(expr.Value(1).As("i"), expr.Value(int64(5000000000)).As("big"), expr.Value("x").As("s"),
				expr.Value(2.5).As("f"), expr.Value(true).As("b"), expr.Value(1).Add(expr.Value(2)).As("sum"))
		}, Rows: rows(r("1", "5000000000", "x", "2.5", "1", "3"))},

		{Name: "bind_case_results", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name"), expr.Case().When(u.C("age").Lt(18), 1).Else(0).As("minor"),
				expr.CaseOf(u.C("status")).When("banned", "no").Else("yes").As("ok")).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "0", "yes"), r("bob", "1", "yes"), r("cid", "0", "no"), r("dee", "0", "yes"), r("eve", "0", "no"))},

		{Name: "bind_case_decimal", Build: func(s *Schema) expr.Statement {
			// Beside the INTEGER 0, an untyped decimal would be read as an
			// integer on PostgreSQL.
			u := s.Users
			return expr.Select(u.C("name"), expr.Case().When(u.C("id").Eq(1), expr.MustParseDecimal("12.5")).Else(0).As("d")).
				Where(u.C("id").Le(2)).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "12.5"), r("bob", "0"))},

		{Name: "bind_coalesce", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name"), expr.Coalesce(nil, 7).As("seven"), expr.Coalesce(u.C("age"), 0).Add(1).As("age1")).
				Where(u.C("id").In(3, 5)).OrderBy(u.C("id"))
		}, Rows: rows(r("cid", "7", "46"), r("eve", "7", "1"))},

		{Name: "bind_recursive_cte", Build: func(s *Schema) expr.Statement {
			// The anchor selects values only: its column types come from
			// them (on MySQL also their width, so s keeps its length).
			c := expr.NewRecursiveCTE("counter", "n", "s")
			c.Define(expr.UnionAll(
				expr.Select(expr.Value(1), expr.Value("n")),
				expr.Select(c.C("n").Add(1), c.C("s")).From(c).Where(c.C("n").Lt(5)),
			))
			return expr.Select(c.C("s").Concat(c.C("n")).As("sn")).With(c).From(c).OrderBy(c.C("n"))
		}, Rows: rows(r("n1"), r("n2"), r("n3"), r("n4"), r("n5"))},

		{Name: "bind_function_args", Build: func(s *Schema) expr.Statement {
			// substr takes integer positions: a value cast to BIGINT
			// would find no function on PostgreSQL.
			u := s.Users
			return expr.Select(expr.Func("substr", u.C("name"), 2, 2).As("mid"), expr.Lower("ABC").As("low")).
				Where(u.C("id").Eq(1))
		}, Rows: rows(r("nn", "abc"))},

		{Name: "bind_beside_column", Build: func(s *Schema) expr.Statement {
			// Values beside a typed operand take its type: no cast, which
			// would contradict it on PostgreSQL (date > text is an error).
			u, today := s.Users, expr.CurrentDate
			return expr.Select(u.C("name")).Where(
				u.C("id").Le(expr.Value(2)),
				today.Gt(expr.Value("2000-01-01")),
				expr.Tuple(u.C("id"), today).NotIn(expr.Tuple(1, "2000-01-01")),
				today.NotIn(expr.Value("2000-01-01")),
				expr.CaseOf(today).When("2000-01-01", 1).Else(0).Eq(0),
			).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"), r("bob"))},

		{Name: "literal_numbers", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id").Add(expr.Literal("1")).As("next"), expr.Literal("-2.5").As("neg"), expr.Literal(".5").As("half")).
				Where(u.C("id").Eq(expr.Literal("2")), expr.Literal("1e3").Gt(999), expr.Literal("-1").Lt(u.C("id").Sub(expr.Literal("-1"))))
		}, Rows: rows(r("3", "-2.5", "0.5"))},

		{Name: "literal_booleans", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name"), expr.True.As("t"), expr.False.As("f")).
				Where(expr.True, u.C("id").Le(3).And(expr.True), expr.False.Or(u.C("id").Le(2)), expr.False.Not()).
				OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "1", "0"), r("bob", "1", "0"))},
	}
}

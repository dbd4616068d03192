package compiletest

import "github.com/sqlforge/sqlforge/expr"

// operatorCases are the cases of the condition methods (And, Or, Not), IS TRUE and IS DISTINCT FROM.
func operatorCases() []Case {
	return []Case{
		{Name: "cond_methods", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(
				u.C("age").Eq(17).Or(u.C("status").Eq("active").And(u.C("score").Ge(40))),
				u.C("name").Eq("zed").Not(),
			).OrderBy(u.C("id"))
		}, Rows: rows(r("bob"), r("dee"))},

		{Name: "cond_methods_precedence", Build: func(s *Schema) expr.Statement {
			// (age = 17 OR score = 40) AND id > 2: the OR stays together.
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("age").Eq(17).Or(u.C("score").Eq(40)).And(u.C("id").Gt(2))).
				OrderBy(u.C("id"))
		}, Rows: rows(r("dee"))},

		{Name: "is_true_is_false", Build: func(s *Schema) expr.Statement {
			// eve's age is NULL: her age > 20 is neither TRUE nor FALSE.
			u := s.Users
			adult := u.C("age").Gt(20)
			return expr.Select(u.C("name"), adult.IsTrue().As("t"), adult.IsFalse().As("f")).OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "1", "0"), r("bob", "0", "1"), r("cid", "1", "0"), r("dee", "1", "0"), r("eve", "0", "0"))},

		{Name: "is_false_where", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("age").Lt(18).IsFalse()).OrderBy(u.C("id"))
		}, Rows: rows(r("ann"), r("cid"), r("dee"))},

		{Name: "is_distinct_from_nulls", Build: func(s *Schema) expr.Statement {
			// NULL on the left (eve's age, cid's score) and on the right.
			u := s.Users
			return expr.Select(u.C("name"), u.C("age").IsDistinctFrom(17).As("d"),
				u.C("score").IsNotDistinctFrom(expr.Null).As("nd"), u.C("score").IsDistinctFrom(expr.Null).As("dn")).
				OrderBy(u.C("id"))
		}, Rows: rows(r("ann", "1", "0", "1"), r("bob", "0", "0", "1"), r("cid", "1", "1", "0"), r("dee", "1", "0", "1"),
			r("eve", "1", "0", "1"))},

		{Name: "is_not_distinct_from_join", Build: func(s *Schema) expr.Statement {
			// NULL on both sides matches: cid's score and eve's age.
			a, b := s.Users.Alias("a"), s.Users.Alias("b")
			return expr.Select(a.C("name"), b.C("name")).From(a).Join(b, a.C("score").IsNotDistinctFrom(b.C("age")))
		}, Rows: rows(r("cid", "eve"))},

		{Name: "is_distinct_from_join", Build: func(s *Schema) expr.Statement {
			a, b := s.Users.Alias("a"), s.Users.Alias("b")
			return expr.Select(expr.CountAll()).From(a).Join(b, a.C("age").IsDistinctFrom(b.C("age")))
		}, Rows: rows(r("20"))},

		{Name: "eq_typed_nil_pointer", Build: func(s *Schema) expr.Statement {
			// An unset optional filter (*int64)(nil) means IS NULL, as nil
			// does; a set one binds its value.
			u := s.Users
			var unset *int64
			seventeen := int64(17)
			return expr.Select(u.C("name")).Where(expr.Or(u.C("age").Eq(unset), u.C("age").Eq(&seventeen)),
				u.C("email").Ne((*string)(nil))).OrderBy(u.C("id"))
		}, Rows: rows(r("bob"), r("eve"))},
	}
}

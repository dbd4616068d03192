package compiletest

import "github.com/sqlforge/sqlforge/expr"

// noArrays are the dialects without INSERT ... SELECT FROM unnest of
// array parameters: they refuse ValuesArrays.
var noArrays = []string{"mysql", "mariadb", "sqlite"}

// arrayCases insert rows given column by column (ValuesArrays), reading
// them back in the order of the arrays: typed slices, a []any and a
// slice of pointers with nil elements (NULL), VARCHAR and ENUM columns
// (whose arrays are TEXT[]).
func arrayCases() []Case {
	age := 31
	return []Case{
		{Name: "insert_arrays_returning", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Insert(u).Columns(u.C("id"), u.C("name"), u.C("email"), u.C("age"), u.C("status")).
				ValuesArrays([]int64{12, 10, 11}, []string{"zed", "xi", "yan"}, []any{"z@x.org", nil, "y@x.org"},
					[]*int{&age, nil, nil}, []string{"active", "banned", "active"}).
				Returning(u.C("id"), u.C("name"), u.C("email"), u.C("age"), u.C("status"))
		}, Rows: rows(r("12", "zed", "z@x.org", "31", "active"), r("10", "xi", "NULL", "NULL", "banned"), r("11", "yan", "y@x.org", "NULL", "active")),
			Unsupported: noArrays},

		{Name: "insert_arrays_exec", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).ValuesArrays([]int32{7, 8}, []string{"seven", "eight"})
		}, Affected: 2, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql"), r("3", "unused"), r("7", "seven"), r("8", "eight")),
			Unsupported: noArrays},
	}
}

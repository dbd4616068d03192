package compiletest

import "github.com/sqlforge/sqlforge/expr"

// onlyTargetKey are the dialects that refuse an ON CONFLICT target when the
// INSERT writes every column of another unique key of the table (tags:
// id and label): their ON DUPLICATE KEY UPDATE would act on a duplicate in
// that key too. The upsert_*_only_key cases insert into nodes, whose only
// key is its primary key.
var onlyTargetKey = []string{"mysql", "mariadb"}

// upsertCases are the cases of INSERT ... ON CONFLICT on every dialect.
func upsertCases() []Case {
	return []Case{
		// The upserts that MySQL and MariaDB run, on a table whose only
		// unique key is the target: INSERT ... SELECT with DO NOTHING
		// (node 5 is new), and DO UPDATE where node 2 changes, node 3
		// stays as it was and node 9 is new (Affected: see
		// upsert_do_update_pk).
		{Name: "upsert_select_only_key_do_nothing", Build: func(s *Schema) expr.Statement {
			n, u := s.Nodes, s.Users
			return expr.Insert(n).Columns(n.C("id"), n.C("label")).
				Select(expr.Select(u.C("id"), u.C("name"))).
				OnConflict(n.C("id")).DoNothing()
		}, Affected: 1, Check: nodeRows, CheckRows: rows(r("1", "root"), r("2", "a"), r("3", "b"), r("4", "a1"), r("5", "eve"))},

		{Name: "upsert_do_update_only_key", Build: func(s *Schema) expr.Statement {
			n := s.Nodes
			return expr.Insert(n).Columns(n.C("id"), n.C("label")).Values(2, "a2").Values(3, "b").Values(9, "new").
				OnConflict(n.C("id")).DoUpdate(expr.Assign(n.C("label"), expr.Excluded(n.C("label"))))
		}, Affected: 3, Check: nodeRows, CheckRows: rows(r("1", "root"), r("2", "a2"), r("3", "b"), r("4", "a1"), r("9", "new"))},

		// INSERT ... SELECT ... ON CONFLICT: SQLite needs a WHERE in the
		// query (it would read the ON as a join's), here after an
		// inferred FROM, a join and the last query of a UNION ALL.
		{Name: "upsert_select_do_nothing", Build: func(s *Schema) expr.Statement {
			t, u := s.Tags, s.Users
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).
				Select(expr.Select(u.C("id"), u.C("name"))).
				OnConflict(t.C("id")).DoNothing()
		}, Affected: 2, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql"), r("3", "unused"), r("4", "dee"), r("5", "eve")), Unsupported: onlyTargetKey},

		{Name: "upsert_select_join_do_nothing", Build: func(s *Schema) expr.Statement {
			t, u, o := s.Tags, s.Users, s.Orders
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).
				Select(expr.Select(u.C("id"), u.C("name")).Distinct().From(u).Join(o, o.C("user_id").Eq(u.C("id")))).
				OnConflict(t.C("id")).DoNothing()
		}, Affected: 1, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql"), r("3", "unused"), r("4", "dee")), Unsupported: onlyTargetKey},

		{Name: "upsert_select_union_do_nothing", Build: func(s *Schema) expr.Statement {
			t, u, n := s.Tags, s.Users, s.Nodes
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).
				Select(expr.UnionAll(
					expr.Select(u.C("id"), u.C("name")).Where(u.C("id").In(1, 4)),
					expr.Select(n.C("id").Add(10), n.C("label")))).
				OnConflict(t.C("id")).DoNothing()
		}, Affected: 5, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql"), r("3", "unused"), r("4", "dee"),
			r("11", "root"), r("12", "a"), r("13", "b"), r("14", "a1")), Unsupported: onlyTargetKey},

		// A query that has a WHERE gets no second one. Rows 4 and 5 are
		// inserted, row 3 changed and row 1 left as it was: see
		// upsert_do_update_pk for why Affected is 4 on every database.
		{Name: "upsert_select_where_do_update", Build: func(s *Schema) expr.Statement {
			t, u := s.Tags, s.Users
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).
				Select(expr.UnionAll(
					expr.Select(u.C("id"), u.C("name")).Where(u.C("id").Ge(3)),
					expr.Select(t.C("id"), t.C("label")).Where(t.C("id").Eq(1)))).
				OnConflict(t.C("id")).DoUpdate(expr.Assign(t.C("label"), expr.Excluded(t.C("label"))))
		}, Affected: 4, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql"), r("3", "cid"), r("4", "dee"), r("5", "eve")), Unsupported: onlyTargetKey},

		// DO UPDATE, on MySQL and MariaDB ON DUPLICATE KEY UPDATE. They
		// count 1 per inserted row, 2 per changed row and 0 per row left
		// as it was; PostgreSQL and SQLite count 1 per inserted or updated
		// row. With as many changed rows as unchanged ones the counts
		// agree, so Affected is checked on every database: here row 2 is
		// changed, row 3 left as it was and row 22 inserted.
		{Name: "upsert_do_update_pk", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Values(2, "sql2").Values(3, "unused").Values(22, "new").
				OnConflict(t.C("id")).DoUpdate(expr.Assign(t.C("label"), expr.Excluded(t.C("label"))))
		}, Affected: 3, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql2"), r("3", "unused"), r("22", "new")), Unsupported: onlyTargetKey},

		{Name: "upsert_do_update_unique_column", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Insert(u).Columns(u.C("name"), u.C("email"), u.C("status")).
				Values("ann2", "ann@example.com", "active").Values("bob", "bob@example.com", "active").Values("zed", "zed@x.org", "banned").
				OnConflict(u.C("email")).DoUpdate(expr.Assign(u.C("name"), expr.Excluded(u.C("name"))))
		}, Affected: 3, Check: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name"), u.C("status")).Where(u.C("email").In("ann@example.com", "bob@example.com", "zed@x.org")).
				OrderBy(u.C("name"))
		}, CheckRows: rows(r("ann2", "active"), r("bob", "active"), r("zed", "banned"))},

		// The existing row's value and the proposed one in one
		// expression: row 1 changes, row 2 (adding 0) does not.
		{Name: "upsert_do_update_expression", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Insert(u).Columns(u.C("id"), u.C("name"), u.C("status"), u.C("score")).
				Values(1, "ann", "active", 5).Values(2, "bob", "active", 0).
				OnConflict(u.C("id")).DoUpdate(expr.Assign(u.C("score"), u.C("score").Add(expr.Excluded(u.C("score")))))
		}, Affected: 2, Check: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("id"), u.C("score")).Where(u.C("id").Le(2)).OrderBy(u.C("id"))
		}, CheckRows: rows(r("1", "15"), r("2", "20"))},

		// DO NOTHING on every database; on MySQL and MariaDB it is ON
		// DUPLICATE KEY UPDATE of a column to itself, which counts a
		// skipped row as not affected.
		{Name: "upsert_do_nothing_skipped", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Values(1, "dup").OnConflict(t.C("id")).DoNothing()
		}, Affected: 0, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql"), r("3", "unused")), Unsupported: onlyTargetKey},

		{Name: "upsert_do_nothing_no_target", Build: func(s *Schema) expr.Statement {
			t := s.Tags
			return expr.Insert(t).Columns(t.C("id"), t.C("label")).Values(30, "go").Values(31, "new").DoNothing()
		}, Affected: 1, Check: tagRows, CheckRows: rows(r("1", "go"), r("2", "sql"), r("3", "unused"), r("31", "new"))},

		{Name: "upsert_do_nothing_unique_column", Build: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Insert(u).Columns(u.C("name"), u.C("email"), u.C("status")).
				Values("ann2", "ann@example.com", "active").Values("fay", "fay@x.org", "active").
				OnConflict(u.C("email")).DoNothing()
		}, Affected: 1, Check: func(s *Schema) expr.Statement {
			u := s.Users
			return expr.Select(u.C("name")).Where(u.C("email").In("ann@example.com", "fay@x.org")).OrderBy(u.C("name"))
		}, CheckRows: rows(r("ann"), r("fay"))},

		// The target's columns in another order than the key's.
		{Name: "upsert_do_nothing_composite_key", Build: func(s *Schema) expr.Statement {
			ut := s.UserTags
			return expr.Insert(ut).Values(1, 1).Values(2, 2).OnConflict(ut.C("tag_id"), ut.C("user_id")).DoNothing()
		}, Affected: 1, Check: func(s *Schema) expr.Statement {
			ut := s.UserTags
			return expr.Select(ut.C("user_id"), ut.C("tag_id")).OrderBy(ut.C("user_id"), ut.C("tag_id"))
		}, CheckRows: rows(r("1", "1"), r("1", "2"), r("2", "1"), r("2", "2"))},
	}
}

// nodeRows reads back the nodes table's ids and labels in id order.
func nodeRows(s *Schema) expr.Statement {
	n := s.Nodes
	return expr.Select(n.C("id"), n.C("label")).OrderBy(n.C("id"))
}

// tagRows reads back the tags table in id order.
func tagRows(s *Schema) expr.Statement {
	t := s.Tags
	return expr.Select(t.C("id"), t.C("label")).OrderBy(t.C("id"))
}

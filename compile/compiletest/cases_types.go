package compiletest

import (
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// typeCases are the cases of NUMERIC, EXTRACT and character length.
func typeCases() []Case {
	return []Case{
		// Every field is an integer on every database; second and epoch
		// round down (row 2 is half a second before 1970: epoch -1).
		{Name: "extract_fields", Build: func(s *Schema) expr.Statement {
			e := s.Events
			at := e.C("at")
			return expr.Select(e.C("id"),
				expr.Extract(expr.ExtractYear, at).As("y"), expr.Extract(expr.ExtractMonth, at).As("mo"),
				expr.Extract(expr.ExtractDay, at).As("d"), expr.Extract(expr.ExtractHour, at).As("h"),
				expr.Extract(expr.ExtractMinute, at).As("mi"), expr.Extract(expr.ExtractSecond, at).As("s"),
				expr.Extract(expr.ExtractDOW, at).As("dow"), expr.Extract(expr.ExtractEpoch, at).As("epoch"),
			).OrderBy(e.C("id"))
		}, Rows: rows(
			r("1", "2024", "3", "10", "13", "45", "30", "0", "1710078330"),
			r("2", "1969", "12", "31", "23", "59", "59", "3", "-1"),
			r("3", "2000", "2", "29", "0", "0", "0", "2", "951782400"))},

		// Extract as an operand: MySQL's day of the week is DAYOFWEEK()
		// - 1, which must stay together under the multiplication.
		{Name: "extract_operand", Build: func(s *Schema) expr.Statement {
			e := s.Events
			dow := expr.Extract(expr.ExtractDOW, e.C("at"))
			return expr.Select(e.C("id"), dow.Mul(10).As("dow10")).
				Where(expr.Extract(expr.ExtractYear, e.C("at")).Lt(2020)).OrderBy(e.C("id"))
		}, Rows: rows(r("2", "30"), r("3", "20"))},

		// Extract of a bound Go time (a TIMESTAMPTZ cast on PostgreSQL,
		// which cannot type a value standing alone). PostgreSQL reads its
		// fields in the session's zone: at midday in mid-month, year,
		// month and day of the week are the same in every zone but the
		// farthest, and epoch in all.
		{Name: "extract_bound_time", Build: func(s *Schema) expr.Statement {
			at := time.Date(2023, 6, 18, 12, 5, 9, 0, time.UTC) // a Sunday
			return expr.Select(expr.Extract(expr.ExtractYear, at).As("y"), expr.Extract(expr.ExtractMonth, at).As("mo"),
				expr.Extract(expr.ExtractDOW, at).As("dow"), expr.Extract(expr.ExtractEpoch, at).As("epoch"))
		}, Rows: rows(r("2023", "6", "0", "1687089909"))},

		// Length counts characters, not bytes: "héllo" is 5 (6 bytes),
		// "日本語" 3 (9 bytes), on every database.
		{Name: "length_characters", Build: func(s *Schema) expr.Statement {
			e := s.Events
			return expr.Select(e.C("id"), expr.Length(e.C("label")).As("n")).
				Where(expr.Length(e.C("label")).Gt(2)).OrderBy(e.C("id"))
		}, Rows: rows(r("1", "5"), r("2", "3"))},
	}
}

package compile

import "github.com/sqlforge/sqlforge/expr"

// extractSQL is the SQL written before and after the argument of Extract.
type extractSQL struct{ before, after string }

// PostgreSQL's EXTRACT returns numeric (with the fraction of a second for
// SECOND and EPOCH): cast to an integer, rounding down first where a
// fraction can occur (CAST rounds to nearest).
var extractStandard = [...]extractSQL{
	expr.ExtractYear:   {"CAST(EXTRACT(YEAR FROM ", ") AS INTEGER)"},
	expr.ExtractMonth:  {"CAST(EXTRACT(MONTH FROM ", ") AS INTEGER)"},
	expr.ExtractDay:    {"CAST(EXTRACT(DAY FROM ", ") AS INTEGER)"},
	expr.ExtractHour:   {"CAST(EXTRACT(HOUR FROM ", ") AS INTEGER)"},
	expr.ExtractMinute: {"CAST(EXTRACT(MINUTE FROM ", ") AS INTEGER)"},
	expr.ExtractSecond: {"CAST(floor(EXTRACT(SECOND FROM ", ")) AS INTEGER)"},
	expr.ExtractDOW:    {"CAST(EXTRACT(DOW FROM ", ") AS INTEGER)"},
	expr.ExtractEpoch:  {"CAST(floor(EXTRACT(EPOCH FROM ", ")) AS BIGINT)"},
}

// MySQL's EXTRACT returns integers (SECOND without its fraction).
// DAYOFWEEK counts from 1 = Sunday. UNIX_TIMESTAMP would read a DATETIME
// in the session's time zone and gives 0 before 1970, so epoch is the
// distance from 1970 in microseconds (exact), divided and rounded down.
// Both are parenthesized: they are operands of other operators.
var extractMySQL = [...]extractSQL{
	expr.ExtractYear:   {"EXTRACT(YEAR FROM ", ")"},
	expr.ExtractMonth:  {"EXTRACT(MONTH FROM ", ")"},
	expr.ExtractDay:    {"EXTRACT(DAY FROM ", ")"},
	expr.ExtractHour:   {"EXTRACT(HOUR FROM ", ")"},
	expr.ExtractMinute: {"EXTRACT(MINUTE FROM ", ")"},
	expr.ExtractSecond: {"EXTRACT(SECOND FROM ", ")"},
	expr.ExtractDOW:    {"(DAYOFWEEK(", ") - 1)"},
	expr.ExtractEpoch:  {"FLOOR(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ", ") / 1000000)"},
}

// SQLite's strftime returns text; %s rounds down before 1970 already.
var extractStrftime = [...]extractSQL{
	expr.ExtractYear:   {"CAST(strftime('%Y', ", ") AS INTEGER)"},
	expr.ExtractMonth:  {"CAST(strftime('%m', ", ") AS INTEGER)"},
	expr.ExtractDay:    {"CAST(strftime('%d', ", ") AS INTEGER)"},
	expr.ExtractHour:   {"CAST(strftime('%H', ", ") AS INTEGER)"},
	expr.ExtractMinute: {"CAST(strftime('%M', ", ") AS INTEGER)"},
	expr.ExtractSecond: {"CAST(strftime('%S', ", ") AS INTEGER)"},
	expr.ExtractDOW:    {"CAST(strftime('%w', ", ") AS INTEGER)"},
	expr.ExtractEpoch:  {"CAST(strftime('%s', ", ") AS INTEGER)"},
}

// extract writes a call made by expr.Extract in the dialect's spelling.
// The field is in the shape; the spelling depends on it and on the
// dialect's features only.
func (s *state) extract(f expr.FuncClauses) {
	s.tok(byte(f.Extract))
	if f.Extract.String() == "" {
		s.invalid("unknown Extract field")
		return
	}
	if len(f.Args) != 1 || f.Star || f.Distinct || f.Filter != nil || f.Window != nil {
		s.invalid("Extract takes one argument, without DISTINCT, FILTER or OVER")
		return
	}
	sql := extractStandard[f.Extract]
	switch {
	case s.c.f.Has(ExtractStrftime):
		sql = extractStrftime[f.Extract]
	case s.c.f.Has(ExtractMySQL):
		sql = extractMySQL[f.Extract]
	}
	s.kw(sql.before)
	s.expr(f.Args[0])
	s.kw(sql.after)
}

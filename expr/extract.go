package expr

// ExtractField names the part of a date or time that Extract returns. It
// is a typed constant, so the SQL of a field never comes from a caller's
// text.
type ExtractField uint8

// The fields. Every one of them is an integer on every database.
const (
	ExtractYear   ExtractField = iota + 1
	ExtractMonth               // 1–12
	ExtractDay                 // day of the month, 1–31
	ExtractHour                // 0–23
	ExtractMinute              // 0–59
	ExtractSecond              // 0–59, the fraction dropped
	ExtractDOW                 // day of the week, 0 = Sunday to 6 = Saturday
	ExtractEpoch               // whole seconds since 1970-01-01 00:00:00 UTC, rounded down
)

var extractNames = [...]string{ExtractYear: "year", ExtractMonth: "month", ExtractDay: "day",
	ExtractHour: "hour", ExtractMinute: "minute", ExtractSecond: "second", ExtractDOW: "dow", ExtractEpoch: "epoch"}

// String returns the field's name ("year", "dow"), or "" for an invalid field.
func (f ExtractField) String() string {
	if int(f) < len(extractNames) {
		return extractNames[f]
	}
	return ""
}

// Extract is a field of the date, timestamp or time x, as an integer on
// every dialect: EXTRACT (cast to an integer on PostgreSQL, whose EXTRACT
// returns numeric), DAYOFWEEK and TIMESTAMPDIFF on MySQL, strftime on
// SQLite.
//
// Second and epoch are whole seconds: the fraction of a second is
// dropped, rounding down (a portable query cannot rely on fractions:
// MySQL's EXTRACT has none, and SQLite keeps milliseconds only); use
// Cast(x, ...) or Text for finer parts. Epoch reads a timestamp without a
// time zone as UTC on every dialect (MySQL's UNIX_TIMESTAMP would read it
// in the session's zone, so it is not used), and works before 1970. A
// timestamp with a time zone gives its fields in the session's zone on
// PostgreSQL and in UTC on SQLite (MySQL stores both kinds as DATETIME):
// keep sessions in UTC for the same answers everywhere.
func Extract(field ExtractField, x any) *FuncCall {
	f := func1("extract", x)
	f.extract = field
	return f
}

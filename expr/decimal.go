package expr

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number: the one Go type that binds to and
// scans from a NUMERIC (DECIMAL) column the same way on every dialect's
// driver. Without it a NUMERIC scans as a string on pgx, as []byte on
// go-sql-driver/mysql and as a float64 or int64 on go-sqlite3, and only a
// string binds everywhere.
//
// It is our own small type rather than a decimal library behind a
// UserType because what the drivers need is exact transport, not
// arithmetic: a Decimal holds the number's digits as text, binds them as
// a string (driver.Valuer) and reads every form the drivers return
// (sql.Scanner), so expr keeps depending on nothing. For arithmetic,
// convert with Rat and back with DecimalFromRat, or keep the arithmetic in
// SQL.
//
// The zero value is 0. Decimals are comparable with ==: equal numbers
// have equal digits (String drops trailing fractional zeros, so the
// NUMERIC(10,2) value 12.30 reads as 12.3 on every database; StringFixed
// writes a fixed number of places). A NULL scans into a *Decimal as nil
// or into a sql.Null[Decimal]; into a Decimal it is an error.
//
// SQLite has no exact decimal storage: its dialect declares a NUMERIC of
// precision 15 or less with NUMERIC affinity (a float64 keeps 15 digits)
// and a wider or unbounded one as DECIMAL_TEXT, which keeps every digit
// but compares and sorts as text in SQL.
type Decimal struct {
	// s is the canonical form: "" for zero, else an optional "-", the
	// integer digits without leading zeros ("0" when there are none),
	// and, when the number has a fraction, "." and its digits without
	// trailing zeros.
	s string
}

var (
	_ driver.Valuer = Decimal{}
	// ErrDecimal: a text is not a decimal number, or a value read from
	// the database is not one. The concrete type is *DecimalError.
	ErrDecimal = errors.New("expr: invalid decimal")
)

// DecimalError reports a text that ParseDecimal or Scan rejected.
type DecimalError struct {
	Input  string // the rejected text, cut to 64 bytes
	Reason string
}

func (e *DecimalError) Error() string {
	return "expr: invalid decimal " + quoteForError(e.Input) + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrDecimal) true.
func (e *DecimalError) Unwrap() error { return ErrDecimal }

func decimalError(input, reason string) error {
	if len(input) > 64 {
		input = input[:64] + "..."
	}
	return &DecimalError{Input: input, Reason: reason}
}

// ParseDecimal reads a number in plain decimal notation, as the databases
// print NUMERIC values: an optional sign, digits, and an optional point
// with more digits ("-12.50", "0.001", ".5", "7."). Exponents, NaN and the
// infinities are errors: a NUMERIC column cannot hold them portably.
func ParseDecimal(text string) (Decimal, error) {
	s := text
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return Decimal{}, decimalError(text, "no digits")
	}
	if !allDigits(intPart) || !allDigits(frac) {
		if hasPoint && strings.Contains(frac, ".") {
			return Decimal{}, decimalError(text, "more than one decimal point")
		}
		return Decimal{}, decimalError(text, "only digits, one point and a leading sign are allowed")
	}
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	if intPart == "" && frac == "" {
		return Decimal{}, nil
	}
	if intPart == "" {
		intPart = "0"
	}
	var b strings.Builder
	b.Grow(len(intPart) + len(frac) + 2)
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(intPart)
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return Decimal{s: b.String()}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParseDecimal is ParseDecimal for constants in code: it panics on a
// text that is not a decimal.
func MustParseDecimal(text string) Decimal {
	d, err := ParseDecimal(text)
	if err != nil {
		panic(err)
	}
	return d
}

// DecimalFromInt returns n as a Decimal.
func DecimalFromInt(n int64) Decimal {
	if n == 0 {
		return Decimal{}
	}
	return Decimal{s: strconv.FormatInt(n, 10)}
}

// DecimalFromRat returns r (not nil) rounded to places digits after the point,
// halves away from zero (a quotient such as 1/3 has no exact decimal).
func DecimalFromRat(r *big.Rat, places int) Decimal {
	return MustParseDecimal(r.FloatString(max(places, 0)))
}

// String returns the number in canonical form: "0", "-12.5", "0.001".
func (d Decimal) String() string {
	if d.s == "" {
		return "0"
	}
	return d.s
}

// StringFixed returns the number with exactly places digits after the
// point, rounded half away from zero: StringFixed(2) of 12.3 is "12.30".
func (d Decimal) StringFixed(places int) string {
	return d.Rat().FloatString(max(places, 0))
}

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int {
	switch {
	case d.s == "":
		return 0
	case d.s[0] == '-':
		return -1
	}
	return 1
}

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.s == "" }

// Cmp compares d and e exactly: -1 if d < e, 0 if equal, +1 if d > e.
func (d Decimal) Cmp(e Decimal) int {
	ds, es := d.Sign(), e.Sign()
	if ds != es || ds == 0 {
		return cmpInt(ds, es)
	}
	c := cmpMagnitude(strings.TrimPrefix(d.s, "-"), strings.TrimPrefix(e.s, "-"))
	return c * ds
}

// cmpMagnitude compares two non-negative canonical forms: the longer
// integer part is larger, then the digits decide from the left.
func cmpMagnitude(a, b string) int {
	ai, af, _ := strings.Cut(a, ".")
	bi, bf, _ := strings.Cut(b, ".")
	if c := cmpInt(len(ai), len(bi)); c != 0 {
		return c
	}
	if c := strings.Compare(ai, bi); c != 0 {
		return c
	}
	return strings.Compare(af, bf) // no trailing zeros: a prefix is smaller
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Rat returns d as an exact rational number, for arithmetic.
func (d Decimal) Rat() *big.Rat {
	r, _ := new(big.Rat).SetString(d.String()) // a canonical form always parses
	return r
}

// Float64 returns the float64 nearest to d (not exact for most decimals).
func (d Decimal) Float64() float64 {
	f, _ := strconv.ParseFloat(d.String(), 64) // out of range gives ±Inf, as the nearest value
	return f
}

// Int64 returns d as an int64, and false when d has a fraction or is out
// of int64's range.
func (d Decimal) Int64() (int64, bool) {
	if strings.IndexByte(d.s, '.') >= 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(d.String(), 10, 64)
	return n, err == nil
}

// Value binds d as its canonical text, which every driver passes on and
// every database converts exactly to the column's NUMERIC type.
func (d Decimal) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a decimal from what a driver returns for a NUMERIC column:
// text (pgx), bytes (MySQL), or an int64 or float64 (SQLite, which stores
// NUMERIC values of up to 15 digits as numbers; a float64 is read as the
// shortest decimal that it is nearest to, which gives back those digits).
// A NULL is an error: scan into a *Decimal or a sql.Null[Decimal].
func (d *Decimal) Scan(src any) error {
	var err error
	switch v := src.(type) {
	case string:
		*d, err = ParseDecimal(v)
	case []byte:
		*d, err = ParseDecimal(string(v))
	case int64:
		*d = DecimalFromInt(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return decimalError(strconv.FormatFloat(v, 'g', -1, 64), "not a finite number")
		}
		*d, err = ParseDecimal(strconv.FormatFloat(v, 'f', -1, 64))
	case nil:
		return decimalError("NULL", "scan a NULL into a *Decimal or a sql.Null[Decimal]")
	default:
		return decimalError(fmt.Sprintf("%T", src), "cannot scan this type into a Decimal")
	}
	return err
}

// MarshalText writes String, so that JSON and other encodings carry every
// digit as text.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what ParseDecimal reads.
func (d *Decimal) UnmarshalText(text []byte) error {
	v, err := ParseDecimal(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

package compile

import (
	"database/sql/driver"
	"reflect"
	"strings"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// Casts of bound values that stand alone (dialects with CastBinds).
//
// PostgreSQL gives a parameter the type of what it stands beside: a value
// compared with a column, listed in IN, inserted or assigned takes the
// column's type. A value that stands alone has none: a select item
// (SELECT $1), a CASE result, a COALESCE or other function argument, the
// anchor of a recursive CTE. The server then refuses the statement
// (SELECT $1 + $2: operator is not unique: unknown + unknown) or guesses
// text, which fails later (the driver cannot send 1 as text; a recursive
// CTE's anchor column is text, and n + 1 has no operator).
// So on such a dialect a value written where it stands alone (an
// *expr.BindParam: expr.Value, or a value given to Func, Case, Coalesce,
// Select...) is written CAST($1 AS type), with the type read from the Go
// value, as SQLAlchemy 2.0 does for psycopg 3 and asyncpg.
//
// A value that stands beside another operand (operandBeside) is bound
// without a cast, as a raw value is: a cast could contradict the column
// (date_col > CAST($1 AS TEXT) is an error).
//
// No cast for nil (NULL has every type), a named parameter (expr.Param: a
// statement built once with Param serves many values, so its SQL must not
// depend on them; give the server the type with expr.Cast), a
// driver.Valuer (its Value may be of any type; expr.Decimal, whose type
// is known, is NUMERIC) and the Go types not listed in castOf.
//
// The cast depends on the value's type, so its code is part of the shape:
// the same statement with an int and with a string is two cache entries.

// bindCast is the cast a bound value gets; castNone for none.
type bindCast uint8

const (
	castNone bindCast = iota
	castSmallInt
	castInteger
	castBigInt
	castReal
	castDouble
	castText
	castBoolean
	castTimestampTZ
	castBytes
	castNumeric
)

// castTypes are the types the casts write, spelt by the dialect.
var castTypes = [...]expr.Type{
	castSmallInt:    expr.SmallInt,
	castInteger:     expr.Integer,
	castBigInt:      expr.BigInt,
	castReal:        expr.Float,
	castDouble:      expr.Double,
	castText:        expr.String,
	castBoolean:     expr.Boolean,
	castTimestampTZ: expr.TimestampTZ,
	castBytes:       expr.Bytes,
	castNumeric:     {Kind: expr.KindNumeric},
}

// castOf returns the cast for a bound value of v's Go type, read from its
// kind, as the drivers bind named types (type UserID int64) by their kind.
// The cast depends on the type only, never on the value: the SQL text,
// which hooks and logs see, tells nothing about a value.
//
// An int gets INTEGER and an int64 BIGINT. Functions declared with
// integer parameters (substr, left, round, lag) accept an INTEGER but not
// a BIGINT, and the Go constants written for them (substr(x, 1, 3)) are
// ints; PostgreSQL widens an INTEGER wherever a BIGINT, NUMERIC or DOUBLE
// PRECISION is wanted. So an int past 32 bits standing alone fails at the
// server (integer out of range): give such values as int64. Of the slices
// only []byte itself is BYTEA: json.RawMessage is not.
func castOf(v any) bindCast {
	switch v.(type) {
	case expr.Decimal:
		return castNumeric // a Valuer, but one whose SQL type is known
	case time.Time:
		return castTimestampTZ
	case []byte:
		return castBytes
	case nil:
		return castNone
	}
	t := reflect.TypeOf(v)
	if c, ok := nullCast(t); ok {
		return c
	}
	if _, ok := v.(driver.Valuer); ok {
		return castNone // its Value may be of any type
	}
	return castOfType(t)
}

// nullCast casts database/sql's Null types (NullInt64{Int64, Valid},
// Null[T]{V, Valid}, ...) as the type they hold; a pointer to one too.
func nullCast(t reflect.Type) (bindCast, bool) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.PkgPath() != "database/sql" || t.NumField() != 2 || !strings.HasPrefix(t.Name(), "Null") {
		return castNone, false
	}
	return castOfType(t.Field(0).Type), true
}

// castOfType is castOf by type alone, for a value that is not a Valuer: a
// pointer casts as what it points to, nil or not (the type decides).
func castOfType(t reflect.Type) bindCast {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case decimalType:
		return castNumeric
	case timeType:
		return castTimestampTZ
	case bytesType:
		return castBytes
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int32, reflect.Uint16:
		return castInteger
	case reflect.Int64, reflect.Uint32, reflect.Uint, reflect.Uint64:
		return castBigInt
	case reflect.Int16, reflect.Int8, reflect.Uint8:
		return castSmallInt
	case reflect.Float64:
		return castDouble
	case reflect.Float32:
		return castReal
	case reflect.String:
		return castText
	case reflect.Bool:
		return castBoolean
	}
	return castNone
}

var (
	decimalType = reflect.TypeFor[expr.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
	bytesType   = reflect.TypeFor[[]byte]()
)

// standaloneBind binds v where it stands alone, with a cast on dialects
// with CastBinds. The cast's code is recorded in the shape.
func (s *state) standaloneBind(v any) {
	c := castNone
	if s.c.f.Has(CastBinds) {
		c = castOf(v)
	}
	s.tok(byte(c))
	if c == castNone {
		s.bind(v)
		return
	}
	s.kw("CAST(")
	s.bind(v)
	s.kw(" AS ")
	if s.render && s.err == nil {
		var err error
		s.sql, err = s.c.d.AppendType(s.sql, castTypes[c], TypeCast)
		if err != nil {
			s.fail(err)
		}
	}
	s.kw(")")
}

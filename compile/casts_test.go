package compile_test

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

type userID int64

type valuer struct{}

func (valuer) Value() (driver.Value, error) { return "v", nil }

// TestBindCasts checks the cast each Go type gets where a value stands
// alone on a dialect with CastBinds.
func TestBindCasts(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.CastBinds})
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"int", 1, "CAST($1 AS INTEGER)"},
		{"int past 32 bits: by type, not value", 1 << 40, "CAST($1 AS INTEGER)"},
		{"int64", int64(1), "CAST($1 AS BIGINT)"},
		{"int32", int32(1), "CAST($1 AS INTEGER)"},
		{"int16", int16(1), "CAST($1 AS SMALLINT)"},
		{"uint32", uint32(1), "CAST($1 AS BIGINT)"},
		{"uint64", uint64(math.MaxUint64), "CAST($1 AS BIGINT)"},
		{"float64", 2.5, "CAST($1 AS DOUBLE)"},
		{"float32", float32(2.5), "CAST($1 AS FLOAT)"},
		{"string", "x", "CAST($1 AS TEXT)"},
		{"bool", true, "CAST($1 AS BOOLEAN)"},
		{"time", time.Unix(0, 0), "CAST($1 AS TIMESTAMPTZ)"},
		{"bytes", []byte("x"), "CAST($1 AS BYTES)"},
		{"named int64", userID(7), "CAST($1 AS BIGINT)"},
		{"decimal", expr.MustParseDecimal("12.5"), "CAST($1 AS NUMERIC)"},
		{"nil", nil, "$1"},
		{"valuer", valuer{}, "$1"},
		{"named slice", json.RawMessage(`{}`), "$1"},
		{"pointer", new(int), "CAST($1 AS INTEGER)"},
		{"nil pointer: by type", (*int64)(nil), "CAST($1 AS BIGINT)"},
		{"sql.NullInt64", sql.NullInt64{Int64: 7, Valid: true}, "CAST($1 AS BIGINT)"},
		{"sql.NullString", sql.NullString{}, "CAST($1 AS TEXT)"},
		{"sql.Null[float64]", sql.Null[float64]{}, "CAST($1 AS DOUBLE)"},
		{"untyped", expr.Untyped("english"), "$1"},
	} {
		v, ok := tc.v.(expr.Expr)
		if !ok {
			v = expr.Value(tc.v)
		}
		q, args, err := c.Compile(expr.Select(v), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := "SELECT " + tc.want; q != want || len(args) != 1 {
			t.Errorf("%s: %s with %d args; want %s", tc.name, q, len(args), want)
		}
	}
}

// TestBindCastsOnlyStandingAlone: named parameters, values beside a
// typed operand and values in CAST get no cast; dialects without
// CastBinds never cast.
func TestBindCastsOnlyStandingAlone(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.CastBinds})
	age := users.C("age")
	for _, tc := range []struct {
		st   expr.Statement
		want string
	}{
		{expr.Select(expr.Param("p")), `SELECT $1`},
		{expr.Select(age).Where(age.Eq(expr.Value(1)), expr.Value(2).Lt(age)),
			`SELECT "users"."age" FROM "users" WHERE "users"."age" = $1 AND $2 < "users"."age"`},
		{expr.Select(expr.Value(1).Add(expr.Value(2))), `SELECT CAST($1 AS INTEGER) + CAST($2 AS INTEGER)`},
		{expr.Select(expr.Value(1).Eq(expr.Param("p"))), `SELECT CAST($1 AS INTEGER) = $2`},
		{expr.Select(expr.Cast(1, expr.BigInt)), `SELECT CAST($1 AS BIGINT)`},
		{expr.Select(age).Where(age.In(expr.Value(1), 2), age.Like(expr.Value("%"))),
			`SELECT "users"."age" FROM "users" WHERE "users"."age" IN ($1, $2) AND "users"."age" LIKE $3`},
		{expr.Select(expr.Tuple(age, 1).Eq(expr.Tuple(2, 3))).From(users),
			`SELECT ("users"."age", CAST($1 AS INTEGER)) = ($2, CAST($3 AS INTEGER)) FROM "users"`},
	} {
		q, _, err := c.Compile(tc.st, nil, sql.Named("p", 1))
		if err != nil {
			t.Fatal(err)
		}
		if q != tc.want {
			t.Errorf("got  %s\nwant %s", q, tc.want)
		}
	}
	plain := compile.New(ansi{dollar: true})
	if q, _, _ := plain.Compile(expr.Select(expr.Value(1)), nil); q != "SELECT $1" {
		t.Errorf("without CastBinds: %s", q)
	}
}

// TestBindCastInShape: the cast depends on the value's type, so
// statements that differ only in a value's type are cached apart.
func TestBindCastInShape(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.CastBinds})
	for _, tc := range []struct {
		v    any
		want string
	}{
		{1, "SELECT CAST($1 AS INTEGER)"},
		{"x", "SELECT CAST($1 AS TEXT)"},
		{int64(1), "SELECT CAST($1 AS BIGINT)"},
		{1 << 40, "SELECT CAST($1 AS INTEGER)"},
	} {
		if q, _, _ := c.Compile(expr.Select(expr.Value(tc.v)), nil); q != tc.want {
			t.Errorf("%v: %s; want %s", tc.v, q, tc.want)
		}
	}
}

// TestBindCastByTypeNotValue: the SQL text, which hooks and logs see,
// tells nothing about a value: integers of one Go type get one cast
// whatever their size.
func TestBindCastByTypeNotValue(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.CastBinds}, compile.CacheSize(0))
	for _, pair := range [][2]any{{1, 1 << 40}, {int64(1), int64(-1 << 40)}, {uint64(1), uint64(math.MaxUint64)}, {"", "x"}} {
		q0, _, _ := c.Compile(expr.Select(expr.Coalesce(users.C("age"), pair[0])), nil)
		q1, _, _ := c.Compile(expr.Select(expr.Coalesce(users.C("age"), pair[1])), nil)
		if q0 != q1 {
			t.Errorf("SQL depends on the value:\n%s\n%s", q0, q1)
		}
	}
}

// TestBindCastsBesideTypedSiblings: COALESCE's arguments and CASE's
// results share one type, so a value among them takes a typed sibling's
// type rather than a cast from its Go type, which could contradict it
// (coalesce(jsonb_col, CAST($1 AS TEXT)) is an error; a float cast beside
// a NUMERIC loses digits). With no typed sibling each value is cast.
func TestBindCastsBesideTypedSiblings(t *testing.T) {
	c := compile.New(ansi{dollar: true, f: compile.CastBinds})
	age := users.C("age")
	for _, tc := range []struct {
		e    expr.Expr
		want string
	}{
		{expr.Coalesce(age, 0.5), `coalesce("users"."age", $1)`},
		{expr.Coalesce(0.5, age), `coalesce($1, "users"."age")`},
		{expr.Coalesce(1, 2), `coalesce(CAST($1 AS INTEGER), CAST($2 AS INTEGER))`},
		{expr.Func("NULLIF", age, 0), `NULLIF("users"."age", $1)`},
		{expr.Case().When(age.Gt(1), age).Else(0.5), `CASE WHEN "users"."age" > $1 THEN "users"."age" ELSE $2 END`},
		{expr.Case().When(age.Gt(1), 1).Else(age), `CASE WHEN "users"."age" > $1 THEN $2 ELSE "users"."age" END`},
		{expr.Case().When(age.Gt(1), 1).Else(2), `CASE WHEN "users"."age" > $1 THEN CAST($2 AS INTEGER) ELSE CAST($3 AS INTEGER) END`},
		{expr.Func("to_tsquery", expr.Untyped("english"), "q"), `to_tsquery($1, CAST($2 AS TEXT))`},
	} {
		q, _, err := c.Compile(expr.Select(tc.e).From(users), nil)
		if want := "SELECT " + tc.want + ` FROM "users"`; err != nil || q != want {
			t.Errorf("got  %s (%v)\nwant %s", q, err, want)
		}
	}
}

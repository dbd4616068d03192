package expr_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0", "0"}, {"-0", "0"}, {"+0.000", "0"}, {"000", "0"}, {".0", "0"},
		{"12.30", "12.3"}, {"-12.50", "-12.5"}, {"+7", "7"}, {"7.", "7"}, {".5", "0.5"},
		{"-0.001", "-0.001"}, {"00123.4500", "123.45"}, {"100", "100"},
		{"12345678901234567890.123456789", "12345678901234567890.123456789"},
		{"-99999999999999999999999999999.999999999", "-99999999999999999999999999999.999999999"},
	} {
		d, err := expr.ParseDecimal(tc.in)
		if err != nil || d.String() != tc.want {
			t.Errorf("ParseDecimal(%q) = %q, %v; want %q", tc.in, d, err, tc.want)
		}
	}
	for _, in := range []string{"", "-", "+", ".", "-.", "1.2.3", "1e3", "NaN", "Infinity", " 1", "1 ", "1,5", "--1", "0x10", "١"} {
		d, err := expr.ParseDecimal(in)
		var de *expr.DecimalError
		if !errors.Is(err, expr.ErrDecimal) || !errors.As(err, &de) {
			t.Errorf("ParseDecimal(%q) = %q, %v; want a *DecimalError", in, d, err)
		}
	}
}

func TestDecimalEqualNumbersAreEqual(t *testing.T) {
	// Equal numbers have equal canonical forms, so == and map keys work.
	if expr.MustParseDecimal("12.30") != expr.MustParseDecimal("012.3") {
		t.Error("12.30 != 012.3")
	}
	if expr.MustParseDecimal("-0.0") != (expr.Decimal{}) {
		t.Error("-0.0 is not the zero Decimal")
	}
	if (expr.Decimal{}).String() != "0" {
		t.Errorf("zero value prints %q; want 0", expr.Decimal{})
	}
}

func TestDecimalCmp(t *testing.T) {
	ordered := []string{"-100", "-99.99", "-1", "-0.5", "-0.05", "0", "0.05", "0.5", "0.51", "1", "9.999", "10", "10.0001", "12345678901234567890.123456789"}
	for i, a := range ordered {
		for j, b := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := expr.MustParseDecimal(a).Cmp(expr.MustParseDecimal(b)); got != want {
				t.Errorf("Cmp(%s, %s) = %d; want %d", a, b, got, want)
			}
		}
	}
}

func TestDecimalConversions(t *testing.T) {
	d := expr.MustParseDecimal("-1234.5")
	if got := d.StringFixed(2); got != "-1234.50" {
		t.Errorf("StringFixed(2) = %q", got)
	}
	if got := d.StringFixed(0); got != "-1235" {
		t.Errorf("StringFixed(0) = %q; want -1235 (half away from zero)", got)
	}
	if got := expr.MustParseDecimal("0.125").StringFixed(2); got != "0.13" {
		t.Errorf("StringFixed(2) of 0.125 = %q; want 0.13", got)
	}
	if d.Sign() != -1 || d.IsZero() || (expr.Decimal{}).Sign() != 0 || expr.DecimalFromInt(3).Sign() != 1 {
		t.Error("Sign or IsZero wrong")
	}
	if got := d.Rat(); got.Cmp(big.NewRat(-2469, 2)) != 0 {
		t.Errorf("Rat = %v", got)
	}
	if got := expr.DecimalFromRat(big.NewRat(1, 3), 4); got.String() != "0.3333" {
		t.Errorf("DecimalFromRat(1/3, 4) = %s", got)
	}
	if got := expr.DecimalFromRat(big.NewRat(-5, 2), 0); got.String() != "-3" {
		t.Errorf("DecimalFromRat(-5/2, 0) = %s; want -3", got)
	}
	if got := d.Float64(); got != -1234.5 {
		t.Errorf("Float64 = %v", got)
	}
	if n, ok := expr.MustParseDecimal("-9223372036854775808").Int64(); !ok || n != math.MinInt64 {
		t.Errorf("Int64 = %d, %v", n, ok)
	}
	for _, s := range []string{"1.5", "9223372036854775808"} {
		if n, ok := expr.MustParseDecimal(s).Int64(); ok {
			t.Errorf("Int64(%s) = %d, true; want false", s, n)
		}
	}
	if got := expr.DecimalFromInt(-42).String(); got != "-42" {
		t.Errorf("DecimalFromInt(-42) = %s", got)
	}
}

func TestDecimalScan(t *testing.T) {
	for _, tc := range []struct {
		src  any
		want string
	}{
		{"12345678901234567890.123456789", "12345678901234567890.123456789"}, // pgx
		{[]byte("-0.500000000"), "-0.5"},                                     // MySQL pads to the scale
		{int64(-7), "-7"},                                                    // SQLite INTEGER
		{12.3, "12.3"},                                                       // SQLite REAL
		{0.1, "0.1"},
		{123456789012345.0, "123456789012345"},
		{1e20, "100000000000000000000"},
	} {
		var d expr.Decimal
		if err := d.Scan(tc.src); err != nil || d.String() != tc.want {
			t.Errorf("Scan(%#v) = %s, %v; want %s", tc.src, d, err, tc.want)
		}
	}
	for _, src := range []any{nil, "abc", math.NaN(), math.Inf(-1), true, uint64(1)} {
		var d expr.Decimal
		if err := d.Scan(src); !errors.Is(err, expr.ErrDecimal) {
			t.Errorf("Scan(%#v): %v; want ErrDecimal", src, err)
		}
	}
}

func TestDecimalValueAndNull(t *testing.T) {
	v, err := expr.MustParseDecimal("-12.50").Value()
	if err != nil || v != "-12.5" {
		t.Errorf("Value = %#v, %v", v, err)
	}
	var n sql.Null[expr.Decimal]
	if err := n.Scan(nil); err != nil || n.Valid {
		t.Errorf("Null.Scan(nil) = %v, %v", n, err)
	}
	if err := n.Scan([]byte("3.10")); err != nil || !n.Valid || n.V.String() != "3.1" {
		t.Errorf("Null.Scan(3.10) = %v, %v", n, err)
	}
	if v, err := n.Value(); err != nil || v != "3.1" {
		t.Errorf("Null.Value = %#v, %v; want the text 3.1", v, err)
	}
}

func TestDecimalText(t *testing.T) {
	b, err := json.Marshal(struct{ Price expr.Decimal }{expr.MustParseDecimal("19.90")})
	if err != nil || string(b) != `{"Price":"19.9"}` {
		t.Errorf("json = %s, %v", b, err)
	}
	var back struct{ Price expr.Decimal }
	if err := json.Unmarshal(b, &back); err != nil || back.Price.String() != "19.9" {
		t.Errorf("json back = %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"Price":"x"}`), &back); !errors.Is(err, expr.ErrDecimal) {
		t.Errorf("json of x: %v", err)
	}
}

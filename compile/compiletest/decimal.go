package compiletest

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// decimalRows are the values RunDecimal stores: amount is NUMERIC(38,9),
// price NUMERIC(12,2); "" is NULL. The values are canonical (see
// expr.Decimal.String), which is what must come back on every database.
var decimalRows = []struct{ amount, price string }{
	{"12345678901234567890.123456789", "12.3"}, // every digit of a wide value; 12.30 reads back as 12.3
	{"-12345678901234567890.123456789", "-9999999999.99"},
	{"0", "0"},
	{"-0.5", "0.01"},
	{"0.000000001", ""},
	{"99999999999999999999999999999.999999999", "1234567890.12"},
	{"", "-0.5"},
	{"42", "100"},
}

// RunDecimal checks on a real database that expr.Decimal binds to and
// scans from NUMERIC columns exactly: a wide and a narrow column, large,
// negative, zero and tiny values, NULL through *expr.Decimal and
// sql.Null[expr.Decimal], a Decimal bound in WHERE, and the narrow
// column sorting as numbers. The table is created and dropped here.
func RunDecimal(t *testing.T, d compile.Dialect, db *sql.DB) {
	ctx := context.Background()
	c := compile.New(d)
	tb := expr.NewMetaData().MustTable("decimals",
		expr.Col("id", expr.Integer, expr.PK),
		expr.Col("amount", expr.Numeric(38, 9)),
		expr.Col("price", expr.Numeric(12, 2)),
	)
	run := func(st expr.Statement) {
		t.Helper()
		q, args, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	run(expr.CreateTable(tb))
	defer run(expr.DropTable(tb))

	ins := expr.Insert(tb)
	for i, r := range decimalRows {
		var amount *expr.Decimal // a nil *Decimal binds NULL
		if r.amount != "" {
			v := expr.MustParseDecimal(r.amount)
			amount = &v
		}
		price := sql.Null[expr.Decimal]{Valid: r.price != ""}
		if price.Valid {
			price.V = expr.MustParseDecimal(r.price)
		}
		if i%2 == 0 && amount != nil {
			ins.Values(i+1, *amount, price) // a Decimal, not a pointer
		} else {
			ins.Values(i+1, amount, price)
		}
	}
	run(ins)

	query := func(st expr.Statement) *sql.Rows {
		t.Helper()
		q, args, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return rs
	}
	rs := query(expr.Select(tb.C("id"), tb.C("amount"), tb.C("price")).OrderBy(tb.C("id")))
	n := 0
	for rs.Next() {
		var id int
		var amount *expr.Decimal
		var price sql.Null[expr.Decimal]
		if err := rs.Scan(&id, &amount, &price); err != nil {
			t.Fatal(err)
		}
		want := decimalRows[id-1]
		if got := decimalText(amount != nil, derefDecimal(amount)); got != want.amount {
			t.Errorf("row %d: amount %q; want %q", id, got, want.amount)
		}
		if got := decimalText(price.Valid, price.V); got != want.price {
			t.Errorf("row %d: price %q; want %q", id, got, want.price)
		}
		n++
	}
	closeRows(t, rs)
	if n != len(decimalRows) {
		t.Fatalf("read %d rows; want %d", n, len(decimalRows))
	}

	// A Decimal bound in WHERE finds its row by every digit.
	wide := expr.MustParseDecimal(decimalRows[0].amount)
	if got := ids(t, query(expr.Select(tb.C("id")).Where(tb.C("amount").Eq(wide)))); !slices.Equal(got, []int{1}) {
		t.Errorf("WHERE amount = %s: ids %v; want [1]", wide, got)
	}
	// The narrow column compares and sorts as numbers on every database.
	q := expr.Select(tb.C("id")).Where(tb.C("price").Gt(expr.MustParseDecimal("-1"))).OrderBy(tb.C("price"), tb.C("id"))
	if got := ids(t, query(q)); !slices.Equal(got, []int{7, 3, 4, 1, 8, 6}) {
		t.Errorf("price > -1 ORDER BY price: ids %v; want [7 3 4 1 8 6]", got)
	}

	// A NULL does not scan into a Decimal.
	rs = query(expr.Select(tb.C("amount")).Where(tb.C("id").Eq(7)))
	if !rs.Next() {
		t.Fatal("row 7 missing")
	}
	var d7 expr.Decimal
	if err := rs.Scan(&d7); !errors.Is(err, expr.ErrDecimal) {
		t.Errorf("NULL into a Decimal: %v; want ErrDecimal", err)
	}
	closeRows(t, rs)
}

func derefDecimal(d *expr.Decimal) expr.Decimal {
	if d == nil {
		return expr.Decimal{}
	}
	return *d
}

// decimalText is d's canonical text, "" for NULL.
func decimalText(valid bool, d expr.Decimal) string {
	if !valid {
		return ""
	}
	return d.String()
}

func ids(t *testing.T, rs *sql.Rows) []int {
	t.Helper()
	var out []int
	for rs.Next() {
		var id int
		if err := rs.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	closeRows(t, rs)
	return out
}

func closeRows(t *testing.T, rs *sql.Rows) {
	t.Helper()
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
}

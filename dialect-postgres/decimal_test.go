package pgdialect_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/expr"
)

// TestDecimal round-trips expr.Decimal through NUMERIC columns with
// database/sql over pgx, which returns NUMERIC as a string.
func TestDecimal(t *testing.T) { compiletest.RunDecimal(t, pgdialect.New(), openDB(t)) }

// TestDecimalNative binds and scans expr.Decimal on a native pgx
// connection (the engine's Pool and Conn sources), where pgx would
// otherwise hand out a pgtype.Numeric.
func TestDecimalNative(t *testing.T) {
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, pgSchema(t, pgAdmin(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tb := expr.NewMetaData().MustTable("decimals", expr.Col("id", expr.Integer, expr.PK), expr.Col("amount", expr.Numeric(38, 9)))
	c := compile.New(pgdialect.New())
	wide := expr.MustParseDecimal("-12345678901234567890.123456789")
	for _, st := range []expr.Statement{
		expr.CreateTable(tb),
		expr.Insert(tb).Values(1, wide).Values(2, (*expr.Decimal)(nil)).Values(3, expr.MustParseDecimal("0.5")),
	} {
		q, args, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	q, args, err := c.Compile(expr.Select(tb.C("id"), tb.C("amount")).Where(tb.C("amount").Ge(wide)).OrderBy(tb.C("id")), nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query(ctx, q, args...)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id int
		var d *expr.Decimal
		if err := rows.Scan(&id, &d); err != nil {
			t.Fatal(err)
		}
		if d == nil {
			t.Fatalf("row %d: NULL amount, which >= skips", id)
		}
		got = append(got, d.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != wide.String() || got[1] != "0.5" {
		t.Errorf("amounts %q; want [%s 0.5]", got, wide)
	}
	var null *expr.Decimal
	if err := conn.QueryRow(ctx, `SELECT amount FROM decimals WHERE id = 2`).Scan(&null); err != nil || null != nil {
		t.Errorf("NULL amount: %v, %v; want nil", null, err)
	}
}

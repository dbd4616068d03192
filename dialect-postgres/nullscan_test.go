package pgdialect_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// On native pgx, NULL scanned into a destination that cannot hold it is an
// *engine.NullScanError naming the column, noted before pgx ends the rows;
// NULL into one that can, and a failure at a non-NULL column, are not.
func TestNativeNullScanError(t *testing.T) {
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, pgSchema(t, pgAdmin(t)))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(pgdialect.Conn(conn), pgdialect.New())
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	// Rows after the failing one: draining them must not hide the NULL.
	q := expr.Text("SELECT 'x' AS a, NULL::text AS b FROM generate_series(1, 50)")
	var a, b string
	rows, err := e.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	rows.Next()
	err = rows.Scan(&a, &b)
	rows.Close()
	var ne *engine.NullScanError
	if !errors.As(err, &ne) || ne.Index != 1 || ne.Column != "b" || ne.NullColumn() != 1 {
		t.Fatalf("got %v; want an *engine.NullScanError for column 1, b", err)
	}
	var pb *string
	if err := e.QueryRow(ctx, q).Scan(&a, &pb); err != nil || pb != nil {
		t.Fatalf("NULL into *string: %v, %v", pb, err)
	}
	var n int
	if err := e.QueryRow(ctx, q).Scan(&n, &pb); err == nil || errors.As(err, &ne) {
		t.Fatalf("text into int: %v; want an error that is no NullScanError", err)
	}
}

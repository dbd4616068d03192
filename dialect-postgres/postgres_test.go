package pgdialect_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
)

const defaultDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// openDB connects to PostgreSQL with a fresh schema of its own on the
// search path, dropped when the test ends.
func openDB(t testing.TB) *sql.DB {
	t.Helper()
	db := stdlib.OpenDB(*pgSchema(t, pgAdmin(t)))
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	compiletest.Run(t, compiletest.Env{
		Dialect: pgdialect.New(),
		DB:      openDB(t),
		AfterSeed: func(ctx context.Context, db *sql.DB) error {
			// The fixture inserts explicit ids; move the identities past them.
			for _, tb := range []string{"users", "orders", "scratch"} {
				if _, err := db.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('"+tb+"', 'id'), 1000)"); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

func TestErrors(t *testing.T) { compiletest.RunErrors(t, pgdialect.New()) }

func FuzzValuesNeverInSQL(f *testing.F) { compiletest.FuzzValues(f, pgdialect.New()) }

func FuzzIdentifiers(f *testing.F) {
	compiletest.FuzzIdentifiers(f, pgdialect.New(), openDB(f), columnNames)
}

func columnNames(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

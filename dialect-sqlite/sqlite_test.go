package sqlitedialect_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
)

func openDB(t testing.TB) *sql.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "test.db") + "?_foreign_keys=1&_busy_timeout=5000"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	compiletest.Run(t, compiletest.Env{Dialect: sqlitedialect.New(), DB: openDB(t)})
}

func TestErrors(t *testing.T) { compiletest.RunErrors(t, sqlitedialect.New()) }

func FuzzValuesNeverInSQL(f *testing.F) { compiletest.FuzzValues(f, sqlitedialect.New()) }

func FuzzIdentifiers(f *testing.F) {
	compiletest.FuzzIdentifiers(f, sqlitedialect.New(), openDB(f), columnNames)
}

func columnNames(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
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

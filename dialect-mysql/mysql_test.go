package mysqldialect_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
)

const defaultDSN = "root@tcp(127.0.0.1:3306)/test"

// openDB connects to MariaDB (or MySQL) with a fresh database of its own,
// dropped when the test ends.
func openDB(t testing.TB) *sql.DB {
	t.Helper()
	admin, cfg := myAdmin(t)
	db, err := sql.Open("mysql", myDatabase(t, admin, cfg).FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dialect returns the flavour of the server under test.
func dialect(t testing.TB, db *sql.DB) mysqldialect.Dialect {
	var version string
	if err := db.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	return mysqldialect.ForVersion(version)
}

func TestConformance(t *testing.T) {
	db := openDB(t)
	compiletest.Run(t, compiletest.Env{Dialect: dialect(t, db), DB: db})
}

// TestConformanceMySQL8Golden checks the MySQL 8 flavour's SQL against its
// golden files (the server under test is MariaDB, the other flavour).
func TestConformanceMySQL8Golden(t *testing.T) {
	compiletest.Run(t, compiletest.Env{Dialect: mysqldialect.New(), Golden: "testdata/mysql8"})
}

func TestErrors(t *testing.T) {
	compiletest.RunErrors(t, mysqldialect.New())
	compiletest.RunErrors(t, mysqldialect.NewMariaDB())
}

func FuzzValuesNeverInSQL(f *testing.F) { compiletest.FuzzValues(f, mysqldialect.NewMariaDB()) }

func FuzzIdentifiers(f *testing.F) {
	db := openDB(f)
	compiletest.FuzzIdentifiers(f, dialect(f, db), db, columnNames)
}

func columnNames(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position`, table)
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

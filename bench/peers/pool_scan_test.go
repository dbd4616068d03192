package peers_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// poolScanRows is the number of rows each BenchmarkPoolScan operation reads.
const poolScanRows = 1000

// wideRow is where one row of eight columns is scanned: the value types a
// driver hands over (int64, string, float64, time.Time, NULL, []byte,
// bool, NULL).
type wideRow struct {
	id    int64
	name  string
	score float64
	at    time.Time
	tag   sql.NullString
	blob  []byte
	ok    bool
	note  sql.NullString
}

func (w *wideRow) dest() []any {
	return []any{&w.id, &w.name, &w.score, &w.at, &w.tag, &w.blob, &w.ok, &w.note}
}

// BenchmarkPoolScan measures a query of 1,000 rows × 8 columns read with
// Next and Scan through *sql.DB and through *sqlpool.DB, on the fake driver
// (no I/O: the database/sql layer and Scan alone) and on SQLite.
func BenchmarkPoolScan(b *testing.B) {
	ctx := context.Background()
	sqlitePath := filepath.Join(b.TempDir(), "scan.db")
	fillScanSQLite(b, sqlitePath)
	drivers := []struct {
		name  string
		sql   func() *sql.DB
		pool  func() *sqlpool.DB
		query string
	}{
		{"fake", func() *sql.DB { return sql.OpenDB(&fakedriver.Connector{}) },
			func() *sqlpool.DB { return sqlpool.OpenDB(&fakedriver.Connector{}) },
			fmt.Sprintf("rows %d", poolScanRows)},
		{"sqlite", func() *sql.DB { db, _ := sql.Open("sqlite3", sqlitePath); return db },
			func() *sqlpool.DB { db, _ := sqlpool.Open("sqlite3", sqlitePath); return db },
			"SELECT id, name, score, at, tag, blob, ok, note FROM wide ORDER BY id"},
	}
	for _, d := range drivers {
		b.Run("driver="+d.name+"/impl=sqldb", func(b *testing.B) {
			db := d.sql()
			defer db.Close()
			var w wideRow
			dest := w.dest()
			b.ReportAllocs()
			for b.Loop() {
				rows, err := db.QueryContext(ctx, d.query)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					if err := rows.Scan(dest...); err != nil {
						b.Fatal(err)
					}
					n++
				}
				if err := rows.Close(); err != nil || n != poolScanRows {
					b.Fatalf("read %d rows, %v", n, err)
				}
			}
		})
		b.Run("driver="+d.name+"/impl=pooldb", func(b *testing.B) {
			db := d.pool()
			defer db.Close()
			var w wideRow
			dest := w.dest()
			b.ReportAllocs()
			for b.Loop() {
				rows, err := db.QueryContext(ctx, d.query)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					if err := rows.Scan(dest...); err != nil {
						b.Fatal(err)
					}
					n++
				}
				if err := rows.Close(); err != nil || n != poolScanRows {
					b.Fatalf("read %d rows, %v", n, err)
				}
			}
		})
	}
}

// fillScanSQLite creates the SQLite table of BenchmarkPoolScan, with the
// same values as the fake driver's "rows N".
func fillScanSQLite(b *testing.B, path string) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE wide (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL NOT NULL,
		at TIMESTAMP NOT NULL, tag TEXT, blob BLOB NOT NULL, ok BOOLEAN NOT NULL, note TEXT)`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	base := time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)
	for i := range poolScanRows {
		if _, err := tx.Exec(`INSERT INTO wide VALUES (?, ?, ?, ?, NULL, ?, ?, NULL)`,
			i, fmt.Sprint("name-", i), float64(i)+0.5, base.Add(time.Duration(i)*time.Second),
			[]byte(fmt.Sprint("blob-", i)), i%2 == 0); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

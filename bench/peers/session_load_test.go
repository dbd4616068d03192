package peers_test

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// BenchmarkSessionLoad reads the 10,000 rows of session_models into
// structs:
//
//	impl=sqlforge     unitofwork.All on a new Session (every object enters
//	                  the identity map and is snapshotted)
//	impl=handwritten  the same SELECT scanned field by field into a
//	                  []sessionModel, on the pgx pool (PostgreSQL) or
//	                  database/sql (SQLite): the limit
func BenchmarkSessionLoad(b *testing.B) {
	forSessionDBs(b, func(b *testing.B, d *sessionDB) {
		ctx := context.Background()
		seedSession(b, d, sessionRows)
		b.Run("impl=sqlforge", func(b *testing.B) {
			b.ReportAllocs()
			defer cpuMeter(b)()
			for b.Loop() {
				s := unitofwork.New(d.e, sessionModels.Registry())
				ms, err := unitofwork.All[sessionModel](ctx, s, sessionModels.Select())
				if err != nil {
					b.Fatal(err)
				}
				if len(ms) != sessionRows {
					b.Fatalf("%d objects; want %d", len(ms), sessionRows)
				}
				s.Close()
			}
		})
		b.Run("impl=handwritten", func(b *testing.B) {
			b.ReportAllocs()
			defer cpuMeter(b)()
			for b.Loop() {
				ms, err := handLoad(ctx, d)
				if err != nil {
					b.Fatal(err)
				}
				if len(ms) != sessionRows {
					b.Fatalf("%d rows; want %d", len(ms), sessionRows)
				}
			}
		})
	})
}

func handLoad(ctx context.Context, d *sessionDB) ([]sessionModel, error) {
	rows, err := d.query(ctx, sessionSelect)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []sessionModel
	for rows.Next() {
		ms = append(ms, sessionModel{})
		if err := scanSessionModel(rows, &ms[len(ms)-1]); err != nil {
			return nil, err
		}
	}
	return ms, rows.Err()
}

package peers_test

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// sessionUpdateRows is the number of loaded objects changed per round.
const sessionUpdateRows = 1000

// BenchmarkSessionUpdate changes one field (score) on each of 1,000
// loaded objects and writes the changes in one transaction:
//
//	impl=sqlforge     objects loaded once by unitofwork.All; each round
//	                  changes them and Commits (the flush finds the
//	                  changed column by comparing with the snapshot)
//	impl=handwritten  UPDATE session_models SET score = ? WHERE id = ?
//	                  per object in a transaction: one pgx.Batch on
//	                  PostgreSQL, a prepared statement on SQLite
func BenchmarkSessionUpdate(b *testing.B) {
	forSessionDBs(b, func(b *testing.B, d *sessionDB) {
		ctx := context.Background()
		b.Run("impl=sqlforge", func(b *testing.B) {
			seedSession(b, d, sessionUpdateRows)
			s := unitofwork.New(d.e, sessionModels.Registry())
			defer s.Close()
			ms, err := unitofwork.All[sessionModel](ctx, s, sessionModels.Select())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			stop := cpuMeter(b)
			for b.Loop() {
				for _, m := range ms {
					m.Score++
				}
				if err := s.Commit(ctx); err != nil {
					b.Fatal(err)
				}
			}
			stop()
			checkScores(b, d, ms)
		})
		b.Run("impl=handwritten", func(b *testing.B) {
			ms := seedSession(b, d, sessionUpdateRows)
			text := "UPDATE session_models SET score = " + d.ph(1) + " WHERE id = " + d.ph(2)
			b.ReportAllocs()
			stop := cpuMeter(b)
			for b.Loop() {
				args := make([][]any, len(ms))
				for i, m := range ms {
					m.Score++
					args[i] = []any{m.Score, m.ID}
				}
				if err := handUpdate(ctx, d, text, args); err != nil {
					b.Fatal(err)
				}
			}
			stop()
			checkScores(b, d, ms)
		})
	})
}

func handUpdate(ctx context.Context, d *sessionDB, text string, args [][]any) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := tx.ExecEach(ctx, text, args); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// checkScores fails b unless the table holds the scores of ms.
func checkScores(b *testing.B, d *sessionDB, ms []*sessionModel) {
	var sum, want int64
	for _, m := range ms {
		want += m.Score
	}
	if err := d.db.QueryRow("SELECT SUM(score) FROM session_models").Scan(&sum); err != nil {
		b.Fatal(err)
	}
	if sum != want {
		b.Fatalf("scores in the table sum to %d; the objects' to %d", sum, want)
	}
}

package peers_test

import (
	"context"
	"database/sql"
	"testing"
)

// insertContender inserts ms, all with zero keys, and leaves each
// struct's generated key in it.
type insertContender[T any] struct {
	name   string
	insert func(ctx context.Context, ms []*T) error
}

// runInserts benchmarks each contender as impl=<name> on a table emptied
// by reset (run on db) first, inserting the same structs each round after
// renew has set each one's key back to zero and given it new values for
// the round (as real bulk inserts have: a contender that writes values
// into the SQL text gets a new statement each time, one that binds them
// the same), and checks that every struct got a distinct key.
func runInserts[T any](b *testing.B, db *sql.DB, reset string, ms []*T,
	renew func(m *T, round int), key func(*T) int64, contenders []insertContender[T]) {
	ctx := context.Background()
	for _, c := range contenders {
		b.Run("impl="+c.name, func(b *testing.B) {
			if _, err := db.ExecContext(ctx, reset); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			stop := cpuMeter(b)
			round := 0
			for b.Loop() {
				round++
				for _, m := range ms {
					renew(m, round)
				}
				if err := c.insert(ctx, ms); err != nil {
					b.Fatal(err)
				}
			}
			stop()
			seen := make(map[int64]bool, len(ms))
			for i, m := range ms {
				k := key(m)
				if k == 0 || seen[k] {
					b.Fatalf("row %d: key %d not read back or repeated", i, k)
				}
				seen[k] = true
			}
		})
	}
}

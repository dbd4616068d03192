package mappertest

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/mapper"
)

// The scan overhead of the engine path without a driver: 1,000 rows of 8
// columns from memory, read by a hand-written rows.Scan loop, by
// engine.All with mapper.Row and by mapper.All on the engine's rows. With
// a real driver (bench/peers BenchmarkMapperScan) the driver's work
// dilutes the differences; here they are all there is.
func BenchmarkEngineScanMemory(b *testing.B) {
	e, q, ctx := memEngine(1000), memQuery, context.Background()
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := e.Query(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			var out []memRow
			for rows.Next() {
				out = append(out, memRow{})
				r := &out[len(out)-1]
				if err := rows.Scan(&r.ID, &r.Name, &r.Email, &r.City, &r.CreatedAt, &r.Active, &r.Score, &r.Nickname); err != nil {
					b.Fatal(err)
				}
			}
			if err := rows.Close(); err != nil || len(out) != 1000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := engine.All(ctx, e, q, mapper.Row[memRow])
			if err != nil || len(out) != 1000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=mapper", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := e.Query(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			out, err := mapper.All[memRow](rows)
			if err != nil || len(out) != 1000 {
				b.Fatal(err)
			}
		}
	})
}

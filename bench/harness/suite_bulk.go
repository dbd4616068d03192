package harness

// The bulk-insert suite: 1,000 structs inserted with their generated keys
// read back, sqlforge's Mapping.InsertBatch through engine.RunBatch
// against bun's bulk insert and GORM's CreateInBatches, on SQLite and
// PostgreSQL, with one hand-written INSERT ... RETURNING as the floor.

func init() {
	Register(Suite{
		Name: "bulk",
		Doc:  "1,000-struct insert with key read-back against a hand-written INSERT, bun and GORM CreateInBatches (SQLite, PostgreSQL)",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkBulkInsert$"},
		},
		Count:     6,
		Benchtime: "200ms",
		Baseline:  "handwritten",
		Databases: []string{"postgres"},
	})
}

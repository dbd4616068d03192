package harness

// The loading suite: the ORM Session loading 100 users with their 1,000
// orders and the orders' 5,000 items by selectin (one query per step of
// the path) against bun's Relation, GORM's Preload and three hand-written
// queries, on SQLite and PostgreSQL.

func init() {
	Register(Suite{
		Name: "loading",
		Doc:  "ORM relationship loading: 100 users × 10 orders × 5 items by selectin against hand-written SQL, bun Relation and GORM Preload (SQLite, PostgreSQL)",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkSessionLoadRelations$"},
		},
		Count:     6,
		Benchtime: "300ms",
		Baseline:  "handwritten",
		Databases: []string{"postgres"},
	})
}

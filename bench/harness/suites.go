package harness

// The built-in suites. A later module (the Session, tracing) registers its
// own suite the same way, in a file of its own.

func init() {
	Register(Suite{
		Name: "compile",
		Doc:  "expr+compile against the hand-written baseline, squirrel, goqu and bun",
		Targets: []Target{
			{Dir: "bench", Packages: []string{"./workloads"}, Bench: "^Benchmark(Compile|CompileOnly|CompileOnlyParallel|Allocate|BuildFloor)$"},
			{Dir: "bench/peers", Bench: "^BenchmarkCompile$"},
		},
		Count:     6,
		Benchtime: "200ms",
		Baseline:  "baseline",
	})
	Register(Suite{
		Name: "allocs",
		Doc:  "allocation gate for CI: the compile workloads of bench/workloads, a fixed number of iterations",
		Targets: []Target{
			{Dir: "bench", Packages: []string{"./workloads"}, Bench: "^Benchmark(Compile|CompileOnly)$"},
		},
		Count:     1,
		Benchtime: "2000x",
		Baseline:  "baseline",
	})
	Register(Suite{
		Name: "pool",
		Doc:  "pool acquire/release and Exec against puddle, database/sql, pgxpool and a channel floor",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkPool"},
		},
		Count:     6,
		Benchtime: "200ms",
		Baseline:  "chan",
		Databases: []string{"postgres"},
	})
	Register(Suite{
		Name: "scan",
		Doc:  "struct mapping of query results against sqlx, scany and pgx (SQLite, PostgreSQL)",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkMapperScan$"},
		},
		Count:     6,
		Benchtime: "200ms",
		Baseline:  "handwritten",
		Databases: []string{"postgres"},
	})
	Register(Suite{
		Name: "engine",
		Doc:  "end-to-end statements through the engine against raw pgx, database/sql and ORMs",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkEngine"},
			{Dir: "dialect-postgres", Bench: "^BenchmarkRoundTrip$"},
		},
		Count:     6,
		Benchtime: "200ms",
		Baseline:  "pgx",
		Databases: []string{"postgres", "mysql"},
	})
}

package harness

// The end-to-end suite: the workloads of the common public ORM benchmark
// suites (insert one row, insert 100 rows in one statement, update one
// row, read one row by key, read 100 rows) on PostgreSQL and MariaDB, for
// sqlforge against raw pgx, database/sql, sqlx, bun and GORM.

func init() {
	Register(Suite{
		Name: "e2e",
		Doc:  "ORM-benchmark workloads (insert1, insert100, update1, get1, list100) against pgx, database/sql, sqlx, bun and GORM",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkE2E$"},
		},
		Count:     6,
		Benchtime: "200ms",
		Baseline:  "pgx",
		Databases: []string{"postgres", "mysql"},
	})
}

package harness

// The session suite (issue 13): the ORM Session's flush of 10,000 new
// objects against a hand-written multi-row INSERT loop, bun and GORM;
// an update of 1,000 loaded objects and a load of 10,000 against
// hand-written SQL; Get of an object the identity map holds. On SQLite
// and PostgreSQL.

func init() {
	Register(Suite{
		Name: "session",
		Doc:  "ORM Session: flush 10,000 objects, update 1,000, load 10,000, identity-map Get against hand-written SQL, bun and GORM (SQLite, PostgreSQL)",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkSession(Flush|Update|Get|Load)$"},
		},
		Count:     6,
		Benchtime: "300ms",
		Baseline:  "handwritten",
		Databases: []string{"postgres"},
	})
}

package harness

// The tracing suite: one read of a row by key on SQLite and PostgreSQL,
// through the engine without a hook, with otelhook on the no-op providers
// and with the SDK recording; and through database/sql plain, wrapped by
// XSAM/otelsql and wrapped by otelhook, both recording.

func init() {
	Register(Suite{
		Name: "otel",
		Doc:  "OpenTelemetry cost of a read by key: engine without hook, otelhook no-op and recording; database/sql plain, otelsql and otelhook.WrapConnector recording (SQLite, PostgreSQL)",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^BenchmarkOtel$"},
		},
		Count:     6,
		Benchtime: "300ms",
		Baseline:  "engine",
		Ours:      "engine-otel-sdk",
		Databases: []string{"postgres"},
	})
}

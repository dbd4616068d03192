package harness

// The replicas suite: a read by key on a PostgreSQL hot standby started
// for the run (clustertest), sent by an engine straight to the standby
// and by an engine that routes it there (the cost of routing), and the
// throughput of parallel reads routed over one standby and over two.

func init() {
	Register(Suite{
		Name: "replicas",
		Doc:  "read/write routing on a started PostgreSQL primary + standbys: a read straight to a standby vs routed to it, and parallel reads over 1 vs 2 standbys",
		Targets: []Target{
			{Dir: "bench/peers", Bench: "^Benchmark(Replicas|Routing)$"},
		},
		Count:     6,
		Benchtime: "300ms",
		Baseline:  "direct",
		Ours:      "routed",
		Databases: []string{"postgres"},
	})
}

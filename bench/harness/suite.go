// Package harness runs sqlforge's benchmark suites and stores their results.
//
// A Suite is a small registered description of what to run: which module
// directories of the workspace, which -bench regular expression in each,
// and the default -count and -benchtime. Run takes N samples in N rounds,
// each running
//
//	go test -run '^$' -bench <re> -benchmem -count 1 [-benchtime T] <pkgs>
//
// in every target of the suite — interleaved, so that a shared machine's
// drift does not favour whichever contender runs first — streams progress, and writes one file in the
// Go benchmark format (https://go.dev/design/14313-benchmark-format) that
// starts with configuration lines describing the run: commit, Go version,
// GOMAXPROCS, CPU model and the versions of the databases that were
// reachable. Those files live in bench/results/<suite>/<timestamp>.txt and
// are read back by package benchcmp (comparison and regression gate) and
// package report (Markdown and charts).
//
// Every module adds its suite with Register, usually from an init function
// in a file of its own in this package, without touching the other suites.
package harness

import (
	"fmt"
	"sort"
	"sync"
)

// Target is one `go test` invocation of a suite.
type Target struct {
	// Dir is the module directory, relative to the workspace root
	// (the directory holding go.work), for example "bench/peers".
	Dir string
	// Packages are the package patterns passed to go test, relative to
	// Dir; empty means ".".
	Packages []string
	// Bench is the -bench regular expression.
	Bench string
}

// Suite describes a named set of benchmarks.
type Suite struct {
	// Name is the suite's name on the command line and its directory
	// under bench/results.
	Name string
	// Doc is a one-line description shown by `sqlforge-bench list`.
	Doc string
	// Targets are run in order; their outputs go into one results file.
	Targets []Target
	// Count is the default -count: the number of samples per benchmark.
	Count int
	// Benchtime is the default -benchtime ("" leaves go test's default).
	Benchtime string
	// Baseline is the value of the "impl" key of the benchmark that is
	// the physical limit (the hand-written code) against which the
	// report computes ratios, for example "baseline" or "handwritten".
	Baseline string
	// Ours is the value of the "impl" key naming sqlforge's
	// implementation (normally "sqlforge").
	Ours string
	// Databases lists the servers the suite talks to ("postgres",
	// "mysql"); their versions are recorded when reachable.
	Databases []string
}

var (
	mu     sync.RWMutex
	suites = map[string]Suite{}
)

// Register adds a suite. It panics if the name is empty, already
// registered, or the suite has no targets, since that is a programming
// error caught by the first run.
func Register(s Suite) {
	mu.Lock()
	defer mu.Unlock()
	if s.Name == "" || len(s.Targets) == 0 {
		panic("harness: Register of a suite without name or targets")
	}
	if _, dup := suites[s.Name]; dup {
		panic(fmt.Sprintf("harness: suite %q registered twice", s.Name))
	}
	if s.Count <= 0 {
		s.Count = 6
	}
	if s.Ours == "" {
		s.Ours = "sqlforge"
	}
	suites[s.Name] = s
}

// Lookup returns the suite registered under name.
func Lookup(name string) (Suite, bool) {
	mu.RLock()
	defer mu.RUnlock()
	s, ok := suites[name]
	return s, ok
}

// Suites returns every registered suite, sorted by name.
func Suites() []Suite {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Suite, 0, len(suites))
	for _, s := range suites {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

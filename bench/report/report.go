// Package report turns benchmark results files into a Markdown summary and
// charts.
//
// Benchmarks are grouped into tables by package and top-level benchmark
// function. Within a table, the sub-benchmark part "impl=<name>" names the
// contender (sqlforge, a peer, or the hand-written baseline) and the other
// parts name the workload; for benchmarks without an "impl=" part the
// last part of the name is the contender. The Markdown summary gives
// each contender's median time, allocations and the ratio of its time to
// the baseline contender's per workload; Chart draws ns/op and allocs/op
// per workload for every contender, and History draws one benchmark
// across stored runs. Charts are drawn with gonum.org/v1/plot.
package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/sqlforge/sqlforge/bench/benchcmp"
)

// Cell is one contender on one workload: medians and 95% confidence
// intervals of time, bytes and allocations (Has* false when not
// measured).
type Cell struct {
	Key                 benchcmp.Key
	Time, Lo, Hi        float64 // seconds per op
	Bytes, Allocs       float64
	HasBytes, HasAllocs bool
	// N is the number of time samples; 0 means no time was measured.
	N int
}

// Table is the results of one benchmark function of one package.
type Table struct {
	Pkg, Bench string
	// Workloads and Impls are in the order they first appear, with the
	// baseline and sqlforge contenders first.
	Workloads, Impls []string
	Cells            map[[2]string]Cell // [workload, impl]
}

// Title returns "pkg.BenchmarkName".
func (t *Table) Title() string { return t.Pkg + "." + t.Bench }

// Split parses a benchmark name into its function, workload and
// contender: "BenchmarkCompile/q=a-select/impl=sqlforge" gives
// ("BenchmarkCompile", "a-select", "sqlforge"), and
// "BenchmarkRoundTrip/select1/pgx" gives ("BenchmarkRoundTrip",
// "select1", "pgx"): without an "impl=" part, a last part without "="
// is the contender. The "q=" key of a workload is dropped, other keys
// are kept ("g=8"). A missing workload or contender is "-".
func Split(name string) (bench, workload, impl string) {
	parts := strings.Split(name, "/")
	bench, parts = parts[0], parts[1:]
	rest := parts[:0:0]
	for _, p := range parts {
		if v, ok := strings.CutPrefix(p, "impl="); ok {
			impl = v
			continue
		}
		rest = append(rest, strings.TrimPrefix(p, "q="))
	}
	if impl == "" && len(rest) > 0 && !strings.Contains(parts[len(parts)-1], "=") {
		impl, rest = rest[len(rest)-1], rest[:len(rest)-1]
	}
	if impl == "" {
		impl = "-"
	}
	if len(rest) == 0 {
		workload = "-"
	} else {
		workload = strings.Join(rest, "/")
	}
	return bench, workload, impl
}

// Tables groups the benchmarks of s by package and function. first lists
// contenders to put first in every table (normally the baseline and
// sqlforge) when present.
func Tables(s *benchcmp.Set, first ...string) []*Table {
	var out []*Table
	byTitle := map[string]*Table{}
	for _, k := range s.Keys {
		bench, wl, impl := Split(k.Name)
		title := k.Pkg + "." + bench
		t, ok := byTitle[title]
		if !ok {
			t = &Table{Pkg: k.Pkg, Bench: bench, Cells: map[[2]string]Cell{}}
			byTitle[title] = t
			out = append(out, t)
		}
		if !contains(t.Workloads, wl) {
			t.Workloads = append(t.Workloads, wl)
		}
		if !contains(t.Impls, impl) {
			t.Impls = append(t.Impls, impl)
		}
		c := Cell{Key: k}
		if sum, ok := s.Summary(k, benchcmp.UnitTime, 0.95); ok {
			c.Time, c.Lo, c.Hi = sum.Center, sum.Lo, sum.Hi
			c.N = len(s.Samples[k][benchcmp.UnitTime])
		}
		if sum, ok := s.Summary(k, benchcmp.UnitBytes, 0.95); ok {
			c.Bytes, c.HasBytes = sum.Center, true
		}
		if sum, ok := s.Summary(k, benchcmp.UnitAllocs, 0.95); ok {
			c.Allocs, c.HasAllocs = sum.Center, true
		}
		t.Cells[[2]string{wl, impl}] = c
	}
	for _, t := range out {
		rank := func(impl string) int {
			for i, f := range first {
				if f == impl {
					return i
				}
			}
			return len(first)
		}
		sort.SliceStable(t.Impls, func(i, j int) bool { return rank(t.Impls[i]) < rank(t.Impls[j]) })
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Options configure Markdown.
type Options struct {
	// Baseline is the contender ratios are computed against
	// ("baseline", "handwritten"); empty or absent means no ratios.
	Baseline string
	// Ours is sqlforge's contender, placed after the baseline.
	Ours string
	// Command is the command that reproduces the run, shown verbatim.
	Command string
	// Charts maps a table title to the path of its chart, linked below
	// the table.
	Charts map[string]string
}

// Markdown writes a summary of s: the run's configuration, then per
// table the median time (with its 95% interval) and allocations of every
// contender on every workload, and the ratio of every contender's time
// to the baseline's.
func Markdown(w io.Writer, s *benchcmp.Set, opt Options) error {
	var b strings.Builder
	var cfg []string
	for _, k := range []string{"suite", "date", "commit", "go", "goos", "goarch", "gomaxprocs", "ncpu", "cpu-model", "cpu", "postgres", "mysql", "count", "benchtime"} {
		if v, ok := s.Config[k]; ok {
			cfg = append(cfg, fmt.Sprintf("%s `%s`", k, strings.TrimSpace(v)))
		}
	}
	if len(cfg) > 0 {
		fmt.Fprintf(&b, "Run: %s.\n\n", strings.Join(cfg, ", "))
	}
	if opt.Command != "" {
		fmt.Fprintf(&b, "```sh\n%s\n```\n\n", opt.Command)
	}
	for _, t := range Tables(s, opt.Baseline, opt.Ours) {
		fmt.Fprintf(&b, "#### %s\n\n", t.Title())
		b.WriteString("| workload |")
		for _, impl := range t.Impls {
			if impl == "-" {
				impl = "median"
			}
			fmt.Fprintf(&b, " %s |", impl)
		}
		b.WriteString("\n| --- |" + strings.Repeat(" ---: |", len(t.Impls)) + "\n")
		for _, wl := range t.Workloads {
			fmt.Fprintf(&b, "| %s |", wl)
			for _, impl := range t.Impls {
				c, ok := t.Cells[[2]string{wl, impl}]
				if !ok || c.N == 0 {
					b.WriteString(" |")
					continue
				}
				fmt.Fprintf(&b, " %s ± %s", benchcmp.FormatDuration(c.Time), pct(c))
				if c.HasAllocs {
					fmt.Fprintf(&b, " (%s allocs)", trim(c.Allocs))
				}
				b.WriteString(" |")
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
		if contains(t.Impls, opt.Baseline) && len(t.Impls) > 1 {
			fmt.Fprintf(&b, "Time ÷ %s:\n\n| workload |", opt.Baseline)
			others := t.Impls[1:]
			if t.Impls[0] != opt.Baseline {
				others = nil
				for _, impl := range t.Impls {
					if impl != opt.Baseline {
						others = append(others, impl)
					}
				}
			}
			for _, impl := range others {
				fmt.Fprintf(&b, " %s |", impl)
			}
			b.WriteString("\n| --- |" + strings.Repeat(" ---: |", len(others)) + "\n")
			for _, wl := range t.Workloads {
				base, ok := t.Cells[[2]string{wl, opt.Baseline}]
				fmt.Fprintf(&b, "| %s |", wl)
				for _, impl := range others {
					c, ok2 := t.Cells[[2]string{wl, impl}]
					if !ok || !ok2 || base.Time == 0 || c.N == 0 {
						b.WriteString(" |")
						continue
					}
					fmt.Fprintf(&b, " %.2fx |", c.Time/base.Time)
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		}
		if p, ok := opt.Charts[t.Title()]; ok {
			fmt.Fprintf(&b, "![%s](%s)\n\n", t.Title(), p)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pct(c Cell) string {
	if math.IsInf(c.Lo, 0) || math.IsInf(c.Hi, 0) || c.Time == 0 {
		return "∞"
	}
	return fmt.Sprintf("%.0f%%", 100*math.Max(c.Hi/c.Time-1, 1-c.Lo/c.Time))
}

func trim(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.4g", v)
}

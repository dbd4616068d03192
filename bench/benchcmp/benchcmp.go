// Package benchcmp compares two sets of Go benchmark results and decides
// whether the second one regresses.
//
// It reads files in the Go benchmark format (the output of go test -bench,
// as stored by the sqlforge-bench harness) with golang.org/x/perf/benchfmt
// and does its statistics with golang.org/x/perf/benchmath, the library
// benchstat is built on: per benchmark and unit (sec/op, B/op, allocs/op
// and any custom metric) the median of each side with its confidence
// interval, the relative change of the medians, and the p-value of a
// Mann-Whitney U-test. A change is significant when p < alpha.
//
// Gate applies the regression policy used in CI: a significant time
// regression beyond a threshold fails, and any increase in the median of
// allocs/op fails, significant or not, since allocation counts are
// deterministic while times on a shared machine are not.
package benchcmp

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// Units with a fixed place and meaning.
const (
	UnitTime   = "sec/op"
	UnitBytes  = "B/op"
	UnitAllocs = "allocs/op"
)

// Key identifies a benchmark across files: the last element of its package
// path and its name without the GOMAXPROCS suffix, so that runs with a
// different GOMAXPROCS still pair up.
type Key struct {
	Pkg  string // for example "workloads" or "peers"
	Name string // for example "BenchmarkCompile/q=a-select/impl=sqlforge"
}

// String returns "pkg.Name", or Name when the package is unknown.
func (k Key) String() string {
	if k.Pkg == "" {
		return k.Name
	}
	return k.Pkg + "." + k.Name
}

// Set is one benchmark results file: the samples of every benchmark and
// unit, and the file's configuration lines.
type Set struct {
	// Name is the file name, for messages.
	Name string
	// Config holds the file configuration ("commit", "go", "cpu", ...);
	// for a key that appears more than once, the first value.
	Config map[string]string
	// Keys lists the benchmarks in the order they first appear.
	Keys []Key
	// Samples maps a benchmark and unit to its measurements.
	Samples map[Key]map[string][]float64

	units benchfmt.UnitMetadataMap
}

// Parse reads a benchmark results file. Lines that are not benchmark
// results or configuration (test logs, PASS, ok) are ignored; a malformed
// benchmark line is an error.
func Parse(r io.Reader, name string) (*Set, error) {
	s := &Set{Name: name, Config: map[string]string{}, Samples: map[Key]map[string][]float64{}}
	rd := benchfmt.NewReader(r, name)
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.Result:
			for _, c := range rec.Config {
				if _, ok := s.Config[c.Key]; !ok && c.File {
					s.Config[c.Key] = string(c.Value)
				}
			}
			k := Key{Pkg: lastElem(rec.GetConfig("pkg")), Name: nameWithoutProcs(rec.Name)}
			units, ok := s.Samples[k]
			if !ok {
				units = map[string][]float64{}
				s.Samples[k] = units
				s.Keys = append(s.Keys, k)
			}
			for _, v := range rec.Values {
				units[v.Unit] = append(units[v.Unit], v.Value)
			}
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	s.units = rd.Units()
	return s, nil
}

// ParseFile reads the results file at path.
func ParseFile(path string) (*Set, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(bytes.NewReader(b), path)
}

// Units returns the units measured for k, time, bytes and allocations
// first and the others sorted.
func (s *Set) Units(k Key) []string {
	return sortUnits(s.Samples[k])
}

// Summary returns the median of benchmark k in unit and its confidence
// interval at the given confidence level (0.95 for 95%), and false if the
// set has no such sample.
func (s *Set) Summary(k Key, unit string, confidence float64) (benchmath.Summary, bool) {
	vals := s.Samples[k][unit]
	if len(vals) == 0 {
		return benchmath.Summary{}, false
	}
	smp := benchmath.NewSample(append([]float64(nil), vals...), &benchmath.DefaultThresholds)
	return s.assumption(unit).Summary(smp, confidence), true
}

func (s *Set) assumption(unit string) benchmath.Assumption {
	if s.units == nil {
		return benchmath.AssumeNothing
	}
	return s.units.GetAssumption(unit)
}

// Options configure Compare.
type Options struct {
	// Confidence is the level of the confidence intervals; 0 means 0.95.
	Confidence float64
	// Alpha is the significance level of the U-test; 0 means 0.05.
	Alpha float64
	// Units restricts the comparison to these units; empty means all.
	Units []string
	// Match, when not nil, selects the benchmarks to compare.
	Match func(Key) bool
}

// Delta is the comparison of one benchmark in one unit.
type Delta struct {
	Key  Key
	Unit string
	// Old and New summarize each side: median and confidence interval.
	Old, New benchmath.Summary
	// Change is New.Center/Old.Center - 1 (+0.25 is 25% more); it is
	// +Inf when the old median is 0 and the new one is not.
	Change float64
	// P is the p-value of the U-test, Alpha its threshold.
	P, Alpha float64
	// N1 and N2 are the numbers of samples.
	N1, N2 int
	// Significant reports P < Alpha: the samples differ.
	Significant bool
	// Warnings from benchmath, for example too few samples to ever
	// detect a difference.
	Warnings []error
}

// Comparison is the result of Compare.
type Comparison struct {
	Old, New *Set
	Deltas   []Delta
	// OnlyOld and OnlyNew list benchmarks found on one side only.
	OnlyOld, OnlyNew []Key
}

// Compare pairs the benchmarks of old and new by Key and compares every
// unit they share.
func Compare(old, new *Set, opt Options) *Comparison {
	if opt.Confidence == 0 {
		opt.Confidence = 0.95
	}
	if opt.Alpha == 0 {
		opt.Alpha = 0.05
	}
	th := &benchmath.Thresholds{CompareAlpha: opt.Alpha}
	want := map[string]bool{}
	for _, u := range opt.Units {
		want[u] = true
	}
	c := &Comparison{Old: old, New: new}
	for _, k := range old.Keys {
		if opt.Match != nil && !opt.Match(k) {
			continue
		}
		nu, ok := new.Samples[k]
		if !ok {
			c.OnlyOld = append(c.OnlyOld, k)
			continue
		}
		for _, unit := range sortUnits(old.Samples[k]) {
			if len(want) > 0 && !want[unit] {
				continue
			}
			nv, ok := nu[unit]
			if !ok {
				continue
			}
			ov := old.Samples[k][unit]
			s1 := benchmath.NewSample(append([]float64(nil), ov...), th)
			s2 := benchmath.NewSample(append([]float64(nil), nv...), th)
			a := old.assumption(unit)
			d := Delta{Key: k, Unit: unit, Old: a.Summary(s1, opt.Confidence), New: a.Summary(s2, opt.Confidence)}
			cmp := a.Compare(s1, s2)
			d.P, d.Alpha, d.N1, d.N2 = cmp.P, opt.Alpha, cmp.N1, cmp.N2
			d.Significant = cmp.P < opt.Alpha
			d.Change = change(d.Old.Center, d.New.Center)
			d.Warnings = append(append(append(d.Warnings, d.Old.Warnings...), d.New.Warnings...), cmp.Warnings...)
			c.Deltas = append(c.Deltas, d)
		}
	}
	for _, k := range new.Keys {
		if opt.Match != nil && !opt.Match(k) {
			continue
		}
		if _, ok := old.Samples[k]; !ok {
			c.OnlyNew = append(c.OnlyNew, k)
		}
	}
	return c
}

func change(old, new float64) float64 {
	switch {
	case old == new:
		return 0
	case old == 0:
		return math.Inf(1)
	}
	return new/old - 1
}

// Policy is the regression policy of Gate.
type Policy struct {
	// MaxTimeRegression is the largest tolerated significant increase of
	// the median sec/op, as a fraction (0.10 tolerates +10%). A negative
	// value disables the time check, as for a gate on allocations only.
	MaxTimeRegression float64
	// AllowAllocsIncrease disables the allocs/op check.
	AllowAllocsIncrease bool
	// FailOnMissing makes a benchmark of the old set that is missing from
	// the new one a violation (a renamed or deleted benchmark must come
	// with a new baseline).
	FailOnMissing bool
}

// Violation is one reason Gate fails.
type Violation struct {
	Key    Key
	Unit   string
	Reason string
}

func (v Violation) String() string {
	if v.Unit == "" {
		return v.Key.String() + ": " + v.Reason
	}
	return v.Key.String() + " " + v.Unit + ": " + v.Reason
}

// Gate applies p to c and returns the violations; none means the new set
// passes.
func (c *Comparison) Gate(p Policy) []Violation {
	var out []Violation
	for _, d := range c.Deltas {
		switch d.Unit {
		case UnitTime:
			if p.MaxTimeRegression >= 0 && d.Significant && d.Change > p.MaxTimeRegression {
				out = append(out, Violation{d.Key, d.Unit, fmt.Sprintf("time regressed %s (%s -> %s, p=%.3f), beyond the tolerated %+.0f%%",
					formatChange(d.Change), formatValue(d.Old.Center, d.Unit), formatValue(d.New.Center, d.Unit), d.P, 100*p.MaxTimeRegression)})
			}
		case UnitAllocs:
			if !p.AllowAllocsIncrease && d.New.Center > d.Old.Center {
				out = append(out, Violation{d.Key, d.Unit, fmt.Sprintf("allocations increased from %s to %s per op",
					trimFloat(d.Old.Center), trimFloat(d.New.Center))})
			}
		}
	}
	if p.FailOnMissing {
		for _, k := range c.OnlyOld {
			out = append(out, Violation{Key: k, Reason: "missing from " + c.New.Name})
		}
	}
	return out
}

// WriteText writes c as an aligned table, one line per benchmark and
// unit: old and new medians with their confidence intervals, the change
// ("~" when not significant) and the U-test's p-value and sample sizes.
func (c *Comparison) WriteText(w io.Writer) error {
	rows := [][]string{{"benchmark", "unit", "old", "new", "change", "p (n)"}}
	for _, d := range c.Deltas {
		delta := "~"
		if d.Significant {
			delta = formatChange(d.Change)
		}
		rows = append(rows, []string{d.Key.String(), d.Unit,
			formatValue(d.Old.Center, d.Unit) + " ± " + d.Old.PctRangeString(),
			formatValue(d.New.Center, d.Unit) + " ± " + d.New.PctRangeString(),
			delta, fmt.Sprintf("p=%.3f n=%d+%d", d.P, d.N1, d.N2)})
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, f := range r {
			width[i] = max(width[i], len([]rune(f)))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, f := range r {
			pad := width[i] - len([]rune(f))
			if i >= 2 && i <= 4 { // numbers right-aligned
				b.WriteString(strings.Repeat(" ", pad) + f)
			} else {
				b.WriteString(f)
				if i < len(r)-1 {
					b.WriteString(strings.Repeat(" ", pad))
				}
			}
			if i < len(r)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteByte('\n')
	}
	for _, k := range c.OnlyOld {
		fmt.Fprintf(&b, "only in %s: %s\n", c.Old.Name, k)
	}
	for _, k := range c.OnlyNew {
		fmt.Fprintf(&b, "only in %s: %s\n", c.New.Name, k)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func formatChange(ch float64) string {
	if math.IsInf(ch, 1) {
		return "+Inf%"
	}
	return fmt.Sprintf("%+.2f%%", 100*ch)
}

// formatValue prints v in unit with an SI prefix for times (1.234µs) and
// plain numbers otherwise.
func formatValue(v float64, unit string) string {
	if unit == UnitTime {
		return FormatDuration(v)
	}
	return trimFloat(v)
}

// FormatDuration formats seconds with four significant digits and the
// largest unit that keeps the number at or above 1: "475.0ns", "1.600µs".
func FormatDuration(sec float64) string {
	switch a := math.Abs(sec); {
	case a == 0:
		return "0s"
	case a < 1e-6:
		return sig4(sec*1e9) + "ns"
	case a < 1e-3:
		return sig4(sec*1e6) + "µs"
	case a < 1:
		return sig4(sec*1e3) + "ms"
	}
	return sig4(sec) + "s"
}

func sig4(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1000:
		return fmt.Sprintf("%.0f", v)
	case a >= 100:
		return fmt.Sprintf("%.1f", v)
	case a >= 10:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.4g", v)
}

func sortUnits(m map[string][]float64) []string {
	rank := map[string]int{UnitTime: 0, UnitBytes: 1, UnitAllocs: 2}
	out := make([]string, 0, len(m))
	for u := range m {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, oki := rank[out[i]]
		rj, okj := rank[out[j]]
		switch {
		case oki && okj:
			return ri < rj
		case oki != okj:
			return oki
		}
		return out[i] < out[j]
	})
	return out
}

func lastElem(pkg string) string {
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		return pkg[i+1:]
	}
	return pkg
}

// nameWithoutProcs returns the benchmark's full name without the
// -GOMAXPROCS suffix go test appends.
func nameWithoutProcs(n benchfmt.Name) string {
	base, parts := n.Parts()
	var b strings.Builder
	b.WriteString("Benchmark")
	b.Write(base)
	for _, p := range parts {
		if len(p) > 0 && p[0] == '-' {
			continue
		}
		b.Write(p)
	}
	return b.String()
}

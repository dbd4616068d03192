package benchcmp

import (
	"math"
	"strings"
	"testing"
)

func mustParse(t *testing.T, name string) *Set {
	t.Helper()
	s, err := ParseFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var defaultPolicy = Policy{MaxTimeRegression: 0.05, FailOnMissing: true}

func TestParse(t *testing.T) {
	s := mustParse(t, "base.txt")
	if got := len(s.Keys); got != 15 {
		t.Fatalf("%d benchmarks, want 15", got)
	}
	k := Key{Pkg: "workloads", Name: "BenchmarkCompile/q=a-select/impl=sqlforge"}
	if s.Keys[0] != k {
		t.Fatalf("first key %v, want %v", s.Keys[0], k)
	}
	if n := len(s.Samples[k][UnitTime]); n != 6 {
		t.Fatalf("%d time samples, want 6", n)
	}
	if got := s.Units(k); strings.Join(got, " ") != "sec/op B/op allocs/op" {
		t.Fatalf("units %v", got)
	}
	if s.Config["commit"] != strings.Repeat("0", 40) || s.Config["goos"] != "linux" {
		t.Fatalf("config %v", s.Config)
	}
	if v := s.Samples[k][UnitTime][0]; math.Abs(v-1389e-9) > 1e-15 {
		t.Fatalf("first sample %v s, want 1389ns in seconds", v)
	}
}

func TestSameFilePasses(t *testing.T) {
	base := mustParse(t, "base.txt")
	c := Compare(base, base, Options{})
	if len(c.Deltas) != 45 {
		t.Fatalf("%d deltas, want 15 benchmarks x 3 units", len(c.Deltas))
	}
	for _, d := range c.Deltas {
		if d.Significant || d.Change != 0 {
			t.Errorf("%v %s: significant=%v change=%v comparing a file with itself", d.Key, d.Unit, d.Significant, d.Change)
		}
	}
	if v := c.Gate(defaultPolicy); len(v) != 0 {
		t.Fatalf("violations %v", v)
	}
}

// TestNoiseWithinIntervalPasses: every time moved by up to 3% in both
// directions is not a significant change and does not fail the gate.
func TestNoiseWithinIntervalPasses(t *testing.T) {
	c := Compare(mustParse(t, "base.txt"), mustParse(t, "noise.txt"), Options{})
	for _, d := range c.Deltas {
		if d.Unit != UnitTime {
			continue
		}
		if d.Significant {
			t.Errorf("%v: noise reported as significant (change %+.2f%%, p=%.3f)", d.Key, 100*d.Change, d.P)
		}
		if d.New.Center < d.Old.Lo || d.New.Center > d.Old.Hi {
			t.Errorf("%v: new median %v outside the old interval [%v, %v]", d.Key, d.New.Center, d.Old.Lo, d.Old.Hi)
		}
	}
	if v := c.Gate(defaultPolicy); len(v) != 0 {
		t.Fatalf("violations %v", v)
	}
}

// TestSyntheticRegressionCaught: one benchmark 50% slower in every
// sample is significant and fails the gate; nothing else does.
func TestSyntheticRegressionCaught(t *testing.T) {
	c := Compare(mustParse(t, "base.txt"), mustParse(t, "regress.txt"), Options{})
	v := c.Gate(defaultPolicy)
	if len(v) != 1 {
		t.Fatalf("violations %v, want exactly one", v)
	}
	want := Key{Pkg: "workloads", Name: "BenchmarkCompile/q=a-select/impl=sqlforge"}
	if v[0].Key != want || v[0].Unit != UnitTime {
		t.Fatalf("violation %v, want a time regression of %v", v[0], want)
	}
	for _, d := range c.Deltas {
		if d.Key == want && d.Unit == UnitTime {
			if !d.Significant || math.Abs(d.Change-0.5) > 0.01 {
				t.Fatalf("delta %+v, want significant +50%%", d)
			}
		}
	}
	// Above the threshold the gate tolerates it; a negative threshold
	// disables the time check.
	if v := c.Gate(Policy{MaxTimeRegression: 0.6}); len(v) != 0 {
		t.Fatalf("threshold 60%%: violations %v", v)
	}
	if v := c.Gate(Policy{MaxTimeRegression: -1}); len(v) != 0 {
		t.Fatalf("time check disabled: violations %v", v)
	}
}

// TestAllocsIncreaseOfOneFails: one more allocation per op fails the gate
// though six equal samples against six equal samples is the only
// difference in the file.
func TestAllocsIncreaseOfOneFails(t *testing.T) {
	c := Compare(mustParse(t, "base.txt"), mustParse(t, "allocs.txt"), Options{})
	v := c.Gate(defaultPolicy)
	if len(v) != 1 || v[0].Unit != UnitAllocs || v[0].Key.Name != "BenchmarkCompile/q=c-insert/impl=sqlforge" {
		t.Fatalf("violations %v, want one allocs/op violation of c-insert/sqlforge", v)
	}
	if !strings.Contains(v[0].Reason, "from 6 to 7") {
		t.Fatalf("reason %q", v[0].Reason)
	}
	if v := c.Gate(Policy{AllowAllocsIncrease: true}); len(v) != 0 {
		t.Fatalf("allocs check disabled: violations %v", v)
	}
}

// TestAllocsGateSingleSample is the CI gate's case: one sample per side,
// where no statistical test can be significant, and still an increase of
// one allocation fails and equal counts pass.
func TestAllocsGateSingleSample(t *testing.T) {
	base := mustParse(t, "once.txt")
	allocsOnly := Options{Units: []string{UnitAllocs}}
	gate := Policy{MaxTimeRegression: -1, FailOnMissing: true}
	if v := Compare(base, base, allocsOnly).Gate(gate); len(v) != 0 {
		t.Fatalf("same file: violations %v", v)
	}
	c := Compare(base, mustParse(t, "once-allocs.txt"), allocsOnly)
	v := c.Gate(gate)
	if len(v) != 1 || v[0].Key.Name != "BenchmarkCompileOnly/q=b-join" {
		t.Fatalf("violations %v, want one for CompileOnly/q=b-join", v)
	}
	for _, d := range c.Deltas {
		if d.Unit != UnitAllocs {
			t.Fatalf("unit %s compared though only allocs/op was asked for", d.Unit)
		}
	}
}

func TestMissingBenchmark(t *testing.T) {
	base := mustParse(t, "base.txt")
	fewer := mustParse(t, "once.txt")
	fewer.Keys = fewer.Keys[1:]
	delete(fewer.Samples, base.Keys[0])
	c := Compare(base, fewer, Options{Units: []string{UnitAllocs}})
	if len(c.OnlyOld) != 1 || c.OnlyOld[0] != base.Keys[0] {
		t.Fatalf("OnlyOld %v", c.OnlyOld)
	}
	if v := c.Gate(Policy{MaxTimeRegression: -1, FailOnMissing: true}); len(v) != 1 {
		t.Fatalf("violations %v, want the missing benchmark", v)
	}
	if v := c.Gate(Policy{MaxTimeRegression: -1}); len(v) != 0 {
		t.Fatalf("violations %v without FailOnMissing", v)
	}
}

func TestGOMAXPROCSIgnored(t *testing.T) {
	a, err := Parse(strings.NewReader("pkg: x/y\nBenchmarkF/n=1-2 10 5 ns/op\n"), "a")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(strings.NewReader("pkg: x/y\nBenchmarkF/n=1-8 10 5 ns/op\n"), "b")
	if err != nil {
		t.Fatal(err)
	}
	c := Compare(a, b, Options{})
	if len(c.Deltas) != 1 || c.Deltas[0].Key != (Key{"y", "BenchmarkF/n=1"}) {
		t.Fatalf("deltas %+v", c.Deltas)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		sec  float64
		want string
	}{{0, "0s"}, {475e-9, "475.0ns"}, {1600e-9, "1.600µs"}, {44.82e-6, "44.82µs"}, {0.25, "250.0ms"}, {3, "3.000s"}} {
		if got := FormatDuration(tc.sec); got != tc.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tc.sec, got, tc.want)
		}
	}
}

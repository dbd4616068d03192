package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/bench/benchcmp"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct{ name, bench, wl, impl string }{
		{"BenchmarkCompile/q=a-select/impl=sqlforge", "BenchmarkCompile", "a-select", "sqlforge"},
		{"BenchmarkPoolAcquireRelease/impl=chan/g=8", "BenchmarkPoolAcquireRelease", "g=8", "chan"},
		{"BenchmarkRoundTrip/select1/pgx", "BenchmarkRoundTrip", "select1", "pgx"},
		{"BenchmarkCompileOnly/q=b-join", "BenchmarkCompileOnly", "b-join", "-"},
		{"BenchmarkX", "BenchmarkX", "-", "-"},
	} {
		b, w, i := Split(tc.name)
		if b != tc.bench || w != tc.wl || i != tc.impl {
			t.Errorf("Split(%q) = %q, %q, %q; want %q, %q, %q", tc.name, b, w, i, tc.bench, tc.wl, tc.impl)
		}
	}
}

const peers = `pkg: github.com/sqlforge/sqlforge/bench/peers
BenchmarkCompile/q=a-select/impl=squirrel-2   100   15000 ns/op   5832 B/op   106 allocs/op
BenchmarkCompile/q=a-select/impl=sqlforge-2   100    1600 ns/op    696 B/op    11 allocs/op
BenchmarkCompile/q=a-select/impl=baseline-2   100     400 ns/op    288 B/op     3 allocs/op
BenchmarkCompile/q=c-insert/impl=squirrel-2   100    8800 ns/op   3368 B/op    70 allocs/op
BenchmarkCompile/q=c-insert/impl=sqlforge-2   100     850 ns/op    248 B/op     8 allocs/op
BenchmarkCompile/q=c-insert/impl=baseline-2   100     500 ns/op    208 B/op     6 allocs/op
`

func TestMarkdown(t *testing.T) {
	s, err := benchcmp.Parse(strings.NewReader(peers), "peers.txt")
	if err != nil {
		t.Fatal(err)
	}
	tables := Tables(s, "baseline", "sqlforge")
	if len(tables) != 1 || strings.Join(tables[0].Impls, " ") != "baseline sqlforge squirrel" {
		t.Fatalf("tables %+v", tables)
	}
	var b bytes.Buffer
	if err := Markdown(&b, s, Options{Baseline: "baseline", Ours: "sqlforge"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"#### peers.BenchmarkCompile",
		"| workload | baseline | sqlforge | squirrel |",
		"| a-select | 400.0ns ± ∞ (3 allocs) | 1.600µs ± ∞ (11 allocs) | 15.00µs ± ∞ (106 allocs) |",
		"| workload | sqlforge | squirrel |",
		"| a-select | 4.00x | 37.50x |",
		"| c-insert | 1.70x | 17.60x |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

func TestCharts(t *testing.T) {
	s, err := benchcmp.Parse(strings.NewReader(peers), "peers.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Chart(&b, Tables(s, "baseline")[0], "svg"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "<?xml") || !strings.Contains(b.String(), "squirrel") {
		t.Fatalf("not an SVG chart naming the contenders: %.200s", b.String())
	}
	b.Reset()
	key := benchcmp.Key{Pkg: "peers", Name: "BenchmarkCompile/q=a-select/impl=sqlforge"}
	runs := []Run{{"run 1", s}, {"run 2", s}}
	if err := History(&b, runs, key, benchcmp.UnitTime, "png"); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\x89PNG")) {
		t.Fatal("not a PNG")
	}
	if err := History(&b, runs, benchcmp.Key{Name: "BenchmarkNone"}, benchcmp.UnitTime, "svg"); err == nil {
		t.Fatal("no error for a benchmark in no run")
	}
	if err := Chart(&b, Tables(s)[0], "gif"); err == nil {
		t.Fatal("no error for an unknown format")
	}
}

package harness

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBuiltinSuites(t *testing.T) {
	for _, name := range []string{"compile", "allocs", "pool", "scan", "engine", "loading"} {
		s, ok := Lookup(name)
		if !ok {
			t.Fatalf("suite %s not registered", name)
		}
		if s.Count <= 0 || len(s.Targets) == 0 || s.Ours != "sqlforge" {
			t.Errorf("suite %s: %+v", name, s)
		}
	}
	if s, _ := Lookup("allocs"); s.Count != 1 || s.Benchtime != "2000x" {
		t.Errorf("allocs suite must be one sample of a fixed number of iterations: %+v", s)
	}
}

func TestGoTestArgs(t *testing.T) {
	got := strings.Join(GoTestArgs("^BenchmarkX$", 6, "100ms", nil), " ")
	if want := "test -run ^$ -bench ^BenchmarkX$ -benchmem -count 6 -benchtime 100ms ."; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	got = strings.Join(GoTestArgs("X", 1, "", []string{"./a", "./b"}), " ")
	if want := "test -run ^$ -bench X -benchmem -count 1 ./a ./b"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestRunFileName(t *testing.T) {
	ts := time.Date(2026, 11, 22, 15, 4, 5, 0, time.FixedZone("x", 3600))
	if got := RunFileName(ts); got != "20261122T140405Z.txt" {
		t.Fatalf("got %s", got)
	}
}

func TestWriteConfig(t *testing.T) {
	var b bytes.Buffer
	if err := WriteConfig(&b, []Config{{"cpu-model", "  AMD\nEPYC  "}, {"mysql", ""}}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "cpu-model: AMD EPYC\nmysql: unknown\n" {
		t.Fatalf("got %q", got)
	}
}

// TestRun runs a suite over a throwaway module with one benchmark and
// checks the results file: configuration lines first, then go test's
// output. Nothing about the measured values is asserted.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	root := t.TempDir()
	mod := filepath.Join(root, "m")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("m_test.go", `package m

import "testing"

func BenchmarkSum(b *testing.B) {
	for _, impl := range []string{"fast", "slow"} {
		b.Run("impl="+impl, func(b *testing.B) {
			s := 0
			for i := 0; i < b.N; i++ {
				s += i
			}
			_ = s
		})
	}
}
`)
	s := Suite{Name: "t", Targets: []Target{{Dir: "m", Bench: "^BenchmarkSum$"}}, Count: 2, Benchtime: "10x", Databases: []string{"none"}}
	var out, progress bytes.Buffer
	err := Run(context.Background(), s, Options{Root: root, Progress: &progress, Env: []string{"GOWORK=off", "GOFLAGS=-mod=mod"},
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }}, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	text := out.String()
	for _, want := range []string{"suite: t\n", "date: 2026-01-02T03:04:05Z\n", "count: 2\n", "benchtime: 10x\n",
		"pkg: example.com/m\n", "BenchmarkSum/impl=fast"} {
		if !strings.Contains(text, want) {
			t.Errorf("results lack %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "BenchmarkSum/impl=slow"); n != 2 {
		t.Errorf("%d samples of impl=slow, want 2:\n%s", n, text)
	}
	if !strings.Contains(progress.String(), "[4 done") {
		t.Errorf("progress: %s", progress.String())
	}
}

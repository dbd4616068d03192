// Command sqlforge-bench runs sqlforge's benchmark suites, stores their
// results, compares runs with the statistics of golang.org/x/perf, gates
// regressions and writes reports.
//
// Usage, from anywhere in the workspace:
//
//	sqlforge-bench list
//	sqlforge-bench run      -suite compile [-count N] [-benchtime T] [-bench RE] [-o FILE] [-baseline]
//	sqlforge-bench compare  [-suite S] [OLD] [NEW]
//	sqlforge-bench gate     -suite S [-threshold 0.10] [-allocs-only] [NEW]
//	sqlforge-bench baseline -suite S [FILE]
//	sqlforge-bench report   -suite S [FILE] [-o FILE.md] [-charts DIR] [-history BENCH]
//
// run stores bench/results/<suite>/<UTC time>.txt (or -o). compare with no
// file compares the suite's baseline (bench/results/<suite>/baseline.txt)
// with its latest run; with one file, the baseline with that file. gate
// with no file runs the suite first (without storing the run unless
// -store) and compares it with the baseline; it exits 1 on a significant
// time regression beyond -threshold or on any increase of allocs/op.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/sqlforge/sqlforge/bench/benchcmp"
	"github.com/sqlforge/sqlforge/bench/harness"
	"github.com/sqlforge/sqlforge/bench/report"
)

const usage = `usage: sqlforge-bench <command> [flags] [files]

commands:
  list       list the suites
  run        run a suite and store the results
  compare    compare two results files (default: baseline vs latest run)
  gate       fail on a time regression beyond a threshold or any allocs/op increase
  baseline   store a results file (default: the latest run) as the suite's baseline
  report     write a Markdown summary and charts of a results file

"sqlforge-bench <command> -h" shows the command's flags.
`

func main() {
	log := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "sqlforge-bench: "+format+"\n", args...) }
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cmds := map[string]func(context.Context, []string) error{
		"list": cmdList, "run": cmdRun, "compare": cmdCompare, "gate": cmdGate,
		"baseline": cmdBaseline, "report": cmdReport,
	}
	f, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	err := f(ctx, os.Args[2:])
	var gf gateFailed
	switch {
	case err == nil:
	case errors.As(err, &gf):
		os.Exit(1)
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		log("%v", err)
		os.Exit(1)
	}
}

type gateFailed int

func (g gateFailed) Error() string { return fmt.Sprintf("%d violations", int(g)) }

func root() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return harness.FindRoot(wd)
}

func suiteFlag(fs *flag.FlagSet) *string {
	return fs.String("suite", "", "suite name (see list)")
}

func lookup(name string) (harness.Suite, error) {
	if name == "" {
		return harness.Suite{}, errors.New("-suite is required (see sqlforge-bench list)")
	}
	s, ok := harness.Lookup(name)
	if !ok {
		return harness.Suite{}, fmt.Errorf("unknown suite %q (see sqlforge-bench list)", name)
	}
	return s, nil
}

func cmdList(ctx context.Context, args []string) error {
	for _, s := range harness.Suites() {
		fmt.Printf("%-8s %s\n", s.Name, s.Doc)
		for _, t := range s.Targets {
			fmt.Printf("         %s: go %s\n", t.Dir, strings.Join(harness.GoTestArgs(t.Bench, s.Count, s.Benchtime, t.Packages), " "))
		}
	}
	return nil
}

type runFlags struct {
	count     *int
	benchtime *string
	bench     *string
}

func addRunFlags(fs *flag.FlagSet) runFlags {
	return runFlags{
		count:     fs.Int("count", 0, "samples per benchmark (default: the suite's)"),
		benchtime: fs.String("benchtime", "", "go test -benchtime (default: the suite's)"),
		bench:     fs.String("bench", "", "override every target's -bench regexp"),
	}
}

// runSuite runs s and writes the results to path, creating directories.
func runSuite(ctx context.Context, rootDir string, s harness.Suite, rf runFlags, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runErr := harness.Run(ctx, s, harness.Options{
		Root: rootDir, Count: *rf.count, Benchtime: *rf.benchtime, Bench: *rf.bench, Progress: os.Stderr,
	}, f)
	if err := f.Close(); err != nil && runErr == nil {
		runErr = err
	}
	return runErr
}

func cmdRun(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	suite := suiteFlag(fs)
	rf := addRunFlags(fs)
	out := fs.String("o", "", "results file (default bench/results/<suite>/<UTC time>.txt)")
	asBaseline := fs.Bool("baseline", false, "also store the run as the suite's baseline")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := lookup(*suite)
	if err != nil {
		return err
	}
	r, err := root()
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = filepath.Join(harness.ResultsDir(r, s.Name), harness.RunFileName(time.Now()))
	}
	err = runSuite(ctx, r, s, rf, path)
	fmt.Fprintf(os.Stderr, "sqlforge-bench: results in %s\n", path)
	if err != nil {
		return err
	}
	if *asBaseline {
		return copyFile(path, harness.BaselinePath(r, s.Name))
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sqlforge-bench: baseline %s\n", to)
	return nil
}

func latest(rootDir, suite string) (string, error) {
	h, err := harness.History(rootDir, suite)
	if err != nil {
		return "", err
	}
	if len(h) == 0 {
		return "", fmt.Errorf("no stored runs of suite %s in %s", suite, harness.ResultsDir(rootDir, suite))
	}
	return h[len(h)-1], nil
}

type compareFlags struct {
	alpha, confidence *float64
	units, match      *string
}

func addCompareFlags(fs *flag.FlagSet) compareFlags {
	return compareFlags{
		alpha:      fs.Float64("alpha", 0.05, "significance level of the U-test"),
		confidence: fs.Float64("confidence", 0.95, "confidence level of the intervals"),
		units:      fs.String("units", "", "comma-separated units to compare (default all: sec/op,B/op,allocs/op,...)"),
		match:      fs.String("match", "", "regexp selecting benchmarks by pkg.Name"),
	}
}

func (cf compareFlags) options() (benchcmp.Options, error) {
	opt := benchcmp.Options{Alpha: *cf.alpha, Confidence: *cf.confidence}
	if *cf.units != "" {
		opt.Units = strings.Split(*cf.units, ",")
	}
	if *cf.match != "" {
		re, err := regexp.Compile(*cf.match)
		if err != nil {
			return opt, err
		}
		opt.Match = func(k benchcmp.Key) bool { return re.MatchString(k.String()) }
	}
	return opt, nil
}

// pair resolves the OLD and NEW files of compare and gate.
func pair(rootDir, suite string, files []string) (old, new string, err error) {
	switch len(files) {
	case 2:
		return files[0], files[1], nil
	case 1, 0:
		if suite == "" {
			return "", "", errors.New("-suite is required unless two files are given")
		}
		old = harness.BaselinePath(rootDir, suite)
		if len(files) == 1 {
			return old, files[0], nil
		}
		new, err = latest(rootDir, suite)
		return old, new, err
	}
	return "", "", errors.New("at most two files")
}

func parsePair(old, new string) (*benchcmp.Set, *benchcmp.Set, error) {
	o, err := benchcmp.ParseFile(old)
	if err != nil {
		return nil, nil, err
	}
	n, err := benchcmp.ParseFile(new)
	if err != nil {
		return nil, nil, err
	}
	return o, n, nil
}

func cmdCompare(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	suite := fs.String("suite", "", "suite whose baseline and latest run are the defaults")
	cf := addCompareFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := root()
	if err != nil {
		return err
	}
	oldPath, newPath, err := pair(r, *suite, fs.Args())
	if err != nil {
		return err
	}
	opt, err := cf.options()
	if err != nil {
		return err
	}
	o, n, err := parsePair(oldPath, newPath)
	if err != nil {
		return err
	}
	fmt.Printf("old: %s\nnew: %s\n\n", oldPath, newPath)
	return benchcmp.Compare(o, n, opt).WriteText(os.Stdout)
}

func cmdGate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("gate", flag.ContinueOnError)
	suite := suiteFlag(fs)
	rf := addRunFlags(fs)
	cf := addCompareFlags(fs)
	threshold := fs.Float64("threshold", 0.10, "tolerated significant time regression, as a fraction (0.10 = +10%)")
	allocsOnly := fs.Bool("allocs-only", false, "compare allocs/op only (times are not checked)")
	store := fs.Bool("store", false, "store the run made by gate in bench/results/<suite>/")
	verbose := fs.Bool("v", false, "print the whole comparison, not only the violations")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := root()
	if err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		// Run the suite now and gate that run.
		s, err := lookup(*suite)
		if err != nil {
			return err
		}
		var path string
		if *store {
			path = filepath.Join(harness.ResultsDir(r, s.Name), harness.RunFileName(time.Now()))
		} else {
			tmp, err := os.MkdirTemp("", "sqlforge-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			path = filepath.Join(tmp, s.Name+".txt")
		}
		if err := runSuite(ctx, r, s, rf, path); err != nil {
			return err
		}
		files = []string{path}
	}
	oldPath, newPath, err := pair(r, *suite, files)
	if err != nil {
		return err
	}
	opt, err := cf.options()
	if err != nil {
		return err
	}
	policy := benchcmp.Policy{MaxTimeRegression: *threshold, FailOnMissing: true}
	if *allocsOnly {
		opt.Units = []string{benchcmp.UnitAllocs}
		policy.MaxTimeRegression = -1
	}
	o, n, err := parsePair(oldPath, newPath)
	if err != nil {
		return err
	}
	c := benchcmp.Compare(o, n, opt)
	if *verbose {
		c.WriteText(os.Stdout)
	}
	v := c.Gate(policy)
	what := "time (beyond " + fmt.Sprintf("%+.0f%%", 100*policy.MaxTimeRegression) + ") and allocs/op"
	if *allocsOnly {
		what = "allocs/op"
	}
	if len(v) == 0 {
		fmt.Printf("gate: PASS: %d benchmarks, no regression in %s against %s\n", len(o.Keys)-len(c.OnlyOld), what, rel(r, oldPath))
		for _, k := range c.OnlyNew {
			fmt.Printf("gate: note: %s is not in the baseline\n", k)
		}
		return nil
	}
	for _, x := range v {
		fmt.Printf("gate: FAIL %s\n", x)
	}
	fmt.Printf("gate: %d regressions in %s against %s\n", len(v), what, rel(r, oldPath))
	fmt.Printf("gate: if intended, store a new baseline: go run ./bench/cmd/sqlforge-bench run -suite %s -baseline\n", orDefault(*suite, "<suite>"))
	return gateFailed(len(v))
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return p
}

func cmdBaseline(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	suite := suiteFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := lookup(*suite)
	if err != nil {
		return err
	}
	r, err := root()
	if err != nil {
		return err
	}
	from := fs.Arg(0)
	if from == "" {
		if from, err = latest(r, s.Name); err != nil {
			return err
		}
	}
	if _, err := benchcmp.ParseFile(from); err != nil {
		return err
	}
	return copyFile(from, harness.BaselinePath(r, s.Name))
}

func cmdReport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	suite := suiteFlag(fs)
	out := fs.String("o", "", "Markdown output file (default standard output)")
	charts := fs.String("charts", "", "directory for one chart per benchmark table (none if empty)")
	format := fs.String("format", "svg", "chart format: svg or png")
	history := fs.String("history", "", "also chart this benchmark (pkg.Name, e.g. peers.BenchmarkCompile/q=a-select/impl=sqlforge) across the suite's stored runs")
	unit := fs.String("unit", benchcmp.UnitTime, "unit of the -history chart")
	baseline := fs.String("baseline", "", "contender for the ratios (default: the suite's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := lookup(*suite)
	if err != nil {
		return err
	}
	r, err := root()
	if err != nil {
		return err
	}
	file := fs.Arg(0)
	if file == "" {
		if file, err = latest(r, s.Name); err != nil {
			return err
		}
	}
	set, err := benchcmp.ParseFile(file)
	if err != nil {
		return err
	}
	opt := report.Options{Baseline: s.Baseline, Ours: s.Ours, Charts: map[string]string{},
		Command: "go run ./bench/cmd/sqlforge-bench run -suite " + s.Name}
	if *baseline != "" {
		opt.Baseline = *baseline
	}
	var w io.Writer = os.Stdout
	mdDir := "."
	if *out != "" {
		mdDir = filepath.Dir(*out)
	}
	if *charts != "" {
		if err := os.MkdirAll(*charts, 0o755); err != nil {
			return err
		}
		for _, t := range report.Tables(set, opt.Baseline, opt.Ours) {
			name := filepath.Join(*charts, s.Name+"-"+fileSafe(t.Title())+"."+*format)
			if err := writeFile(name, func(w io.Writer) error { return report.Chart(w, t, *format) }); err != nil {
				return err
			}
			opt.Charts[t.Title()] = relLink(mdDir, name)
			fmt.Fprintf(os.Stderr, "sqlforge-bench: chart %s\n", name)
		}
		if *history != "" {
			runs, err := historyRuns(r, s.Name)
			if err != nil {
				return err
			}
			key := parseKey(*history)
			name := filepath.Join(*charts, s.Name+"-history-"+fileSafe(key.String())+"."+*format)
			if err := writeFile(name, func(w io.Writer) error { return report.History(w, runs, key, *unit, *format) }); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "sqlforge-bench: history chart %s (%d runs)\n", name, len(runs))
		}
	} else if *history != "" {
		return errors.New("-history needs -charts DIR")
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return report.Markdown(w, set, opt)
}

func historyRuns(rootDir, suite string) ([]report.Run, error) {
	files, err := harness.History(rootDir, suite)
	if err != nil {
		return nil, err
	}
	var runs []report.Run
	for _, f := range files {
		set, err := benchcmp.ParseFile(f)
		if err != nil {
			return nil, err
		}
		label := strings.TrimSuffix(filepath.Base(f), ".txt")
		if d := set.Config["date"]; len(d) >= 16 {
			label = d[:10] + " " + d[11:16]
		}
		runs = append(runs, report.Run{Label: label, Set: set})
	}
	return runs, nil
}

// parseKey splits "pkg.BenchmarkX/..." into a Key.
func parseKey(s string) benchcmp.Key {
	if i := strings.Index(s, ".Benchmark"); i >= 0 {
		return benchcmp.Key{Pkg: s[:i], Name: s[i+1:]}
	}
	return benchcmp.Key{Name: s}
}

func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, s)
}

func relLink(fromDir, p string) string {
	if r, err := filepath.Rel(fromDir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

func writeFile(name string, f func(io.Writer) error) error {
	out, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := f(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

package harness

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Options configure Run. Zero values take the suite's defaults.
type Options struct {
	// Root is the workspace root (the directory holding go.work).
	Root string
	// Count overrides the suite's -count when positive.
	Count int
	// Benchtime overrides the suite's -benchtime when not empty.
	Benchtime string
	// Bench overrides every target's -bench regular expression when not
	// empty (to run a subset while developing).
	Bench string
	// Progress receives one line per finished benchmark and per target;
	// nil discards progress.
	Progress io.Writer
	// Env is added to the environment of go test (for example
	// GOMAXPROCS=1 or SQLFORGE_PG_DSN=...).
	Env []string
	// Now returns the time stamp of the run; nil means time.Now.
	Now func() time.Time
}

// Run executes every target of suite s and writes the combined benchmark
// output, preceded by the configuration lines of Describe, to w. It
// returns an error if a go test invocation failed; the output written up to
// that point is kept, so a partial run can still be inspected.
func Run(ctx context.Context, s Suite, opt Options, w io.Writer) error {
	if opt.Root == "" {
		return errors.New("harness: Options.Root is empty")
	}
	count := s.Count
	if opt.Count > 0 {
		count = opt.Count
	}
	benchtime := s.Benchtime
	if opt.Benchtime != "" {
		benchtime = opt.Benchtime
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	progress := opt.Progress
	if progress == nil {
		progress = io.Discard
	}
	cfg := Describe(ctx, opt.Root, s, now())
	cfg = append(cfg, Config{"count", fmt.Sprint(count)})
	if benchtime != "" {
		cfg = append(cfg, Config{"benchtime", benchtime})
	}
	if err := WriteConfig(w, cfg); err != nil {
		return err
	}

	start := now()
	results := 0
	var failed []string
	// The samples are taken in rounds: each round runs every target once
	// with -count 1, so that a slow drift of a shared machine spreads over
	// all contenders instead of falling on whichever runs last.
	for round := 1; round <= count && len(failed) == 0; round++ {
		for _, t := range s.Targets {
			re := t.Bench
			if opt.Bench != "" {
				re = opt.Bench
			}
			args := GoTestArgs(re, 1, benchtime, t.Packages)
			fmt.Fprintf(progress, "%s: round %d/%d: %s: go %s\n", s.Name, round, count, t.Dir, strings.Join(args, " "))
			n, err := runTarget(ctx, opt, t, args, w, func(line string) {
				results++
				fmt.Fprintf(progress, "%s: [%d done, %s] %s\n", s.Name, results,
					now().Sub(start).Round(time.Second), compact(line))
			})
			if err != nil && n < 0 {
				return err // the results file could not be written
			}
			if err != nil {
				failed = append(failed, fmt.Sprintf("%s: %v", t.Dir, err))
			}
		}
	}
	fmt.Fprintf(progress, "%s: %d results in %s\n", s.Name, results, now().Sub(start).Round(time.Second))
	if len(failed) > 0 {
		return fmt.Errorf("harness: suite %s: go test failed in %s", s.Name, strings.Join(failed, "; "))
	}
	return nil
}

// runTarget runs go test with args in target t's directory, copying its
// output to w and calling result for each benchmark result line. It
// returns -1 and the error when w fails.
func runTarget(ctx context.Context, opt Options, t Target, args []string, w io.Writer, result func(line string)) (int, error) {
	progress := opt.Progress
	if progress == nil {
		progress = io.Discard
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = filepath.Join(opt.Root, filepath.FromSlash(t.Dir))
	cmd.Env = append(os.Environ(), opt.Env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return -1, err
	}
	if err := cmd.Start(); err != nil {
		return -1, err
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return -1, err
		}
		switch {
		case strings.HasPrefix(line, "Benchmark") && strings.Contains(line, "ns/op"):
			result(line)
		case strings.HasPrefix(line, "--- FAIL"), strings.HasPrefix(line, "--- SKIP"),
			strings.HasPrefix(line, "FAIL"), strings.HasPrefix(line, "panic:"):
			fmt.Fprintf(progress, "%s\n", strings.TrimSpace(line))
		case strings.HasPrefix(line, "    ") && strings.Contains(line, ".go:"):
			// b.Skip/b.Fatal messages, for example an unreachable database.
			fmt.Fprintf(progress, "  %s\n", strings.TrimSpace(line))
		}
	}
	if err := cmd.Wait(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		fmt.Fprintf(progress, "%s: %v\n%s\n", t.Dir, err, msg)
		return 0, err
	} else if stderr.Len() > 0 {
		fmt.Fprintf(progress, "%s\n", strings.TrimSpace(stderr.String()))
	}
	return 0, nil
}

// GoTestArgs returns the arguments of the go test invocation for one
// target: no tests, the benchmarks matching re, allocation statistics,
// count samples and, when not empty, benchtime.
func GoTestArgs(re string, count int, benchtime string, pkgs []string) []string {
	args := []string{"test", "-run", "^$", "-bench", re, "-benchmem", "-count", fmt.Sprint(count)}
	if benchtime != "" {
		args = append(args, "-benchtime", benchtime)
	}
	if len(pkgs) == 0 {
		pkgs = []string{"."}
	}
	return append(args, pkgs...)
}

// compact squeezes the runs of blanks of a benchmark line for progress
// output.
func compact(line string) string {
	return strings.Join(strings.Fields(line), " ")
}

// ResultsDir returns bench/results/<suite> under the workspace root.
func ResultsDir(root, suite string) string {
	return filepath.Join(root, "bench", "results", suite)
}

// BaselinePath returns the path of the stored baseline of a suite,
// bench/results/<suite>/baseline.txt.
func BaselinePath(root, suite string) string {
	return filepath.Join(ResultsDir(root, suite), "baseline.txt")
}

// RunFileName returns the file name of a run started at t, in UTC, so that
// file names sort in time order: 20261122T150405Z.txt.
func RunFileName(t time.Time) string {
	return t.UTC().Format("20060102T150405Z") + ".txt"
}

// History returns the stored runs of a suite (every file but
// baseline.txt), oldest first.
func History(root, suite string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(ResultsDir(root, suite), "*.txt"))
	if err != nil {
		return nil, err
	}
	out := files[:0]
	for _, f := range files {
		if filepath.Base(f) != "baseline.txt" {
			out = append(out, f)
		}
	}
	return out, nil // Glob sorts, and the names sort by time
}

// FindRoot returns the workspace root: the directory of the go.work file
// the go command uses from dir, or the nearest parent of dir holding a
// go.work file.
func FindRoot(dir string) (string, error) {
	cmd := exec.Command("go", "env", "GOWORK")
	cmd.Dir = dir
	if out, err := cmd.Output(); err == nil {
		if p := strings.TrimSpace(string(out)); p != "" && p != "off" {
			return filepath.Dir(p), nil
		}
	}
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", errors.New("harness: no go.work found above " + dir)
		}
		d = parent
	}
}

// Command gosec-compare runs sqlforgevet and gosec over the injection
// samples in corpus/ and writes which samples each reports, as a Markdown
// table, to bench/results/vet/<time>.md.
//
// It is a module of its own, outside go.work, so that gosec and its
// dependencies never reach sqlforge's modules; both tools are tool
// dependencies in its go.mod, fetched from the Go module proxy. Run it
// from this directory:
//
//	GOWORK=off go run .
//
// A sample is a function in corpus/ whose doc comment starts with
// "unsafe:" (run-time text can reach SQL) or "safe:". A finding counts for
// the sample whose lines it falls in; gosec's findings count when they
// are about SQL (CWE-89). corpus/textvar, the sample Go itself refuses to
// compile, is built and its error recorded.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sample is one function of the corpus.
type sample struct {
	name, file, class, doc string
	from, to               int // lines
	vet, gosec             []string
}

func main() {
	out := flag.String("out", "../../bench/results/vet", "directory for the results")
	flag.Parse()
	samples, err := readCorpus("corpus")
	if err != nil {
		log.Fatal(err)
	}
	vet, err := runSqlforgevet()
	if err != nil {
		log.Fatal(err)
	}
	gosec, err := runGosec()
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range vet {
		attribute(samples, f, func(s *sample) *[]string { return &s.vet })
	}
	for _, f := range gosec {
		attribute(samples, f, func(s *sample) *[]string { return &s.gosec })
	}
	report := render(samples, compileError())
	name := filepath.Join(*out, time.Now().UTC().Format("20060102T150405Z")+".md")
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(name, report, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println(name)
}

// readCorpus lists the samples of the corpus package.
func readCorpus(dir string) ([]*sample, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var samples []*sample
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			class, doc, ok := strings.Cut(strings.Join(strings.Fields(fd.Doc.Text()), " "), ":")
			if !ok || class != "safe" && class != "unsafe" {
				continue
			}
			abs, _ := filepath.Abs(name)
			samples = append(samples, &sample{
				name: fd.Name.Name, file: abs, class: class, doc: strings.TrimSpace(doc),
				from: fset.Position(fd.Pos()).Line, to: fset.Position(fd.End()).Line,
			})
		}
	}
	return samples, nil
}

// finding is one report of a tool: where, and a short label.
type finding struct {
	file  string
	line  int
	label string
}

// attribute adds f's label to the sample whose lines hold it.
func attribute(samples []*sample, f finding, list func(*sample) *[]string) {
	for _, s := range samples {
		if s.file == f.file && f.line >= s.from && f.line <= s.to {
			if l := list(s); !slices.Contains(*l, f.label) {
				*l = append(*l, f.label)
			}
			return
		}
	}
}

// goTool runs "go tool" with args outside the workspace and returns its
// standard output; a non-zero exit is an error only without output.
func goTool(args ...string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"tool"}, args...)...)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("go tool %s: %v: %s", args[0], err, stderr.String())
	}
	return out, nil
}

// runSqlforgevet returns sqlforgevet's findings, labelled with the start
// of their message.
func runSqlforgevet() ([]finding, error) {
	out, err := goTool("sqlforgevet", "-json", "./corpus")
	if err != nil {
		return nil, err
	}
	var res map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("sqlforgevet -json: %v", err)
	}
	var fs []finding
	for _, byAnalyzer := range res {
		for _, diags := range byAnalyzer {
			for _, d := range diags {
				parts := strings.Split(d.Posn, ":")
				if len(parts) < 3 {
					continue
				}
				line, _ := strconv.Atoi(parts[len(parts)-2])
				label, _, _ := strings.Cut(d.Message, ":")
				fs = append(fs, finding{strings.Join(parts[:len(parts)-2], ":"), line, label})
			}
		}
	}
	return fs, nil
}

// runGosec returns gosec's SQL findings (CWE-89), labelled with the rule.
func runGosec() ([]finding, error) {
	out, err := goTool("gosec", "-fmt=json", "-no-fail", "-quiet", "./corpus")
	if err != nil {
		return nil, err
	}
	var res struct {
		Issues []struct {
			RuleID  string `json:"rule_id"`
			Details string `json:"details"`
			File    string `json:"file"`
			Line    string `json:"line"`
			CWE     struct {
				ID string `json:"id"`
			} `json:"cwe"`
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("gosec -fmt=json: %v", err)
	}
	var fs []finding
	for _, is := range res.Issues {
		if is.CWE.ID != "89" {
			continue
		}
		first, _, _ := strings.Cut(is.Line, "-")
		line, _ := strconv.Atoi(first)
		fs = append(fs, finding{is.File, line, is.RuleID + " " + is.Details})
	}
	return fs, nil
}

// compileError builds corpus/textvar and returns the compiler's error.
func compileError() string {
	cmd := exec.Command("go", "build", "-tags", "textvar", "./corpus/textvar")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return "compiled (the constant-only rule is broken)"
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, ".go:") {
			return strings.TrimSpace(line[strings.Index(line, "textvar.go"):])
		}
	}
	return strings.TrimSpace(string(out))
}

// render writes the report.
func render(samples []*sample, textvar string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# sqlforgevet and gosec on the injection corpus\n\n")
	fmt.Fprintf(&b, "Run %s with `vet/gosec-compare` (`GOWORK=off go run .`): %s, gosec %s, sqlforge %s.\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), strings.TrimSpace(command("go", "env", "GOVERSION")),
		strings.TrimPrefix(strings.TrimSpace(command("go", "list", "-m", "github.com/securego/gosec/v2")), "github.com/securego/gosec/v2 "),
		strings.TrimSpace(command("git", "rev-parse", "--short", "HEAD")))
	fmt.Fprintf(&b, "A cell lists what the tool reported inside the sample's function; gosec's SQL rules only (CWE-89).\n\n")
	fmt.Fprintf(&b, "| sample | kind | what | sqlforgevet | gosec |\n|---|---|---|---|---|\n")
	var count = map[string]int{}
	for _, s := range samples {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", s.name, s.class, s.doc, cell(s.vet), cell(s.gosec))
		for tool, list := range map[string][]string{"sqlforgevet": s.vet, "gosec": s.gosec} {
			if len(list) > 0 {
				count[tool+" "+s.class]++
			}
		}
		count[s.class]++
	}
	fmt.Fprintf(&b, "| `textVariable` (corpus/textvar) | unsafe | concatenation into a variable, then expr.Text | Go does not compile it: `%s` | — |\n\n", textvar)
	fmt.Fprintf(&b, "| | unsafe samples reported (of %d) | safe samples reported (of %d) |\n|---|---|---|\n", count["unsafe"], count["safe"])
	for _, tool := range []string{"sqlforgevet", "gosec"} {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", tool, count[tool+" unsafe"], count[tool+" safe"])
	}
	groups := map[string][]string{}
	for _, s := range samples {
		var key string
		switch vet, gosec := len(s.vet) > 0, len(s.gosec) > 0; {
		case vet && gosec:
			key = "both report"
		case vet:
			key = "only sqlforgevet reports"
		case gosec:
			key = "only gosec reports"
		default:
			key = "neither reports"
		}
		groups[s.class+": "+key] = append(groups[s.class+": "+key], "`"+s.name+"`")
	}
	fmt.Fprintf(&b, "\n")
	for _, class := range []string{"unsafe", "safe"} {
		for _, key := range []string{"only sqlforgevet reports", "only gosec reports", "both report", "neither reports"} {
			if g := groups[class+": "+key]; len(g) > 0 {
				fmt.Fprintf(&b, "- %s samples, %s: %s\n", class, key, strings.Join(g, ", "))
			}
		}
	}
	return b.Bytes()
}

func cell(list []string) string {
	if len(list) == 0 {
		return "—"
	}
	return strings.ReplaceAll(strings.Join(list, "; "), "|", "\\|")
}

// command returns a command's output, or "?" if it fails.
func command(name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		return "?"
	}
	return string(out)
}

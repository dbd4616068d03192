package expr_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"testing"
)

// TestTextRequiresConstant type-checks this package together with a file
// that passes run-time strings to the functions taking SQL text: each call
// must be a compile error, and the same calls with constants must not.
func TestTextRequiresConstant(t *testing.T) {
	fset := token.NewFileSet()
	files := packageFiles(t, fset)
	const probe = `package expr

const okSQL = "SELECT 1"

func probeConstants() {
	_ = Text("SELECT 1")
	_ = Text(okSQL)
	_ = Func("lower", 1)
	_ = Check("ck", "a > 0")
	_ = ServerDefault("0")
}

func probeRuntime(userInput string) {
	_ = Text(userInput)                 // ERROR 1
	_ = Func(userInput, 1)              // ERROR 2
	_ = Check("ck", userInput)          // ERROR 3
	_ = ServerDefault(userInput)        // ERROR 4
	_ = Text("SELECT " + userInput)     // ERROR 5
}
`
	f, err := parser.ParseFile(fset, "probe.go", probe, 0)
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, f)
	var errs []types.Error
	conf := types.Config{Importer: importer.Default(), Error: func(err error) { errs = append(errs, err.(types.Error)) }}
	conf.Check("github.com/sqlforge/sqlforge/expr", fset, files, nil)
	lines := map[int]bool{}
	for _, e := range errs {
		pos := fset.Position(e.Pos)
		if pos.Filename != "probe.go" {
			t.Fatalf("unexpected type error outside the probe: %v", e)
		}
		lines[pos.Line] = true
	}
	for i, line := range strings.Split(probe, "\n") {
		wantErr := strings.Contains(line, "// ERROR")
		if wantErr != lines[i+1] {
			t.Errorf("probe line %d %q: compile error = %v; want %v", i+1, strings.TrimSpace(line), lines[i+1], wantErr)
		}
	}
}

// TestFuncNameNotSettable type-checks a program that tries to give a
// function call a name from a run-time string: with an exported Name
// field, f.Name = userInput would call any server function (pg_read_file,
// say). Each attempt must be a compile error.
func TestFuncNameNotSettable(t *testing.T) {
	checkProbe(t, `package probe

import "github.com/sqlforge/sqlforge/expr"

func probe(userInput string) {
	f := expr.Func("lower", 1)
	_ = f.Name()
	f.Name = userInput                            // ERROR 1
	_ = &expr.FuncCall{Name: userInput}           // ERROR 2
	_ = expr.FuncClauses{Name: userInput}         // a description only: compiling reads the call, not this
	c := f.Clauses()
	c.Name = userInput
}
`)
}

// packageFiles parses this package's non-test files.
func packageFiles(t *testing.T, fset *token.FileSet) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// checkProbe type-checks probe, a program importing this package as a
// user's would, and requires a compile error on exactly the lines marked
// "// ERROR".
func checkProbe(t *testing.T, probe string) {
	t.Helper()
	fset := token.NewFileSet()
	const path = "github.com/sqlforge/sqlforge/expr"
	pkg, err := (&types.Config{Importer: importer.Default()}).Check(path, fset, packageFiles(t, fset), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(fset, "probe.go", probe, 0)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[int]bool{}
	conf := types.Config{
		Importer: importerFunc(func(p string) (*types.Package, error) {
			if p == path {
				return pkg, nil
			}
			return importer.Default().Import(p)
		}),
		Error: func(err error) { lines[fset.Position(err.(types.Error).Pos).Line] = true },
	}
	conf.Check("probe", fset, []*ast.File{f}, nil)
	for i, line := range strings.Split(probe, "\n") {
		if want := strings.Contains(line, "// ERROR"); want != lines[i+1] {
			t.Errorf("probe line %d %q: compile error = %v; want %v", i+1, strings.TrimSpace(line), lines[i+1], want)
		}
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

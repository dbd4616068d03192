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

// TestLiteralRequiresConstant type-checks a program that gives Literal
// run-time strings: each such call must be a compile error, so user input
// cannot become SQL text through it (the compiler also accepts only
// numbers), while constants compile.
func TestLiteralRequiresConstant(t *testing.T) {
	fset := token.NewFileSet()
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
	const path = "github.com/sqlforge/sqlforge/expr"
	pkg, err := (&types.Config{Importer: importer.Default()}).Check(path, fset, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	const probe = `package probe

import "github.com/sqlforge/sqlforge/expr"

const two = "2"

func probe(userInput string) {
	_ = expr.Literal("1")
	_ = expr.Literal(two)
	_ = expr.Literal("1" + two)
	_ = expr.True.Or(expr.False)
	_ = expr.Literal(userInput)                    // ERROR 1
	_ = expr.Literal("1" + userInput)              // ERROR 2
	_ = &expr.LiteralExpr{sql: userInput}          // ERROR 3
	s := "1"
	_ = expr.Literal(s)                            // ERROR 4
}
`
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

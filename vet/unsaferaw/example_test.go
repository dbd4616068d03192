package unsaferaw_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/sqlforge/sqlforge/vet/unsaferaw"
)

// The analyzer on a small program: the call with SQL built from a
// parameter is reported, the reviewed one is not.
func Example() {
	const src = `package app

import "github.com/sqlforge/sqlforge/expr"

func run(table string) {
	expr.UnsafeRawSQL("SELECT * FROM " + table)
	expr.UnsafeRawSQL("DROP TABLE " + table) // sqlforgevet:reviewed: table comes from a fixed list
}
`
	const stub = `package expr

type TextClause struct{}

func UnsafeRawSQL(sql string) *TextClause { return nil }
`
	fset := token.NewFileSet()
	stubFile, _ := parser.ParseFile(fset, "expr.go", stub, 0)
	exprPkg, _ := (&types.Config{Importer: importer.Default()}).Check(unsaferaw.ExprPath, fset, []*ast.File{stubFile}, nil)
	file, _ := parser.ParseFile(fset, "app.go", src, parser.ParseComments)
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	conf := &types.Config{Importer: importerFunc(func(path string) (*types.Package, error) { return exprPkg, nil })}
	pkg, _ := conf.Check("app", fset, []*ast.File{file}, info)

	pass := &analysis.Pass{
		Analyzer:  unsaferaw.Analyzer,
		Fset:      fset,
		Files:     []*ast.File{file},
		Pkg:       pkg,
		TypesInfo: info,
		Report: func(d analysis.Diagnostic) {
			fmt.Printf("%s: %s\n", fset.Position(d.Pos), d.Message)
		},
	}
	pass.ResultOf = map[*analysis.Analyzer]any{}
	res, _ := inspect.Analyzer.Run(pass)
	pass.ResultOf[inspect.Analyzer] = res
	unsaferaw.Analyzer.Run(pass)
	// Output:
	// app.go:6:2: expr.UnsafeRawSQL with SQL built at run time: make sure no user input can reach it
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

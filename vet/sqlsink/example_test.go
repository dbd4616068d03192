package sqlsink_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/sqlforge/sqlforge/vet/sqlsink"
)

// The analyzer on a small program: the bound value is fine, the table
// name formatted into the query in a variable is reported at the query.
func Example() {
	const src = `package app

import (
	"database/sql"
	"fmt"
)

func byName(db *sql.DB, table, name string) {
	db.Query("SELECT id FROM users WHERE name = ?", name)
	q := fmt.Sprintf("SELECT id FROM %s WHERE name = ?", table)
	db.Query(q, name)
}
`
	fset := token.NewFileSet()
	file, _ := parser.ParseFile(fset, "app.go", src, parser.ParseComments)
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		Instances:    map[*ast.Ident]types.Instance{},
		FileVersions: map[*ast.File]string{},
	}
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("example.com/app", fset, []*ast.File{file}, info)
	if err != nil {
		fmt.Println(err)
		return
	}
	pass := &analysis.Pass{
		Fset:             fset,
		Files:            []*ast.File{file},
		Pkg:              pkg,
		TypesInfo:        info,
		TypesSizes:       types.SizesFor("gc", "amd64"),
		ResultOf:         map[*analysis.Analyzer]any{},
		ImportObjectFact: func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact: func(types.Object, analysis.Fact) {},
		Report: func(d analysis.Diagnostic) {
			fmt.Printf("%s: %s\n", fset.Position(d.Pos), d.Message)
		},
	}
	if err := runWithRequired(pass, sqlsink.Analyzer); err != nil {
		fmt.Println(err)
	}
	// Output:
	// app.go:11:10: SQL built at run time by fmt.Sprintf at line 10 reaches (*sql.DB).Query: pass values as arguments, and take identifiers from constants or quote them
}

// runWithRequired runs a on pass after the analyzers it requires, as a
// driver such as go vet does (without facts from other packages).
func runWithRequired(pass *analysis.Pass, a *analysis.Analyzer) error {
	for _, req := range a.Requires {
		if _, done := pass.ResultOf[req]; !done {
			if err := runWithRequired(pass, req); err != nil {
				return err
			}
		}
	}
	p := *pass
	p.Analyzer = a
	res, err := a.Run(&p)
	pass.ResultOf[a] = res
	return err
}

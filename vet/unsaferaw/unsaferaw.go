// Package unsaferaw defines an analyzer that reports every call of
// expr.UnsafeRawSQL whose argument is not a compile-time constant.
//
// sqlforge accepts SQL text only from constants; UnsafeRawSQL is the one
// escape hatch for trusted SQL built at run time. Each such call is a place
// where user input could become SQL, so this analyzer makes every one of
// them visible in review and in CI. A call with a constant argument is
// reported too: it should be expr.Text.
//
// A call that has been reviewed is silenced by a comment containing
// "sqlforgevet:reviewed" on its line or the line above, saying why the SQL
// is trusted.
package unsaferaw

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// ExprPath is the import path of the package that defines UnsafeRawSQL.
const ExprPath = "github.com/sqlforge/sqlforge/expr"

// Analyzer reports non-constant arguments to expr.UnsafeRawSQL.
var Analyzer = &analysis.Analyzer{
	Name:     "unsaferaw",
	Doc:      "report expr.UnsafeRawSQL calls whose SQL is not a compile-time constant",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		fn, ok := typeutilCallee(pass.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != ExprPath || fn.Name() != "UnsafeRawSQL" || len(call.Args) != 1 {
			return
		}
		if reviewed(pass, call) {
			return
		}
		if tv, ok := pass.TypesInfo.Types[call.Args[0]]; ok && tv.Value != nil {
			pass.Reportf(call.Pos(), "expr.UnsafeRawSQL with constant SQL: use expr.Text")
			return
		}
		pass.Reportf(call.Pos(), "expr.UnsafeRawSQL with SQL built at run time: make sure no user input can reach it")
	})
	return nil, nil
}

// reviewed reports whether a "sqlforgevet:reviewed" comment sits on the
// call's line or the line above.
func reviewed(pass *analysis.Pass, call *ast.CallExpr) bool {
	pos := pass.Fset.Position(call.Pos())
	for _, f := range pass.Files {
		if pass.Fset.File(f.Pos()) != pass.Fset.File(call.Pos()) {
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				line := pass.Fset.Position(c.Pos()).Line
				if (line == pos.Line || line == pos.Line-1) && strings.Contains(c.Text, "sqlforgevet:reviewed") {
					return true
				}
			}
		}
	}
	return false
}

// typeutilCallee returns the function a call calls, or nil.
func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[f]
	case *ast.SelectorExpr:
		return info.Uses[f.Sel]
	}
	return nil
}

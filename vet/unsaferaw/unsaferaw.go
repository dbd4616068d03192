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
//
// It also reports the functions that take only constants (expr.Text,
// Func, Literal, LimitConst and the others whose parameter has an
// unexported type) used as function values rather than called: passed to
// a generic function, such a value can be called with a run-time string or
// number converted to the inferred parameter type, around the type check
// that keeps run-time values out of SQL text.
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
	called := map[ast.Expr]bool{} // the Fun of every call
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpr:
			called[ast.Unparen(n.Fun)] = true
			unsafeCall(pass, n)
		case *ast.SelectorExpr:
			if !called[n] && constantOnly(pass.TypesInfo.Uses[n.Sel]) {
				pass.Reportf(n.Pos(), "expr.%s used as a function value: call it with a constant, so that no run-time value can reach it", n.Sel.Name)
			}
		}
	})
	return nil, nil
}

// constantOnly reports the functions of package expr whose parameters
// include an unexported type (constSQL, constInt): only constants convert
// to them at a call.
func constantOnly(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != ExprPath {
		return false
	}
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		if named, ok := params.At(i).Type().(*types.Named); ok && !named.Obj().Exported() && named.Obj().Pkg() == fn.Pkg() {
			return true
		}
	}
	return false
}

// unsafeCall reports a call of expr.UnsafeRawSQL.
func unsafeCall(pass *analysis.Pass, call *ast.CallExpr) {
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

// Package unsaferaw defines an analyzer that guards sqlforge's rule that
// SQL text comes only from compile-time constants.
//
// The functions that take SQL (expr.Text, Func, Check, ServerDefault,
// Literal, LimitConst and any other sqlforge function with a
// constant-only parameter) take an unexported type, so a direct call
// compiles only with a constant. The type system cannot keep such a
// function from being used as a value, and a value can be called with a
// run-time string converted to the parameter's type: by a generic helper
// whose type parameter is inferred as that type
// (func conv[S ~string](f func(S) *expr.TextClause, s string) { f(S(s)) }),
// or through reflect.Value.Call. So the analyzer reports:
//
//   - every use of a function that takes SQL other than a direct call: a
//     function or method value, a method expression, one passed as an
//     argument, stored in a variable or map, or given to reflect;
//   - every instantiation of a generic function or type with a
//     constant-only type as (or inside) a type argument, which is how
//     generic code converts run-time values to it, also when it is
//     inferred from an interface method (a *expr.SelectStmt passed as
//     interface{ LimitConst(T) *expr.SelectStmt });
//   - every conversion to a constant-only type (or a pointer to one) from
//     a value that is not a constant (possible inside its package, or
//     through unsafe);
//   - reflect's MethodByName with the name of a method that takes SQL;
//   - every call of expr.UnsafeRawSQL, the escape hatch for trusted SQL
//     built at run time, unless a comment containing
//     "sqlforgevet:reviewed" on its line or the line above says why the
//     SQL is trusted. A call with a constant argument is reported too: it
//     should be expr.Text. UnsafeRawSQL used as a value is reported as
//     any other function that takes SQL, and a review does not silence it.
//
// Reflection that finds a method by a computed name, or reaches a
// constant-only type through reflect.Value.Convert on a value the program
// never names, is out of its reach.
package unsaferaw

import (
	"cmp"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// ExprPath is the import path of the package that defines UnsafeRawSQL.
const ExprPath = "github.com/sqlforge/sqlforge/expr"

// Analyzer reports SQL text that may not come from a constant.
var Analyzer = &analysis.Analyzer{
	Name:     "unsaferaw",
	Doc:      "report uses of sqlforge's SQL-taking functions that may pass run-time SQL: non-constant expr.UnsafeRawSQL calls, such functions used as values, generic instantiations and conversions with constant-only types",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &constOnly{types: map[*types.Package]map[*types.TypeName]bool{}}
	called := map[*ast.Ident]bool{} // the function named by each call's Fun
	var methods map[string]bool     // constant-only method names, for MethodByName
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil), (*ast.Ident)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv, ok := pass.TypesInfo.Types[ast.Unparen(n.Fun)]; ok && tv.IsType() {
				conversion(pass, c, n, tv.Type)
				return
			}
			id := calleeIdent(n.Fun)
			if id == nil {
				return
			}
			called[id] = true
			fn, ok := pass.TypesInfo.Uses[id].(*types.Func)
			switch {
			case !ok:
			case isUnsafeRaw(fn.Origin()):
				unsafeCall(pass, n)
			case fn.Pkg() != nil && fn.Pkg().Path() == "reflect" && fn.Name() == "MethodByName" && len(n.Args) == 1:
				if methods == nil {
					methods = c.constOnlyMethods(pass.Pkg)
				}
				if name, ok := constString(pass, n.Args[0]); ok && methods[name] {
					pass.Reportf(n.Pos(), "reflect MethodByName(%q) finds a method that takes SQL: call it directly with a constant", name)
				}
			}
		case *ast.Ident:
			if called[n] {
				return
			}
			if fn, ok := c.takesSQL(pass.TypesInfo.Uses[n]); ok && isUnsafeRaw(fn) {
				pass.Reportf(n.Pos(), "expr.UnsafeRawSQL used as a value: the SQL of its calls cannot be checked; call it directly, reviewed")
			} else if ok {
				pass.Reportf(n.Pos(), "%s used as a value: call it directly with a constant; passed, stored or reflected, it can be called with a run-time value converted to its parameter type", funcName(fn))
			}
		}
	})
	instances(pass, c)
	return nil, nil
}

// calleeIdent returns the identifier naming the function a call calls
// (f, pkg.F, x.M, F[T], pkg.F[T]), or nil.
func calleeIdent(fun ast.Expr) *ast.Ident {
	fun = ast.Unparen(fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// conversion reports a conversion to a constant-only type, or a pointer
// to one, of a value that is not a constant.
func conversion(pass *analysis.Pass, c *constOnly, call *ast.CallExpr, to types.Type) {
	target := to
	if p, ok := types.Unalias(to).(*types.Pointer); ok {
		target = p.Elem()
	}
	if len(call.Args) != 1 || !c.isType(target) {
		return
	}
	if tv, ok := pass.TypesInfo.Types[call.Args[0]]; ok && tv.Value != nil {
		return
	}
	pass.Reportf(call.Pos(), "conversion of a run-time value to %s, a type for constant SQL only", types.TypeString(to, (*types.Package).Name))
}

// instances reports generic functions and types instantiated with a
// constant-only type in a type argument.
func instances(pass *analysis.Pass, c *constOnly) {
	ids := make([]*ast.Ident, 0, len(pass.TypesInfo.Instances))
	for id := range pass.TypesInfo.Instances {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b *ast.Ident) int { return cmp.Compare(a.Pos(), b.Pos()) })
	for _, id := range ids {
		for t := range pass.TypesInfo.Instances[id].TypeArgs.Types() {
			if c.mentions(t, map[types.Type]bool{}) {
				pass.Reportf(id.Pos(), "%s instantiated with %s, a type for constant SQL only: generic code can convert a run-time value to it", id.Name, types.TypeString(t, (*types.Package).Name))
				break
			}
		}
	}
}

// constString returns the value of a constant string expression.
func constString(pass *analysis.Pass, e ast.Expr) (string, bool) {
	tv, ok := pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// unsafeCall reports a call of expr.UnsafeRawSQL.
func unsafeCall(pass *analysis.Pass, call *ast.CallExpr) {
	if len(call.Args) != 1 || reviewed(pass, call) {
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

package unsaferaw

import (
	"go/types"
	"strings"
)

// ModulePrefix is the import path prefix of sqlforge's packages, whose
// constant-only functions the analyzer guards.
const ModulePrefix = "github.com/sqlforge/sqlforge/"

// constOnly finds sqlforge's constant-only types and the functions that
// take SQL: a constant-only type is an unexported named string or integer
// type of a sqlforge package that is a parameter of one of its exported
// functions or methods (expr's constSQL, constInt). Only an untyped
// constant converts to it outside its package, which is how Text, Func,
// Check, ServerDefault, Literal and LimitConst keep run-time values out
// of SQL text. The functions that take SQL are those with such a
// parameter, and expr.UnsafeRawSQL.
type constOnly struct {
	types map[*types.Package]map[*types.TypeName]bool
}

// pkgTypes returns the constant-only types of pkg, found once.
func (c *constOnly) pkgTypes(pkg *types.Package) map[*types.TypeName]bool {
	if ts, ok := c.types[pkg]; ok {
		return ts
	}
	ts := map[*types.TypeName]bool{}
	c.types[pkg] = ts
	if !strings.HasPrefix(pkg.Path()+"/", ModulePrefix) {
		return ts
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if obj.Exported() {
				paramTypes(pkg, obj, ts)
			}
		case *types.TypeName:
			if named, ok := obj.Type().(*types.Named); ok {
				for m := range named.Methods() {
					if m.Exported() {
						paramTypes(pkg, m, ts)
					}
				}
			}
		}
	}
	return ts
}

// paramTypes adds fn's parameter types that are unexported named string
// or integer types of pkg.
func paramTypes(pkg *types.Package, fn *types.Func, ts map[*types.TypeName]bool) {
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		if tn := basicNamed(params.At(i).Type()); tn != nil && !tn.Exported() && tn.Pkg() == pkg {
			ts[tn] = true
		}
	}
}

// basicNamed returns the name of t if t is a named type whose underlying
// type is a string or an integer.
func basicNamed(t types.Type) *types.TypeName {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	b, ok := named.Underlying().(*types.Basic)
	if !ok || b.Info()&(types.IsString|types.IsInteger) == 0 {
		return nil
	}
	return named.Obj()
}

// isType reports whether t is a constant-only type.
func (c *constOnly) isType(t types.Type) bool {
	tn := basicNamed(t)
	return tn != nil && tn.Pkg() != nil && c.pkgTypes(tn.Pkg())[tn]
}

// mentions reports whether t is or contains a constant-only type: as a
// pointer's, slice's or map's element, a parameter or result of a
// function type, a field, a method or a type argument.
func (c *constOnly) mentions(t types.Type, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Named:
		if c.isType(t) {
			return true
		}
		for a := range t.TypeArgs().Types() {
			if c.mentions(a, seen) {
				return true
			}
		}
	case *types.Pointer:
		return c.mentions(t.Elem(), seen)
	case *types.Slice:
		return c.mentions(t.Elem(), seen)
	case *types.Array:
		return c.mentions(t.Elem(), seen)
	case *types.Chan:
		return c.mentions(t.Elem(), seen)
	case *types.Map:
		return c.mentions(t.Key(), seen) || c.mentions(t.Elem(), seen)
	case *types.Signature:
		return c.mentions(t.Params(), seen) || c.mentions(t.Results(), seen)
	case *types.Tuple:
		for v := range t.Variables() {
			if c.mentions(v.Type(), seen) {
				return true
			}
		}
	case *types.Struct:
		for f := range t.Fields() {
			if c.mentions(f.Type(), seen) {
				return true
			}
		}
	case *types.Interface:
		for m := range t.Methods() {
			if c.mentions(m.Type(), seen) {
				return true
			}
		}
	}
	return false
}

// takesSQL reports whether obj is a function that takes SQL: one with a
// constant-only parameter, or expr.UnsafeRawSQL.
func (c *constOnly) takesSQL(obj types.Object) (*types.Func, bool) {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil, false
	}
	fn = fn.Origin()
	if isUnsafeRaw(fn) {
		return fn, true
	}
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		if c.isType(params.At(i).Type()) {
			return fn, true
		}
	}
	return nil, false
}

// constOnlyMethods returns the names of the methods that take SQL on the
// types of sqlforge's packages among pkg's imports, direct or not, for
// reflection by name.
func (c *constOnly) constOnlyMethods(pkg *types.Package) map[string]bool {
	names := map[string]bool{}
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		if strings.HasPrefix(p.Path()+"/", ModulePrefix) {
			for _, name := range p.Scope().Names() {
				if tn, ok := p.Scope().Lookup(name).(*types.TypeName); ok {
					if named, ok := tn.Type().(*types.Named); ok {
						for m := range named.Methods() {
							if _, ok := c.takesSQL(m); ok {
								names[m.Name()] = true
							}
						}
					}
				}
			}
		}
		for _, imp := range p.Imports() {
			walk(imp)
		}
	}
	walk(pkg)
	return names
}

func isUnsafeRaw(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg().Path() == ExprPath && fn.Name() == "UnsafeRawSQL"
}

// funcName is how a report names fn: expr.Text, (*expr.SelectStmt).LimitConst.
func funcName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), (*types.Package).Name) + ")." + fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

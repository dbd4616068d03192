package sqlsink

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// level orders what is known of a string (or of a container of strings).
type level uint8

const (
	safe   level = iota // made of constants only
	opaque              // holds a value from elsewhere, passed on as it is
	built               // text built at run time from a non-constant value
)

// class is what the tracer knows of a value.
type class struct {
	level level
	how   string    // built: what built it ("fmt.Sprintf", "concatenation")
	pos   token.Pos // built: where
	// params are the indexes of the enclosing function's parameters the
	// value is made of, at any level.
	params []int
	// digits: a safe value holding a run-time integer's digits, which may
	// start with a minus sign.
	digits bool
}

// join is what is known of a value made of both a and b.
func join(a, b class) class {
	r := a
	if b.level > a.level {
		r.level, r.how, r.pos = b.level, b.how, b.pos
	}
	r.digits = a.digits || b.digits
	r.params = union(a.params, b.params)
	return r
}

// buildOf is a value built by how at pos from parts: safe if every part
// is, else built.
func buildOf(parts class, how string, pos token.Pos) class {
	if parts.level == safe {
		return parts
	}
	if parts.level == built {
		return parts // keep the first step that built it
	}
	return class{level: built, how: how, pos: pos, params: parts.params}
}

func union(a, b []int) []int {
	if len(b) == 0 {
		return a
	}
	r := slices.Clone(a)
	for _, p := range b {
		if !slices.Contains(r, p) {
			r = append(r, p)
		}
	}
	slices.Sort(r)
	return r
}

// tracer follows values back to what they are made of, within a function
// and through the summaries of the functions it calls.
type tracer struct {
	pass     *analysis.Pass
	pkg      *ssa.Package
	reviewed map[*token.File]map[int]bool
	memo     map[memoKey]class
	busy     map[memoKey]bool
	sums     map[*ssa.Function]*Summary
}

// memoKey: params are traced as opaque (what a caller may pass) or as
// safe (to learn whether a result is built from the parameters alone).
type memoKey struct {
	v          ssa.Value
	paramsSafe bool
}

// classOf returns what is known of v.
func (t *tracer) classOf(v ssa.Value, paramsSafe bool) class {
	k := memoKey{v, paramsSafe}
	if c, ok := t.memo[k]; ok {
		return c
	}
	if t.busy[k] {
		return class{} // a cycle adds nothing
	}
	t.busy[k] = true
	c := t.trace(v, paramsSafe)
	delete(t.busy, k)
	t.memo[k] = c
	return c
}

func (t *tracer) trace(v ssa.Value, ps bool) class {
	switch v := v.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Builtin:
		return class{}
	case *ssa.Parameter:
		c := class{level: opaque, params: []int{slices.Index(v.Parent().Params, v)}}
		if ps {
			c.level = safe
		}
		return c
	case *ssa.Phi:
		var c class
		for _, e := range v.Edges {
			c = join(c, t.classOf(e, ps))
		}
		return c
	case *ssa.BinOp:
		if v.Op != token.ADD || !isStringy(v.Type()) {
			return class{level: opaque}
		}
		return t.concat(v.X, v.Y, v.Pos(), ps)
	case *ssa.Convert:
		return t.classOf(v.X, ps)
	case *ssa.ChangeType:
		return t.classOf(v.X, ps)
	case *ssa.MakeInterface:
		return t.classOf(v.X, ps)
	case *ssa.TypeAssert:
		return t.classOf(v.X, ps)
	case *ssa.Slice:
		return t.classOf(v.X, ps)
	case *ssa.SliceToArrayPointer:
		return t.classOf(v.X, ps)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return t.classOf(v.X, ps) // a load
		}
		return class{level: opaque}
	case *ssa.IndexAddr:
		return t.classOf(v.X, ps) // an element: what the container holds
	case *ssa.Index:
		return t.classOf(v.X, ps)
	case *ssa.Lookup:
		return t.classOf(v.X, ps)
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return t.call(call, v.Index, ps)
		}
		return t.classOf(v.Tuple, ps)
	case *ssa.Call:
		return t.call(v, 0, ps)
	case *ssa.Alloc:
		return t.contents(v, nil, ps)
	case *ssa.MakeSlice, *ssa.MakeMap:
		return t.contents(v, nil, ps)
	case *ssa.FreeVar:
		return t.freeVar(v, ps)
	}
	// Globals, fields, channel receives: text from elsewhere.
	return class{level: opaque}
}

// concat is what is known of x + y.
func (t *tracer) concat(x, y ssa.Value, pos token.Pos, ps bool) class {
	if t.isReviewed(pos) {
		return class{}
	}
	cx, cy := t.classOf(x, ps), t.classOf(y, ps)
	if cy.digits && endsWithMinus(x) {
		return class{level: built, how: "an integer after '-', which may make '--' start a comment", pos: pos, params: union(cx.params, cy.params)}
	}
	c := buildOf(join(cx, cy), "concatenation", pos)
	c.digits = cx.digits
	return c
}

// endsWithMinus reports whether the text x ends with a constant '-'.
func endsWithMinus(x ssa.Value) bool {
	switch x := x.(type) {
	case *ssa.Const:
		s := constString(x)
		return len(s) > 0 && s[len(s)-1] == '-'
	case *ssa.BinOp:
		return endsWithMinus(x.Y)
	case *ssa.Phi:
		return slices.ContainsFunc(x.Edges, endsWithMinus)
	}
	return false
}

func builderName(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return types.TypeString(t, (*types.Package).Name)
}

// isStringy reports whether t is a string, a []byte, or a named type of one.
func isStringy(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// isReviewed reports whether a "sqlforgevet:reviewed" comment sits on
// pos's line or the line above.
func (t *tracer) isReviewed(pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	f := t.pass.Fset.File(pos)
	if f == nil {
		return false
	}
	lines, ok := t.reviewed[f]
	if !ok {
		lines = reviewedLines(t.pass, f)
		t.reviewed[f] = lines
	}
	return lines[f.Line(pos)]
}

package sqlsink

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// contents is what a variable, array, slice, map, strings.Builder or
// bytes.Buffer holds: what the code stores or writes into it, joined with
// init, the text it starts with if it is not empty. Text written after
// other text is built. A builder given to a call that is not one of its
// own methods or fmt's Fprint functions may receive anything: opaque.
// Slices and maps given to calls are taken to be read.
func (t *tracer) contents(v ssa.Value, init *class, ps bool) class {
	var c class
	var pieces []class
	if init != nil {
		pieces = append(pieces, *init)
	}
	builder := isBuilder(v.Type())
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		for _, ref := range *v.Referrers() {
			switch r := ref.(type) {
			case *ssa.Store:
				if r.Addr == v {
					c = join(c, t.classOf(r.Val, ps))
				} else {
					c = join(c, class{level: opaque}) // the container stored elsewhere
				}
			case *ssa.MapUpdate:
				if r.Map == v {
					c = join(c, t.classOf(r.Value, ps))
				}
			case *ssa.IndexAddr:
				visit(r)
			case *ssa.Slice:
				visit(r)
			case *ssa.MakeInterface:
				visit(r) // &b given to fmt.Fprintf
			case *ssa.MakeClosure:
				c = join(c, t.closureStores(r, v, ps))
			case ssa.CallInstruction:
				if !builder {
					continue
				}
				if w, ok := t.write(r.Common(), v, ps); !ok {
					c = join(c, class{level: opaque})
				} else if w != nil {
					pieces = append(pieces, *w)
				}
			}
		}
	}
	visit(v)
	var text class
	for _, p := range pieces {
		text = join(text, p)
	}
	if len(pieces) > 1 {
		text = buildOf(text, "writes to a "+builderName(v.Type()), firstPos(pieces))
	}
	return join(c, text)
}

// firstPos is where the first piece that is not safe was written.
func firstPos(pieces []class) token.Pos {
	for _, p := range pieces {
		if p.level != safe && p.pos.IsValid() {
			return p.pos
		}
	}
	return token.NoPos
}

// freeVar is what a closure's free variable holds: what the enclosing
// function binds to it where it makes the closure.
func (t *tracer) freeVar(v *ssa.FreeVar, ps bool) class {
	fn := v.Parent()
	j := slices.Index(fn.FreeVars, v)
	if fn.Parent() == nil || j < 0 {
		return class{level: opaque}
	}
	var c class
	found := false
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				c = join(c, t.classOf(mc.Bindings[j], ps))
				found = true
			}
		}
	}
	if !found {
		return class{level: opaque}
	}
	return class{level: c.level, how: c.how, pos: c.pos, digits: c.digits} // the parameters are the enclosing function's
}

// closureStores is what the closure made by mc stores into v, a variable
// of the enclosing function that it captures.
func (t *tracer) closureStores(mc *ssa.MakeClosure, v ssa.Value, ps bool) class {
	fn, ok := mc.Fn.(*ssa.Function)
	j := slices.Index(mc.Bindings, v)
	if !ok || j < 0 || j >= len(fn.FreeVars) {
		return class{level: opaque}
	}
	var c class
	for _, ref := range *fn.FreeVars[j].Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr == fn.FreeVars[j] {
				c = join(c, t.classOf(r.Val, ps))
			}
		case *ssa.UnOp:
		default:
			c = join(c, class{level: opaque}) // passed on: anything may be stored
		}
	}
	c.params = nil // the closure's, not the enclosing function's
	return c
}

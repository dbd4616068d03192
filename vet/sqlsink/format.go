package sqlsink

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// format is what fmt.Sprintf, Sprint or Sprintln (key) return, given
// their arguments: for Sprintf the format, then the slice of operands.
//
// An operand of an integer type without methods that could change its
// text, printed with %d, %b, %o, %O, %x, %X or %v (Sprint: %v), spells
// only digits and a sign, so it builds no SQL; unless the format puts it
// right after a '-', where a negative number makes "--", a comment that
// hides the rest of the line.
func (t *tracer) format(key string, args []ssa.Value, pos token.Pos, ps bool) class {
	if t.isReviewed(pos) {
		return class{}
	}
	list := args[0]
	var verbs []verb
	printf := key == "fmt.Sprintf"
	var parts class
	if printf {
		list = args[1]
		f, ok := args[0].(*ssa.Const)
		if !ok {
			cf := t.classOf(args[0], ps)
			if ops, known := operands(list); known && len(ops) == 0 {
				return cf // the format alone: its text as it is
			}
			parts = join(cf, class{level: opaque}) // operands in a run-time format
			return buildOf(join(parts, t.classOf(list, ps)), key, pos)
		}
		verbs, printf = parseVerbs(constString(f))
	}
	ops, known := operands(list)
	if !known {
		return buildOf(t.classOf(list, ps), key, pos)
	}
	var res class
	for i, op := range ops {
		if op == nil {
			parts = join(parts, class{level: opaque})
			continue
		}
		v := byte('v')
		minus := false
		if printf {
			if i >= len(verbs) {
				continue // an extra operand: printed as %!(EXTRA ...)
			}
			v, minus = verbs[i].c, verbs[i].minus
		}
		if digitsOnly(op, v) {
			if minus {
				parts = join(parts, class{level: built, how: "an integer after '-' in the format, which may make '--' start a comment", pos: pos})
			}
			if i == 0 && (!printf || verbs[0].first) {
				res.digits = true
			}
			continue
		}
		parts = join(parts, t.classOf(op, ps))
	}
	res = join(res, buildOf(parts, key, pos))
	return res
}

// verb is a conversion of a format that takes an operand.
type verb struct {
	c     byte // the verb; '*' for a width or precision operand
	minus bool // the format's text right before it ends with '-'
	first bool // it starts the format
}

// parseVerbs returns the verbs of a format in the order they take
// operands. A format with explicit argument indexes ("%[2]d") is not
// parsed: false.
func parseVerbs(f string) ([]verb, bool) {
	var vs []verb
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		minus := i > 0 && f[i-1] == '-'
		first := i == 0
		for i++; i < len(f) && strings.IndexByte("+-# 0", f[i]) >= 0; i++ {
		}
		for ; i < len(f) && (f[i] >= '0' && f[i] <= '9' || f[i] == '.' || f[i] == '*'); i++ {
			if f[i] == '*' {
				vs = append(vs, verb{c: '*'})
			}
		}
		if i >= len(f) {
			break
		}
		switch f[i] {
		case '%':
		case '[':
			return nil, false
		default:
			vs = append(vs, verb{c: f[i], minus: minus, first: first})
		}
	}
	return vs, true
}

// operands returns the values of a variadic ...any list built at the call
// (nil for an element it does not see stored); false for a slice from
// elsewhere.
func operands(list ssa.Value) ([]ssa.Value, bool) {
	if c, ok := list.(*ssa.Const); ok && c.IsNil() {
		return nil, true
	}
	s, ok := list.(*ssa.Slice)
	if !ok {
		return nil, false
	}
	a, ok := s.X.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	arr, ok := types.Unalias(a.Type()).(*types.Pointer).Elem().Underlying().(*types.Array)
	if !ok {
		return nil, false
	}
	ops := make([]ssa.Value, arr.Len())
	for _, ref := range *a.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		k, ok := ia.Index.(*ssa.Const)
		if !ok {
			return nil, false
		}
		for _, r := range *ia.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == ia {
				if n := k.Int64(); n >= 0 && n < int64(len(ops)) {
					ops[n] = st.Val
				}
			}
		}
	}
	return ops, true
}

// digitsOnly reports whether op, printed with verb c, spells only digits
// and a sign: an integer of a type whose methods do not change its text.
func digitsOnly(op ssa.Value, c byte) bool {
	if mi, ok := op.(*ssa.MakeInterface); ok {
		op = mi.X
	}
	t := op.Type()
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	ms := types.NewMethodSet(t)
	has := func(name string) bool { return ms.Lookup(nil, name) != nil }
	switch c {
	case 'd', 'b', 'o', 'O':
		return !has("Format")
	case 'x', 'X', 'v':
		return !has("Format") && !has("String") && !has("Error")
	}
	return false
}

// constString returns a string constant's value, or "".
func constString(c *ssa.Const) string {
	if c.Value == nil || c.Value.Kind() != constant.String {
		return ""
	}
	return constant.StringVal(c.Value)
}

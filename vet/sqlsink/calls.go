package sqlsink

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// callKey names a called function: "fmt.Sprintf", "strings.Builder.String".
func callKey(c *ssa.CallCommon) string {
	var fn *types.Func
	if c.IsInvoke() {
		fn = c.Method
	} else if callee := c.StaticCallee(); callee != nil {
		fn, _ = callee.Object().(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		if tn := namedRecv(fn.Type().(*types.Signature)); tn != nil {
			return fn.Pkg().Path() + "." + tn.Name() + "." + fn.Name()
		}
		return ""
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// passThrough are functions whose result is their first argument's text,
// changed in a way that cannot add SQL syntax a caller did not write.
var passThrough = map[string]bool{
	"strings.ToUpper": true, "strings.ToLower": true, "strings.TrimSpace": true,
	"strings.Trim": true, "strings.TrimLeft": true, "strings.TrimRight": true,
	"strings.TrimPrefix": true, "strings.TrimSuffix": true, "strings.Clone": true,
	"strings.Repeat": true, "strings.Fields": true, "strings.Split": true,
	"strconv.Quote": true, "bytes.TrimSpace": true, "bytes.Clone": true,
	"bytes.ToUpper": true, "bytes.ToLower": true,
}

// sanitizers return quoted identifiers: text that is safe whatever
// their argument. AppendQuoted appends to a []byte whose text it keeps:
// the value is the index of that argument, a receiver counting as the
// first; -1 for the others.
var sanitizers = map[string]int{
	"github.com/jackc/pgx/v5.Identifier.Sanitize":       -1,
	"github.com/lib/pq.QuoteIdentifier":                 -1,
	"github.com/sqlforge/sqlforge/compile.AppendQuoted": 0,
}

// sanitizer returns the index of the argument whose text a sanitizer's
// result keeps (-1: none), for the functions in sanitizers and every
// AppendIdent method of a sqlforge type (compile.Dialect and the
// dialects).
func sanitizer(key string) (int, bool) {
	if arg, ok := sanitizers[key]; ok {
		return arg, true
	}
	if strings.HasPrefix(key, "github.com/sqlforge/sqlforge/") && strings.HasSuffix(key, ".AppendIdent") {
		return 1, true
	}
	return 0, false
}

// call is what is known of result i of a call.
func (t *tracer) call(v *ssa.Call, i int, ps bool) class {
	c := v.Common()
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if b.Name() == "append" && len(c.Args) == 2 {
			return t.appendClass(c, v.Pos(), ps)
		}
		return class{level: opaque}
	}
	key := callKey(c)
	args := c.Args
	if c.IsInvoke() {
		args = append([]ssa.Value{c.Value}, args...) // receiver first, as for static calls
	}
	if arg, ok := sanitizer(key); ok {
		if arg < 0 {
			return class{}
		}
		return t.classOf(args[arg], ps)
	}
	if passThrough[key] {
		return t.classOf(args[0], ps)
	}
	switch key {
	case "fmt.Sprintf", "fmt.Sprint", "fmt.Sprintln":
		return t.format(key, args, v.Pos(), ps)
	case "fmt.Appendf", "fmt.Append", "fmt.Appendln":
		f := t.format(key, args[1:], v.Pos(), ps)
		return buildOf(join(t.classOf(args[0], ps), f), key, v.Pos())
	case "strconv.Itoa", "strconv.FormatInt", "strconv.FormatUint":
		return class{digits: true}
	case "encoding/hex.EncodeToString":
		return class{} // hex digits only
	case "strconv.AppendInt", "strconv.AppendUint":
		return join(t.classOf(args[0], ps), class{digits: true})
	case "strings.Join", "bytes.Join":
		return t.built(join(t.classOf(args[0], ps), t.classOf(args[1], ps)), key, v.Pos())
	case "strings.Replace", "strings.ReplaceAll", "bytes.Replace", "bytes.ReplaceAll":
		if cn := t.classOf(args[2], ps); cn.level != safe {
			return t.built(cn, key, v.Pos())
		}
		return t.classOf(args[0], ps)
	case "strings.NewReplacer":
		return t.built(t.classOf(args[0], ps), key, v.Pos())
	case "strings.Replacer.Replace":
		r := t.classOf(args[0], ps)
		if r.level == built {
			return r
		}
		return join(t.classOf(args[1], ps), r)
	case "strings.Builder.String", "bytes.Buffer.String", "bytes.Buffer.Bytes":
		return t.classOf(args[0], ps)
	case "bytes.NewBufferString", "bytes.NewBuffer":
		init := t.classOf(args[0], ps)
		return t.contents(v, &init, ps)
	}
	if callee := c.StaticCallee(); callee != nil && !c.IsInvoke() {
		return t.result(callee, c.Args, i, v.Pos(), ps)
	}
	return class{level: opaque}
}

// built is what a call that builds text from parts returns, unless its
// line is reviewed.
func (t *tracer) built(parts class, how string, pos token.Pos) class {
	if t.isReviewed(pos) {
		return class{}
	}
	return buildOf(parts, how, pos)
}

// appendClass is what append(s, elems...) returns: for a []byte, text
// appended to text.
func (t *tracer) appendClass(c *ssa.CallCommon, pos token.Pos, ps bool) class {
	parts := join(t.classOf(c.Args[0], ps), t.classOf(c.Args[1], ps))
	if isStringy(c.Args[0].Type()) {
		return t.built(parts, "append", pos)
	}
	return parts // a slice of strings holds them as they are
}

// result is what is known of result i of a call of callee with args,
// from callee's summary.
func (t *tracer) result(callee *ssa.Function, args []ssa.Value, i int, pos token.Pos, ps bool) class {
	s := t.summaryOf(callee)
	if i >= len(s.Results) {
		return class{level: opaque}
	}
	r := s.Results[i]
	if r.Always != "" {
		return t.built(class{level: opaque}, r.Always+" in "+callee.Name(), pos)
	}
	var c class
	for _, p := range r.Params {
		if p < len(args) {
			c = join(c, t.classOf(args[p], ps))
		}
	}
	if r.Opaque {
		c = join(c, class{level: opaque})
	}
	if r.Builds != "" && c.level != safe {
		return t.built(class{level: opaque, params: c.params}, r.Builds+" in "+callee.Name(), pos)
	}
	return c
}

// write is what a call with the builder v writes into it; nil if it
// writes nothing; false if it may write anything.
func (t *tracer) write(c *ssa.CallCommon, v ssa.Value, ps bool) (*class, bool) {
	key := callKey(c)
	var w class
	switch {
	case c.IsInvoke() || len(c.Args) == 0:
		return nil, false
	case strings.HasPrefix(key, "strings.Builder.") || strings.HasPrefix(key, "bytes.Buffer."):
		if c.Args[0] != v {
			return nil, false
		}
		switch key[strings.LastIndexByte(key, '.')+1:] {
		case "WriteString", "Write", "WriteByte", "WriteRune":
			w = t.classOf(c.Args[1], ps)
		case "ReadFrom":
			w = class{level: opaque}
		default:
			return nil, true
		}
	case key == "fmt.Fprintf" || key == "fmt.Fprint" || key == "fmt.Fprintln":
		if c.Args[0] != v {
			return nil, false
		}
		w = t.format("fmt.S"+key[len("fmt.F"):], c.Args[1:], c.Pos(), ps)
	case key == "io.WriteString":
		if c.Args[0] != v {
			return nil, false
		}
		w = t.classOf(c.Args[1], ps)
	default:
		return nil, false
	}
	if t.isReviewed(c.Pos()) {
		w = class{}
	}
	if w.level == opaque {
		w.pos = c.Pos()
	}
	return &w, true
}

// isBuilder reports whether t is a *strings.Builder or *bytes.Buffer.
func isBuilder(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
	case "strings.Builder", "bytes.Buffer":
		return true
	}
	return false
}

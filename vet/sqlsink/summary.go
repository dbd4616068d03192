package sqlsink

import (
	"fmt"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Summary is what callers need to know of a function: how its results
// are made, and which parameters it passes to a sink. It is learned from
// the function's body and exported as a fact, so a helper in another
// package counts as well. Parameter indexes count a method's receiver as
// the first.
type Summary struct {
	Results []Result
	// Sinks maps a parameter passed as it is to a sink to that sink's name.
	Sinks map[int]string
}

// Result is what one result of a function is made of.
type Result struct {
	Always string // non-empty: built at run time whatever the arguments, by Always
	Params []int  // the parameters it is made of
	Builds string // non-empty: built by Builds from Params, if they are not constants
	Opaque bool   // it also holds text from elsewhere
}

// AFact marks Summary as a fact.
func (*Summary) AFact() {}

// String describes the summary, for tests: "arg 1 reaches (*sql.DB).Exec",
// "result 0: built by concatenation from args [0]".
func (s *Summary) String() string {
	var parts []string
	for _, p := range slices.Sorted(maps.Keys(s.Sinks)) {
		parts = append(parts, fmt.Sprintf("arg %d reaches %s", p, s.Sinks[p]))
	}
	for i, r := range s.Results {
		var d string
		switch {
		case r.Always != "":
			d = "built by " + r.Always
		case r.Builds != "":
			d = fmt.Sprintf("built by %s from args %v", r.Builds, r.Params)
		case len(r.Params) > 0:
			d = fmt.Sprintf("args %v", r.Params)
		case !r.Opaque:
			d = "safe"
		}
		if r.Opaque && r.Always == "" {
			d = strings.TrimPrefix(d+" and opaque", " and ")
		}
		parts = append(parts, fmt.Sprintf("result %d: %s", i, d))
	}
	return strings.Join(parts, "; ")
}

func (s *Summary) empty() bool {
	if len(s.Sinks) > 0 {
		return false
	}
	for _, r := range s.Results {
		if r.Always != "" || r.Builds != "" || len(r.Params) > 0 || !r.Opaque {
			return false
		}
	}
	return true // no fact: callers take its results as opaque
}

// summaryOf returns fn's summary: from its body if this package holds it,
// from its fact if another package does.
func (t *tracer) summaryOf(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if s, ok := t.sums[fn]; ok {
		return s
	}
	if fn.Pkg != t.pkg || len(fn.Blocks) == 0 {
		s := new(Summary)
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != t.pass.Pkg && !isStd(obj.Pkg().Path()) {
			if !t.pass.ImportObjectFact(obj, s) {
				s = new(Summary)
			}
		}
		t.sums[fn] = s
		return s
	}
	t.sums[fn] = new(Summary) // recursion: nothing known yet
	s := t.summarize(fn)
	t.sums[fn] = s
	return s
}

// isText reports whether t is text or a slice or array of text, whose
// contents the summary follows.
func isText(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return isStringy(t) || isStringy(u.Elem())
	case *types.Array:
		return isStringy(u.Elem())
	}
	return isStringy(t)
}

// summarize learns fn's summary from its body.
func (t *tracer) summarize(fn *ssa.Function) *Summary {
	s := &Summary{}
	n := fn.Signature.Results().Len()
	outs := make([]class, n)   // parameters traced as opaque
	ifSafe := make([]class, n) // parameters traced as safe
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Return:
				trusted := t.isReviewed(instr.Pos())
				for i, v := range instr.Results {
					if !isText(v.Type()) {
						outs[i].level, ifSafe[i].level = opaque, opaque
						continue
					}
					if trusted {
						continue // a reviewed return: its text is safe
					}
					outs[i] = join(outs[i], t.classOf(v, false))
					ifSafe[i] = join(ifSafe[i], t.classOf(v, true))
				}
			case ssa.CallInstruction:
				for _, sk := range t.sinksOf(instr.Common()) {
					c := t.classOf(instr.Common().Args[sk.arg], false)
					if c.level != opaque || t.classOf(instr.Common().Args[sk.arg], true).level != safe {
						continue
					}
					via := sk.name
					if sk.via != "" {
						via = sk.via
					}
					for _, p := range c.params {
						if s.Sinks == nil {
							s.Sinks = map[int]string{}
						}
						s.Sinks[p] = via
					}
				}
			}
		}
	}
	for i := range outs {
		r := Result{Params: outs[i].params, Opaque: ifSafe[i].level == opaque}
		if ifSafe[i].level == built {
			r.Always = ifSafe[i].how
		} else if outs[i].level == built {
			r.Builds = outs[i].how
		}
		s.Results = append(s.Results, r)
	}
	return s
}

// isStd reports whether path is a standard library package's: its first
// element has no dot. The analyzer models the standard library functions
// that build text (fmt, strings, strconv, bytes) and takes the others'
// results as opaque: their bodies are not SQL code.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

package sqlsink

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer reports SQL text built at run time from non-constant text that
// reaches a function or method that takes SQL.
var Analyzer = &analysis.Analyzer{
	Name:      "sqlsink",
	Doc:       "report SQL text built at run time (concatenation, fmt.Sprintf, strings.Builder, strings.Join, ...) from non-constant text that reaches database/sql's, sqlforge pool's or pgx's Query, Exec and Prepare methods, or a function that passes it to one",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(Summary)},
	Run:       run,
}

func run(pass *analysis.Pass) (any, error) {
	if isStd(pass.Pkg.Path()) {
		return nil, nil
	}
	res := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	t := &tracer{
		pass:     pass,
		pkg:      res.Pkg,
		reviewed: map[*token.File]map[int]bool{},
		memo:     map[memoKey]class{},
		busy:     map[memoKey]bool{},
		sums:     map[*ssa.Function]*Summary{},
	}
	for _, fn := range res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					t.check(call)
				}
			}
		}
	}
	for _, fn := range res.SrcFuncs {
		if obj, ok := fn.Object().(*types.Func); ok {
			if s := t.summaryOf(fn); !s.empty() {
				pass.ExportObjectFact(obj, s)
			}
		}
	}
	return nil, nil
}

// check reports the SQL arguments of a call of a sink that are built at
// run time.
func (t *tracer) check(call ssa.CallInstruction) {
	for _, sk := range t.sinksOf(call.Common()) {
		if sk.quiet {
			continue
		}
		c := t.classOf(call.Common().Args[sk.arg], false)
		if c.level != built || t.isReviewed(call.Pos()) {
			continue
		}
		to := sk.name
		if sk.via != "" {
			to += ", which passes it to " + sk.via
		}
		how := c.how
		if c.pos.IsValid() && t.pass.Fset.Position(c.pos).Line != t.pass.Fset.Position(call.Pos()).Line {
			how += " at line " + strconv.Itoa(t.pass.Fset.Position(c.pos).Line)
		}
		t.pass.Reportf(call.Pos(), "SQL built at run time by %s reaches %s: pass values as arguments, and take identifiers from constants or quote them", how, to)
	}
}

// reviewedLines returns the lines of f that a "sqlforgevet:reviewed"
// comment marks: its own and the next.
func reviewedLines(pass *analysis.Pass, f *token.File) map[int]bool {
	lines := map[int]bool{}
	for _, file := range pass.Files {
		if pass.Fset.File(file.Pos()) != f {
			continue
		}
		for _, cg := range file.Comments {
			for _, c := range cg.List {
				if strings.Contains(c.Text, "sqlforgevet:reviewed") {
					l := f.Line(c.Pos())
					lines[l], lines[l+1] = true, true
				}
			}
		}
	}
	return lines
}

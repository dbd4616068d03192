package sqlsink_test

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sqlforge/sqlforge/vet/sqlsink"
	"github.com/sqlforge/sqlforge/vet/unsaferaw"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlsink.Analyzer, "example.com/app", "example.com/helpers")
}

// quiet is a testing.T for analysistest.Run that ignores its complaints:
// the test reads the diagnostics itself.
type quiet struct{ *testing.T }

func (quiet) Errorf(string, ...any) {}

// TestNoDoubleReport runs unsaferaw and sqlsink over the same package:
// no expr.UnsafeRawSQL call is reported by both.
func TestNoDoubleReport(t *testing.T) {
	lines := func(a *analysis.Analyzer) map[string]bool {
		seen := map[string]bool{}
		for _, r := range analysistest.Run(quiet{t}, analysistest.TestData(), a, "example.com/app") {
			for _, d := range r.Diagnostics {
				p := r.Pass.Fset.Position(d.Pos)
				seen[fmt.Sprintf("%s:%d", p.Filename, p.Line)] = true
			}
		}
		return seen
	}
	raw, sink := lines(unsaferaw.Analyzer), lines(sqlsink.Analyzer)
	if len(raw) == 0 || len(sink) == 0 {
		t.Fatalf("unsaferaw reported %d lines, sqlsink %d; want both to report", len(raw), len(sink))
	}
	for l := range raw {
		if sink[l] {
			t.Errorf("%s: reported by unsaferaw and sqlsink", l)
		}
	}
}

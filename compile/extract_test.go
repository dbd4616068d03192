package compile_test

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestExtractFieldInShape compiles Extract with each field through one
// cached compiler: a field left out of the shape would give every field
// the SQL of the first one compiled.
func TestExtractFieldInShape(t *testing.T) {
	for _, f := range []compile.Feature{0, compile.ExtractMySQL, compile.ExtractStrftime} {
		c := compile.New(ansi{f: f})
		seen := map[string]expr.ExtractField{}
		for field := expr.ExtractYear; field <= expr.ExtractEpoch; field++ {
			q, _, err := c.Compile(expr.Select(expr.Extract(field, users.C("created_at"))), nil)
			if err != nil {
				t.Fatalf("%v: %v", field, err)
			}
			if other, dup := seen[q]; dup {
				t.Errorf("features %b: %v and %v compile alike: %s", f, other, field, q)
			}
			seen[q] = field
		}
	}
}

func TestExtractInvalid(t *testing.T) {
	c := compile.New(ansi{})
	col := users.C("created_at")
	for name, st := range map[string]expr.Statement{
		"unknown field": expr.Select(expr.Extract(expr.ExtractField(99), col)),
		"zero field":    expr.Select(expr.Extract(expr.ExtractField(0), col)),
		"by Func":       expr.Select(expr.Func("extract", col)),
		"window":        expr.Select(expr.Extract(expr.ExtractYear, col).Over(expr.Over())),
		"filter":        expr.Select(expr.Extract(expr.ExtractYear, col).Filter(col.IsNotNull())),
	} {
		q, _, err := c.Compile(st, nil)
		var inv *compile.InvalidError
		if !errors.As(err, &inv) {
			t.Errorf("%s: %q, %v; want an *InvalidError", name, q, err)
		}
	}
}

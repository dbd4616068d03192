package compile_test

import (
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestLabelMatchesItsItem checks that a label in GROUP BY or ORDER BY
// refers to a select-list item only when it is that item's label (the
// same Label, or the same name over the same expression), not when it
// merely shares its name: then it is its own expression.
func TestLabelMatchesItsItem(t *testing.T) {
	p := people
	name := p.C("name").As("k")
	cases := []struct {
		name string
		st   *expr.SelectStmt
		want string
	}{
		{"group by the same label", expr.Select(name, expr.CountAll()).GroupBy(name),
			` GROUP BY 1`},
		{"group by the same name and column", expr.Select(p.C("name").As("k"), expr.CountAll()).GroupBy(p.C("name").As("k")),
			` GROUP BY 1`},
		{"group by another column of the same name", expr.Select(p.C("name").As("k"), expr.CountAll()).GroupBy(p.C("age").As("k")),
			` GROUP BY "people"."age"`},
		{"group by the second of two labels named alike", expr.Select(p.C("name").As("k"), p.C("age").As("k")).GroupBy(p.C("age").As("k")),
			` GROUP BY 2`},
		{"order by the same label", expr.Select(name).OrderBy(name),
			` ORDER BY "k"`},
		{"order by another column of the same name", expr.Select(p.C("name").As("k")).OrderBy(p.C("age").As("k")),
			` ORDER BY "people"."age"`},
		{"order by one of two labels named alike", expr.Select(p.C("name").As("k"), p.C("age").As("k")).OrderBy(p.C("age").As("k").Desc()),
			` ORDER BY 2 DESC`},
	}
	// One cached compiler for all: statements that differ only in which
	// expression a label holds must not share a cache entry.
	cached := compile.New(ansi{dollar: true})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []*compile.Compiler{cached, compile.New(ansi{dollar: true}, compile.CacheSize(0))} {
				for range 2 {
					q, _, err := c.Compile(tc.st, nil)
					if err != nil || !strings.HasSuffix(q, tc.want) {
						t.Fatalf("got %q, %v; want it to end with %q", q, err, tc.want)
					}
				}
			}
		})
	}
}

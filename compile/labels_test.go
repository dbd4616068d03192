package compile_test

import (
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestGroupByLabelAfterStar checks that a label after a star in the
// select list is grouped by as its expression: the star stands for
// several columns, so the label's position in the list is not its
// position in the result.
func TestGroupByLabelAfterStar(t *testing.T) {
	initial := expr.Func("substr", people.C("name"), 1, 1).As("name")
	for _, items := range [][]expr.Expr{
		{people.Star(), initial},
		{expr.Star(), initial},
		{expr.Text("people.id, people.age"), initial},
	} {
		text, _, err := compile.New(ansi{dollar: true}).Compile(expr.Select(items...).From(people).GroupBy(initial), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(text, `GROUP BY substr("people"."name", $3, $4)`) {
			t.Errorf("got %s; want GROUP BY the expression", text)
		}
	}
}

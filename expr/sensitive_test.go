package expr_test

import (
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// The Sensitive mark follows a column wherever its values go: into an
// alias, a derived table that selects it (alone or under a label) and a
// VALUES list made from it.
func TestSensitiveColumnKeepsItsMark(t *testing.T) {
	meta := expr.NewMetaData()
	people := meta.MustTable("people",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("ssn", expr.String, expr.Sensitive),
		expr.Col("name", expr.String),
	)
	ssn, name := people.C("ssn"), people.C("name")
	if !ssn.Sensitive || name.Sensitive {
		t.Fatalf("ssn.Sensitive = %v, name.Sensitive = %v; want true, false", ssn.Sensitive, name.Sensitive)
	}
	sub := expr.Select(ssn, ssn.As("tax_id"), name).From(people).Subquery("s")
	v := expr.Values("v", ssn, name)
	for _, c := range []struct {
		col  *expr.Column
		want bool
	}{
		{people.Alias("p").C("ssn"), true},
		{people.Alias("p").C("name"), false},
		{sub.C("ssn"), true},
		{sub.C("tax_id"), true},
		{sub.C("name"), false},
		{v.C("ssn"), true},
		{v.C("name"), false},
		{expr.Values("w", expr.Col("x", expr.String, expr.Sensitive)).C("x"), true},
	} {
		if c.col.Sensitive != c.want {
			t.Errorf("%s.%s: Sensitive = %v; want %v", c.col.Table.Name, c.col.Name, c.col.Sensitive, c.want)
		}
	}
}

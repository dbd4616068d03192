package mysqldialect_test

import (
	"slices"
	"testing"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/expr"
)

func TestReflectTypes(t *testing.T) {
	for _, tc := range []struct {
		dataType, columnType string
		length               int
		want                 expr.Type
	}{
		{"int", "int(11)", 0, expr.Integer},
		{"tinyint", "tinyint(1)", 0, expr.Boolean},
		{"tinyint", "tinyint(4)", 0, expr.SmallInt},
		{"varchar", "varchar(50)", 50, expr.Varchar(50)},
		{"char", "char(36)", 36, expr.UUID},
		{"datetime", "datetime(6)", 0, expr.Timestamp},
		{"longtext", "longtext", 0, expr.String},
	} {
		if got := mysqldialect.TypeOfForTest("e", tc.dataType, tc.columnType, tc.length, 0, 0); got.Kind != tc.want.Kind || got.Length != tc.want.Length {
			t.Errorf("%s: got %v; want %v", tc.columnType, got, tc.want)
		}
	}
	got := mysqldialect.TypeOfForTest("t_mood", "enum", "enum('Happy','so-so','SAD')", 0, 0, 0)
	if got.Kind != expr.KindEnum || !slices.Equal(got.EnumValues, []string{"Happy", "so-so", "SAD"}) {
		t.Errorf("enum: got %+v", got)
	}
}

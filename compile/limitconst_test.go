package compile_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// LimitConst writes its constant into the SQL, and the cache tells two
// constants apart; Limit still binds.
func TestLimitConst(t *testing.T) {
	q := func() *expr.SelectStmt { return expr.Select(users.C("id")).Where(users.C("age").Gt(1)) }
	cached, fresh := compile.New(ansi{dollar: true}), func() *compile.Compiler { return compile.New(ansi{dollar: true}) }
	for _, tc := range []struct {
		q    *expr.SelectStmt
		want string
		args string
	}{
		{q().LimitConst(5), `SELECT "users"."id" FROM "users" WHERE "users"."age" > $1 LIMIT 5`, "[1]"},
		{q().LimitConst(700), `SELECT "users"."id" FROM "users" WHERE "users"."age" > $1 LIMIT 700`, "[1]"},
		{q().Limit(5), `SELECT "users"."id" FROM "users" WHERE "users"."age" > $1 LIMIT $2`, "[1 5]"},
		{q().LimitConst(5).Offset(10), `SELECT "users"."id" FROM "users" WHERE "users"."age" > $1 LIMIT 5 OFFSET $2`, "[1 10]"},
	} {
		for _, c := range []*compile.Compiler{cached, fresh()} {
			got, args, err := c.Compile(tc.q, nil)
			if err != nil || got != tc.want || fmt.Sprint(args) != tc.args {
				t.Errorf("got %s %v (%v); want %s %s", got, args, err, tc.want, tc.args)
			}
		}
	}
	if _, _, err := cached.Compile(q().LimitConst(-1), nil); !errors.Is(err, compile.ErrNegativeLimit) {
		t.Errorf("LimitConst(-1): %v; want ErrNegativeLimit", err)
	}
}

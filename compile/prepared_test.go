package compile_test

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

func TestPrepared(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	q := expr.Select(users.C("id")).
		Where(users.C("age").Gt(expr.Param("age")), users.C("status").Eq("active"), users.C("name").Eq(expr.Param("name"))).
		Limit(10)
	p, err := c.Prepare(q)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := c.Compile(q, nil, sql.Named("age", 1), sql.Named("name", "x"))
	if err != nil || p.SQL() != want {
		t.Fatalf("SQL %q; want %q (%v)", p.SQL(), want, err)
	}
	// The statement changes after Prepare: the prepared one does not.
	q.Where(users.C("id").Gt(0))
	for _, call := range []struct {
		age  int
		name string
	}{{18, "ann"}, {30, "bob"}} {
		args, err := p.Args(nil, sql.Named("name", call.name), sql.Named("age", call.age))
		if err != nil || fmt.Sprint(args) != fmt.Sprint([]any{call.age, "active", call.name, 10}) {
			t.Errorf("args %v (%v)", args, err)
		}
	}
	var missing *compile.MissingParamError
	if args, err := p.Args([]any{"kept"}, sql.Named("age", 1)); !errors.As(err, &missing) || missing.Name != "name" || len(args) != 1 {
		t.Errorf("without name: %v, %v; want a *MissingParamError and dst as it was", args, err)
	}
	if p.NumArgs() != 4 {
		t.Errorf("NumArgs = %d; want 4", p.NumArgs())
	}
}

// TestPreparedDefaultFunc: a column's Default func runs per execution of a
// prepared INSERT, not once when it is prepared.
func TestPreparedDefaultFunc(t *testing.T) {
	n := 0
	tbl := expr.NewMetaData().MustTable("tickets",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("code", expr.String, expr.Default(func() any { n++; return n })),
	)
	c := compile.New(ansi{dollar: true})
	p, err := c.Prepare(expr.Insert(tbl).Columns(tbl.C("id")).Values(expr.Param("id")))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("Prepare called the default %d times", n)
	}
	for i := 1; i <= 2; i++ {
		args, err := p.Args(nil, sql.Named("id", 7))
		if err != nil || fmt.Sprint(args) != fmt.Sprint([]any{7, i}) {
			t.Errorf("execution %d: %v (%v)", i, args, err)
		}
	}
}

func TestPrepareInvalid(t *testing.T) {
	c := compile.New(ansi{dollar: true})
	if _, err := c.Prepare(expr.Delete(users)); !errors.Is(err, compile.ErrNoWhere) {
		t.Errorf("got %v; want ErrNoWhere", err)
	}
}

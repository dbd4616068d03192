package mapper_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Account struct {
	ID      int64     `db:"id,pk,autoincrement"`
	Email   string    `db:"email"`
	Nick    *string   `db:"nick"`
	Doc     Doc       `db:"doc,json"`
	Opt     *Doc      `db:"opt,json"`
	Hits    int64     `db:"hits,nullzero"`
	Price   Cents     `db:"price"`
	Created time.Time `db:"created,insertonly"`
	Seen    time.Time `db:"seen,readonly"`
	Stamp   time.Time `db:"stamp"`
	Rev     int64     `db:"rev,version"`
}

func accounts(t *testing.T) *mapper.Mapping[Account] {
	t.Helper()
	return mapper.MustMap[Account](mapper.NewRegistry(expr.NewMetaData()), "accounts",
		mapper.ColumnOptions("stamp", expr.ServerDefault("CURRENT_TIMESTAMP")))
}

func colNames(cols []*expr.Column) []string {
	var s []string
	for _, c := range cols {
		s = append(s, c.Name)
	}
	return s
}

func TestInsertValues(t *testing.T) {
	a := accounts(t)
	nick := "ann"
	rows := []*Account{
		{Email: "a@x", Nick: &nick, Doc: Doc{Tags: []string{"t"}}, Hits: 0, Price: 12, Created: t0, Rev: 1},
		{Email: "b@x", Hits: 5, Price: 7, Created: t0},
	}
	st, err := a.Insert(rows...)
	if err != nil {
		t.Fatal(err)
	}
	c := st.Clauses()
	if got := colNames(c.Columns); fmtS(got) != "[email nick doc opt hits price created rev]" {
		t.Fatalf("columns: got %v", got)
	}
	want := [][]any{
		{"a@x", "ann", `{"tags":["t"]}`, nil, nil, Cents(12), t0, int64(1)},
		{"b@x", nil, `{"tags":null}`, nil, int64(5), Cents(7), t0, int64(0)},
	}
	for r := range want {
		for i := range want[r] {
			if c.Row(r)[i] != want[r][i] {
				t.Errorf("row %d column %s: got %#v; want %#v", r, c.Columns[i].Name, c.Row(r)[i], want[r][i])
			}
		}
	}

	// Generated columns set in every row are written.
	st, err = a.Insert(&Account{ID: 9, Stamp: t0}, &Account{ID: 10, Stamp: t0})
	if err != nil {
		t.Fatal(err)
	}
	if got := colNames(st.Clauses().Columns); fmtS(got) != "[id email nick doc opt hits price created stamp rev]" {
		t.Fatalf("columns: got %v", got)
	}
	_, err = a.Insert(&Account{ID: 9}, &Account{})
	var ve *mapper.ValueError
	if !errors.As(err, &ve) || ve.Column != "id" || !errors.Is(err, mapper.ErrValue) {
		t.Fatalf("mixed generated column: got %v; want *ValueError for id", err)
	}
	if _, err = a.Insert(); !errors.Is(err, mapper.ErrValue) {
		t.Fatalf("no rows: got %v", err)
	}
	_, err = a.Insert(&Account{Doc: Doc{Tags: nil}, Opt: &Doc{}})
	if err != nil {
		t.Fatal(err)
	}
}

type Bad struct {
	ID int64 `db:"id,pk"`
	F  any   `db:"f,json"`
}

func TestValuesJSONError(t *testing.T) {
	b := mapper.MustMap[Bad](mapper.NewRegistry(expr.NewMetaData()), "bad")
	_, err := b.Insert(&Bad{F: func() {}})
	var ve *mapper.ValueError
	if !errors.As(err, &ve) || ve.Column != "f" {
		t.Fatalf("got %v; want *ValueError for f", err)
	}
}

func TestUpdate(t *testing.T) {
	a := accounts(t)
	acc := &Account{ID: 3, Email: "e", Rev: 4, Price: 1}
	st, err := a.Update(acc)
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, s := range st.Clauses().Sets {
		sets = append(sets, s.Column.Name)
	}
	if fmtS(sets) != "[email nick doc opt hits price stamp rev]" {
		t.Fatalf("SET columns: got %v", sets)
	}
	if bin, ok := st.Clauses().Sets[len(st.Clauses().Sets)-1].Value.(*expr.Binary); !ok || bin.Op != expr.OpAdd {
		t.Errorf("version: got %#v; want rev + 1", st.Clauses().Sets[len(st.Clauses().Sets)-1].Value)
	}
	if len(st.Clauses().Where) != 2 {
		t.Fatalf("WHERE: got %d conditions; want id and rev", len(st.Clauses().Where))
	}
	if acc.Rev != 4 {
		t.Error("Update changed the row")
	}

	st, err = a.UpdateColumns(acc, a.C("email"), a.Field("Hits"))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Clauses().Sets) != 3 || st.Clauses().Sets[0].Value != "e" || st.Clauses().Sets[1].Value != nil {
		t.Fatalf("UpdateColumns: got %+v", st.Clauses().Sets)
	}
	for _, c := range []*expr.Column{a.C("id"), a.C("created"), a.C("seen"), a.C("rev"), expr.Col("email", expr.String)} {
		if _, err := a.UpdateColumns(acc, c); !errors.Is(err, mapper.ErrValue) {
			t.Errorf("UpdateColumns(%s): got %v; want ErrValue", c.Name, err)
		}
	}
	if _, err := a.UpdateColumns(acc); !errors.Is(err, mapper.ErrValue) {
		t.Errorf("UpdateColumns without columns: got %v", err)
	}
	type nokey struct {
		A int `db:"a"`
	}
	nk := mapper.MustMap[nokey](mapper.NewRegistry(expr.NewMetaData()), "nk")
	if _, err := nk.Update(&nokey{}); !errors.Is(err, mapper.ErrValue) {
		t.Errorf("Update without a key: got %v; want ErrValue", err)
	}
}

func TestValues(t *testing.T) {
	a := accounts(t)
	nick := "n"
	acc := &Account{ID: 1, Email: "e", Nick: &nick, Hits: 2}
	vals, err := a.Values(nil, acc, a.C("nick"), a.C("id"), a.C("hits"))
	if err != nil || fmtS(vals) != "[n 1 2]" {
		t.Fatalf("got %v, %v", vals, err)
	}
	all, err := a.Values(vals[:0], acc)
	if err != nil || len(all) != len(a.Columns) {
		t.Fatalf("got %d values, %v", len(all), err)
	}
	other := expr.NewMetaData().MustTable("o", expr.Col("id", expr.BigInt))
	if _, err := a.Values(nil, acc, other.C("id")); !errors.Is(err, mapper.ErrValue) {
		t.Fatalf("foreign column: got %v; want ErrValue", err)
	}
}

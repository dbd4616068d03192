package mappertest

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// mapper.Row is an engine.ScanFunc: the compiler checks it here, where
// both modules meet.
var _ engine.ScanFunc[Person] = mapper.Row[Person]

func newEngine(src engine.Source, d compile.Dialect) *engine.Engine {
	e, err := engine.New(src, d)
	if err != nil {
		panic(err)
	}
	return e
}

type Person struct {
	ID   int64   `db:"id,pk,autoincrement"`
	Name string  `db:"name,type=varchar(50)"`
	Nick *string `db:"nick,type=varchar(50)"`
}

// people creates the people table holding ann, bob (nick "b") and cy.
func people(t *testing.T, d *db) *mapper.Mapping[Person] {
	t.Helper()
	meta := expr.NewMetaData()
	m := mapper.MustMap[Person](mapper.NewRegistry(meta), "people")
	d.create(t, meta)
	ins, err := m.Insert(&Person{ID: 1, Name: "ann"}, &Person{ID: 2, Name: "bob", Nick: ptr("b")}, &Person{ID: 3, Name: "cy"})
	if err != nil {
		t.Fatal(err)
	}
	d.run(t, ins)
	return m
}

var wantPeople = []Person{{1, "ann", nil}, {2, "bob", ptr("b")}, {3, "cy", nil}}

// The engine's helpers scan structs with mapper.Row, on the engine and in
// a transaction.
func TestEngineRow(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		m := people(t, d)
		ctx := context.Background()
		all := m.Select().OrderBy(m.C("id").Asc())
		byID := func(id int) expr.Statement { return m.Select().Where(m.C("id").Eq(id)) }

		got, err := engine.All(ctx, d.e, all, mapper.Row[Person])
		if diff := cmp.Diff(wantPeople, got); err != nil || diff != "" {
			t.Errorf("All: %v %s", err, diff)
		}
		ptrs, err := engine.All(ctx, d.e, all, mapper.Row[*Person])
		if err != nil || len(ptrs) != 3 || *ptrs[1].Nick != "b" {
			t.Errorf("All of pointers: %v, %v", ptrs, err)
		}
		names, err := engine.All(ctx, d.e, expr.Select(m.C("name")).From(m.Table).OrderBy(m.C("id").Asc()), mapper.Row[string])
		if diff := cmp.Diff([]string{"ann", "bob", "cy"}, names); err != nil || diff != "" {
			t.Errorf("All of names: %v %s", err, diff)
		}
		one, err := engine.One(ctx, d.e, byID(2), mapper.Row[Person])
		if diff := cmp.Diff(wantPeople[1], one); err != nil || diff != "" {
			t.Errorf("One: %v %s", err, diff)
		}
		if _, err := engine.One(ctx, d.e, all, mapper.Row[Person]); !errors.Is(err, engine.ErrTooManyRows) {
			t.Errorf("One of three: %v; want ErrTooManyRows", err)
		}
		if _, found, err := engine.OneOrNone(ctx, d.e, byID(9), mapper.Row[Person]); found || err != nil {
			t.Errorf("OneOrNone of nothing: %v, %v", found, err)
		}
		var it []Person
		for v, err := range engine.Iter(ctx, d.e, all, mapper.Row[Person]) {
			if err != nil {
				t.Fatalf("Iter: %v", err)
			}
			it = append(it, v)
		}
		if diff := cmp.Diff(wantPeople, it); diff != "" {
			t.Errorf("Iter: %s", diff)
		}

		tx, err := d.e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		d.txInsert(t, ctx, tx, m, &Person{ID: 4, Name: "dee"})
		got, err = engine.All(ctx, tx, all, mapper.Row[Person])
		if err != nil || len(got) != 4 || got[3].Name != "dee" {
			t.Errorf("All in a Tx: %v, %v", got, err)
		}
		if v, err := engine.One(ctx, tx, byID(4), mapper.Row[Person]); err != nil || v.Name != "dee" {
			t.Errorf("One in a Tx: %v, %v", v, err)
		}
	})
}

func (d *db) txInsert(t *testing.T, ctx context.Context, tx *engine.Tx, m *mapper.Mapping[Person], v *Person) {
	t.Helper()
	ins, err := m.Insert(v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, ins); err != nil {
		t.Fatalf("%s: insert in a Tx: %v", d.name, err)
	}
}

// A ScanFunc that reads the whole result (mapper.One, mapper.All) is an
// error, not a short result: it used to return 1 row of 3.
func TestEngineScanFuncMovesRows(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		m := people(t, d)
		ctx := context.Background()
		all := m.Select().OrderBy(m.C("id").Asc())
		first := func(r *engine.Rows) (Person, error) { return mapper.One[Person](r) }
		whole := func(r *engine.Rows) ([]Person, error) { return mapper.All[Person](r) }

		if got, err := engine.All(ctx, d.e, all, first); !errors.Is(err, engine.ErrScanAdvanced) {
			t.Errorf("All with mapper.One: %d rows, %v; want ErrScanAdvanced", len(got), err)
		}
		if got, err := engine.All(ctx, d.e, all, whole); !errors.Is(err, engine.ErrScanAdvanced) {
			t.Errorf("All with mapper.All: %d rows, %v; want ErrScanAdvanced", len(got), err)
		}
		if _, err := engine.One(ctx, d.e, m.Select().Where(m.C("id").Eq(1)), first); !errors.Is(err, engine.ErrScanAdvanced) {
			t.Errorf("One with mapper.One: %v; want ErrScanAdvanced", err)
		}
		n := 0
		for _, err := range engine.Iter(ctx, d.e, all, first) {
			if n++; !errors.Is(err, engine.ErrScanAdvanced) {
				t.Errorf("Iter with mapper.One: %v; want ErrScanAdvanced", err)
			}
		}
		if n != 1 {
			t.Errorf("Iter with mapper.One yielded %d times; want 1 error", n)
		}
	})
}

// "No rows" is one error, whichever layer reports it.
func TestEngineNoRowsAgree(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		m := people(t, d)
		ctx := context.Background()
		none := m.Select().Where(m.C("id").Eq(9))
		_, engineErr := engine.One(ctx, d.e, none, mapper.Row[Person])
		var name string
		rowErr := d.e.QueryRow(ctx, expr.Select(m.C("name")).From(m.Table).Where(m.C("id").Eq(9))).Scan(&name)
		rows, err := d.e.Query(ctx, none)
		if err != nil {
			t.Fatal(err)
		}
		_, mapperErr := mapper.One[Person](rows)
		_, directErr := mapper.One[Person](d.rows(t, none))
		for what, err := range map[string]error{"engine.One": engineErr, "QueryRow": rowErr, "mapper.One on engine rows": mapperErr, "mapper.One": directErr} {
			if !errors.Is(err, sql.ErrNoRows) || !errors.Is(err, engine.ErrNoRows) || !errors.Is(err, mapper.ErrNoRows) {
				t.Errorf("%s: %v; want sql.ErrNoRows, engine.ErrNoRows and mapper.ErrNoRows", what, err)
			}
		}
	})
}

// NULL for a field that cannot hold it is a *mapper.NullError on every
// path: through the engine or not, with Row or All, into a struct field
// or a scalar. Through native pgx, whose rows end at a failed Scan, it
// used to be pgx's text.
func TestEngineNullError(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		m := people(t, d)
		ctx := context.Background()
		// ann's NULL nick read as her name.
		q := expr.Select(m.C("id"), m.C("nick").As("name"), m.C("nick")).From(m.Table).Where(m.C("id").Eq(1))
		nicks := expr.Select(m.C("nick")).From(m.Table).OrderBy(m.C("id").Asc())
		check := func(what, field, column string, err error) {
			t.Helper()
			var ne *mapper.NullError
			if !errors.As(err, &ne) || ne.Field != field || ne.Column != column || !errors.Is(err, mapper.ErrNull) {
				t.Errorf("%s: %v; want a *mapper.NullError for field %q, column %q", what, err, field, column)
			}
		}
		_, err := engine.All(ctx, d.e, q, mapper.Row[Person])
		check("engine.All with Row", "Name", "name", err)
		_, err = engine.One(ctx, d.e, q, mapper.Row[*Person])
		check("engine.One with Row of pointers", "Name", "name", err)
		_, err = engine.All(ctx, d.e, nicks, mapper.Row[string])
		check("engine.All with Row of strings", "", "nick", err)
		rows, err := d.e.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		_, err = mapper.All[Person](rows)
		check("mapper.All on engine rows", "Name", "name", err)
		_, err = mapper.All[Person](d.rows(t, q))
		check("mapper.All", "Name", "name", err)
	})
}

package enginetest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

type item struct {
	ID   int64
	Name string
	Qty  int64
}

func scanItem(r *engine.Rows) (item, error) {
	var it item
	err := r.Scan(&it.ID, &it.Name, &it.Qty)
	return it, err
}

// RunCore checks Exec, Query, the result helpers and RETURNING.
func RunCore(t *testing.T, env Env) {
	e, ctx := setup(t, env)
	f := e.Dialect().Features()

	for i, name := range []string{"bolt", "nut", "screw"} {
		r := mustExec(t, ctx, e, insertItem(1, name, 10*(i+1)))
		if r.RowsAffected != 1 {
			t.Errorf("%s: insert RowsAffected = %d; want 1", env.Name, r.RowsAffected)
		}
	}
	sel := expr.Select(items.C("id"), items.C("name"), items.C("qty")).From(items)

	all, err := engine.All(ctx, e, sel.Clone().OrderBy(items.C("name").Asc()), scanItem)
	if err != nil {
		t.Fatalf("%s: All: %v", env.Name, err)
	}
	if len(all) != 3 || all[0].Name != "bolt" || all[2].Qty != 30 {
		t.Errorf("%s: All = %+v; want bolt, nut, screw", env.Name, all)
	}

	one, err := engine.One(ctx, e, sel.Clone().Where(items.C("name").Eq("nut")), scanItem)
	if err != nil || one.Qty != 20 {
		t.Errorf("%s: One = %+v, %v; want qty 20", env.Name, one, err)
	}
	if _, err := engine.One(ctx, e, sel.Clone().Where(items.C("name").Eq("none")), scanItem); !errors.Is(err, engine.ErrNoRows) {
		t.Errorf("%s: One of nothing: err = %v; want ErrNoRows", env.Name, err)
	}
	if _, err := engine.One(ctx, e, sel, scanItem); !errors.Is(err, engine.ErrTooManyRows) {
		t.Errorf("%s: One of three: err = %v; want ErrTooManyRows", env.Name, err)
	}
	if _, found, err := engine.OneOrNone(ctx, e, sel.Clone().Where(items.C("name").Eq("none")), scanItem); found || err != nil {
		t.Errorf("%s: OneOrNone of nothing = %v, %v; want false, nil", env.Name, found, err)
	}
	if it, found, err := engine.OneOrNone(ctx, e, sel.Clone().Where(items.C("name").Eq("bolt")), scanItem); !found || err != nil || it.Qty != 10 {
		t.Errorf("%s: OneOrNone(bolt) = %+v, %v, %v", env.Name, it, found, err)
	}

	total, err := engine.Scalar[int64](ctx, e, expr.Select(expr.Sum(items.C("qty"))).From(items))
	if err != nil || total != 60 {
		t.Errorf("%s: Scalar(sum) = %d, %v; want 60", env.Name, total, err)
	}

	// Text with a bound value and with a named parameter.
	n, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT count(*) FROM items WHERE qty > :min").Bind("min", 15))
	if err != nil || n != 2 {
		t.Errorf("%s: Text count = %d, %v; want 2", env.Name, n, err)
	}
	var name string
	if err := e.QueryRow(ctx, expr.Select(items.C("name")).From(items).Where(items.C("qty").Eq(expr.Param("q"))), sqlNamed("q", 30)).Scan(&name); err != nil || name != "screw" {
		t.Errorf("%s: QueryRow with param = %q, %v; want screw", env.Name, name, err)
	}
	if err := e.QueryRow(ctx, sel.Clone().Where(items.C("qty").Eq(-1))).Scan(&name); !errors.Is(err, engine.ErrNoRows) {
		t.Errorf("%s: QueryRow of nothing: %v; want ErrNoRows", env.Name, err)
	}

	// Streaming: break out early, then read everything.
	seen := 0
	for it, err := range engine.Iter(ctx, e, sel.Clone().OrderBy(items.C("id").Asc()), scanItem) {
		if err != nil {
			t.Fatalf("%s: Iter: %v", env.Name, err)
		}
		seen++
		if it.Name == "nut" {
			break
		}
	}
	if seen != 2 {
		t.Errorf("%s: Iter stopped after %d rows; want 2", env.Name, seen)
	}
	rows, err := e.Query(ctx, sel)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	count := 0
	for rows.Next() {
		if _, err := scanItem(rows); err != nil {
			t.Fatal(err)
		}
		count++
	}
	if err := rows.Err(); err != nil || count != 3 || len(cols) != 3 {
		t.Errorf("%s: Rows: %d rows, columns %v, err %v", env.Name, count, cols, err)
	}
	if err := rows.Close(); err != nil {
		t.Errorf("%s: second Close: %v", env.Name, err)
	}

	// Updates report the rows they changed.
	r := mustExec(t, ctx, e, expr.Update(items).Set(items.C("qty"), 0).Where(items.C("qty").Gt(15)))
	if r.RowsAffected != 2 {
		t.Errorf("%s: update RowsAffected = %d; want 2", env.Name, r.RowsAffected)
	}

	// RETURNING, where the dialect has it.
	ins := insertItem(2, "washer", 5).Returning(items.C("id"), items.C("name"), items.C("qty"))
	if f.Has(compile.ReturningInsert) {
		got, err := engine.One(ctx, e, ins, scanItem)
		if err != nil || got.ID == 0 || got.Name != "washer" {
			t.Errorf("%s: INSERT RETURNING = %+v, %v", env.Name, got, err)
		}
	} else if _, err := e.Exec(ctx, ins); !errors.Is(err, compile.ErrUnsupported) {
		t.Errorf("%s: INSERT RETURNING without the feature: %v; want ErrUnsupported", env.Name, err)
	}
	if f.Has(compile.ReturningDelete) {
		got, err := engine.All(ctx, e, expr.Delete(items).Where(items.C("qty").Eq(0)).Returning(items.C("name")), engine.ScanValue[string])
		if err != nil || len(got) != 2 {
			t.Errorf("%s: DELETE RETURNING = %v, %v; want 2 names", env.Name, got, err)
		}
	}
	if !f.Has(compile.ReturningInsert) {
		r := mustExec(t, ctx, e, insertItem(2, "washer", 5))
		if !r.HasLastInsertID || r.LastInsertID == 0 {
			t.Errorf("%s: LastInsertID = %d, %v", env.Name, r.LastInsertID, r.HasLastInsertID)
		}
	}

	// Row limit and closed engine.
	limited := env.Open(t, engine.WithMaxRows(1))
	if err := limited.CreateAll(ctx, meta); err != nil {
		t.Fatal(err)
	}
	mustExec(t, ctx, limited, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(1, "a").Values(2, "b"))
	if _, err := engine.All(ctx, limited, expr.Select(orgs.C("id")).From(orgs), engine.ScanValue[int64]); !errors.Is(err, engine.ErrRowLimit) {
		t.Errorf("%s: All over WithMaxRows: %v; want ErrRowLimit", env.Name, err)
	}
	limited.Close()
	if _, err := limited.Exec(ctx, expr.Delete(orgs).AllRows()); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("%s: Exec after Close: %v; want ErrClosed", env.Name, err)
	}
}

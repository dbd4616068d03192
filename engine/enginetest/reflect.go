package enginetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// RunReflect creates the suite's schema, reads it back with env.Reflector
// and checks the result, then creates the reflected schema in a second
// database and checks that its constraints hold.
func RunReflect(t *testing.T, env Env) {
	if env.Reflector == nil {
		t.Skipf("%s: no reflector", env.Name)
	}
	e := env.Open(t)
	ctx := testContext(t)
	if err := e.CreateAll(ctx, meta); err != nil {
		t.Fatal(err)
	}
	got, err := engine.Reflect(ctx, e, env.Reflector)
	if err != nil {
		t.Fatalf("%s: Reflect: %v", env.Name, err)
	}
	var names []string
	for _, tb := range got.Tables() {
		names = append(names, tb.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"counters", "items", "orgs"}) {
		t.Fatalf("%s: reflected tables %v", env.Name, names)
	}
	for _, want := range meta.Tables() {
		have := got.Table(want.Name)
		if len(have.Columns) != len(want.Columns) {
			t.Errorf("%s: %s has %d columns; want %d", env.Name, want.Name, len(have.Columns), len(want.Columns))
			continue
		}
		for i, wc := range want.Columns {
			hc := have.Columns[i]
			if hc.Name != wc.Name || hc.Nullable != wc.Nullable || hc.PrimaryKey != wc.PrimaryKey || hc.AutoIncrement != wc.AutoIncrement {
				t.Errorf("%s: %s.%s reflected as name=%s nullable=%v pk=%v autoinc=%v; want nullable=%v pk=%v autoinc=%v", env.Name,
					want.Name, wc.Name, hc.Name, hc.Nullable, hc.PrimaryKey, hc.AutoIncrement, wc.Nullable, wc.PrimaryKey, wc.AutoIncrement)
			}
			if !wc.AutoIncrement && (hc.Type.Kind != wc.Type.Kind || hc.Type.Length != wc.Type.Length) {
				t.Errorf("%s: %s.%s type %v; want %v", env.Name, want.Name, wc.Name, hc.Type, wc.Type)
			}
		}
	}
	items2, orgs2 := got.Table("items"), got.Table("orgs")
	if fks := items2.ForeignKeys; len(fks) != 1 || fks[0].RefTable != orgs2 || fks[0].Columns[0].Name != "org_id" || fks[0].RefColumns[0].Name != "id" {
		t.Errorf("%s: items' foreign keys %+v", env.Name, fks)
	}
	uniqueName := false
	for _, u := range orgs2.Uniques {
		uniqueName = uniqueName || len(u.Columns) == 1 && u.Columns[0].Name == "name"
	}
	for _, ix := range orgs2.Indexes {
		uniqueName = uniqueName || ix.Unique && len(ix.Columns) == 1 && ix.Columns[0].Name == "name"
	}
	if !uniqueName {
		t.Errorf("%s: orgs.name is not unique after reflection: %+v %+v", env.Name, orgs2.Uniques, orgs2.Indexes)
	}
	if !slices.ContainsFunc(items2.Indexes, func(ix *expr.Index) bool {
		return !ix.Unique && len(ix.Columns) == 1 && ix.Columns[0].Name == "name"
	}) {
		t.Errorf("%s: the index on items.name was not reflected: %+v", env.Name, items2.Indexes)
	}

	// The reflected schema works as the original does.
	e2 := env.Open(t)
	if err := e2.CreateAll(ctx, got); err != nil {
		t.Fatalf("%s: CreateAll of the reflected schema: %v", env.Name, err)
	}
	mustExec(t, ctx, e2, expr.Insert(orgs2).Columns(orgs2.C("id"), orgs2.C("name")).Values(1, "acme"))
	mustExec(t, ctx, e2, expr.Insert(items2).Columns(items2.C("org_id"), items2.C("name"), items2.C("qty")).Values(1, "bolt", 1))
	if _, err := e2.Exec(ctx, expr.Insert(items2).Columns(items2.C("org_id"), items2.C("name"), items2.C("qty")).Values(7, "orphan", 1)); !errors.Is(err, engine.ErrForeignKeyViolation) {
		t.Errorf("%s: orphan in the reflected schema: %v; want ErrForeignKeyViolation", env.Name, err)
	}
	if _, err := e2.Exec(ctx, expr.Insert(orgs2).Columns(orgs2.C("id"), orgs2.C("name")).Values(2, "acme")); !errors.Is(err, engine.ErrUniqueViolation) {
		t.Errorf("%s: duplicate in the reflected schema: %v; want ErrUniqueViolation", env.Name, err)
	}
}

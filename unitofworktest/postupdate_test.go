package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type Employee struct {
	ID        int64     `db:"id,pk,autoincrement"`
	Name      string    `db:"name,type=varchar(50)"`
	ManagerID *int64    `db:"manager_id,references=employees.id"`
	Manager   *Employee `rel:"fk=manager_id,postupdate"`
}

// Rows that point to each other through a postupdate relationship are
// inserted with the key NULL and then updated; before they are deleted
// the keys are set to NULL again.
func TestPostUpdateCycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		employees := mapper.MustMap[Employee](reg, "employees")
		reg.MustResolve()
		ctx := timeout(t)
		if err := d.e.CreateAll(ctx, meta); err != nil {
			t.Fatal(err)
		}
		d.log.take()
		s := unitofwork.New(d.e, reg)
		defer s.Close()
		ann, bob := &Employee{Name: "Ann"}, &Employee{Name: "Bob"}
		ann.Manager, bob.Manager = bob, ann // each manages the other
		if err := s.Add(ann, bob); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "INSERT employees", "UPDATE employees", "UPDATE employees", "COMMIT")
		if ann.ManagerID == nil || *ann.ManagerID != bob.ID || bob.ManagerID == nil || *bob.ManagerID != ann.ID {
			t.Fatalf("keys: ann %+v, bob %+v", ann, bob)
		}
		bob.Name = "Robert" // one more change: no second UPDATE for the key
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "UPDATE employees", "COMMIT")
		for _, o := range []any{ann, bob} {
			if err := s.Delete(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatements(t, d, "BEGIN", "UPDATE employees", "UPDATE employees", "DELETE employees", "DELETE employees", "COMMIT")
		if n := countRows(t, d, employees.Table); n != 0 {
			t.Errorf("%d employees left", n)
		}
	})
}

// Rows that point to each other through a relationship without
// postupdate are a cycle error, and nothing is written.
func TestRowCycleRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a, b := &Node{Name: "a"}, &Node{Name: "b"}
		a.Parent, b.Parent = b, a
		if err := s.Add(a, b); err != nil {
			t.Fatal(err)
		}
		err := s.Commit(ctx)
		if !errors.Is(err, unitofwork.ErrCycle) {
			t.Fatalf("commit: %v", err)
		}
		if a.ID != 0 || b.ID != 0 {
			t.Errorf("keys after the refused flush: %d %d", a.ID, b.ID)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, d, sc.Nodes.Table); n != 0 {
			t.Errorf("%d nodes written", n)
		}
	})
}

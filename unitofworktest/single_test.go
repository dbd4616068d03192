package unitofworktest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// A Commit with no transaction open whose flush is one statement sends
// it alone; anything more is wrapped in BEGIN and COMMIT as before.
func TestCommitOfOneStatement(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		tag := &Tag{Name: "go"}
		must(t, s.Add(tag))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "INSERT tags")
		if tag.ID == 0 {
			t.Fatal("the key was not read back")
		}

		// Rows of one table in one INSERT: still one statement.
		must(t, s.Add(&Tag{Name: "sql"}, &Tag{Name: "orm"}, &Tag{Name: "db"}))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "INSERT tags")
		wantRows(t, d, sc.Tags.Table, 4)

		// Two tables: a transaction.
		commitStatements(t, d, s, &User{Email: "ann@x", Org: &Org{Name: "Acme"}})
		wantStatements(t, d, "BEGIN", "INSERT orgs", "INSERT users", "COMMIT")

		// An insert and an update: a transaction.
		tag.Name = "golang"
		commitStatements(t, d, s, &Tag{Name: "new"})
		wantStatements(t, d, "BEGIN", "INSERT tags", "UPDATE tags", "COMMIT")

		// Flush keeps its transaction open for what follows; an explicit
		// Begin is honoured.
		must(t, s.Add(&Tag{Name: "flushed"}))
		must(t, s.Flush(ctx))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "INSERT tags", "COMMIT")
		must(t, s.Begin(ctx, engine.TxOptions{}))
		must(t, s.Add(&Tag{Name: "begun"}))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "INSERT tags", "COMMIT")
	})
}

// commitStatements adds objs and commits, leaving the log to the caller.
func commitStatements(t *testing.T, d *testDB, s *unitofwork.Session, objs ...any) {
	t.Helper()
	must(t, s.Add(objs...))
	must(t, s.Commit(timeout(t)))
}

// A persistent row that points to a new one changes with its insert: two
// statements, in a transaction, though only one object was added.
func TestCommitOfNewParentIsNotOneStatement(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		u := &User{Email: "ann@x", Org: &Org{Name: "Acme"}}
		commit(t, d, s, u)
		u.Org = &Org{Name: "Initech"} // the new org follows along the many-to-one
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "INSERT orgs", "UPDATE users", "COMMIT")
		if u.OrgID != u.Org.ID || u.OrgID == 0 {
			t.Errorf("org_id %d, org %d", u.OrgID, u.Org.ID)
		}
	})
}

// A statement sent alone that fails writes nothing and leaves the session
// as a failed flush in a transaction does: the key cleared, work refused
// until Rollback, and Rollback recovers it.
func TestCommitOfOneStatementFails(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Tag{Name: "go"})
		dup := &Tag{Name: "go"}
		must(t, s.Add(dup))
		err := s.Commit(ctx)
		if !errors.Is(err, engine.ErrUniqueViolation) {
			t.Fatalf("duplicate name: %v; want a unique violation", err)
		}
		wantStatements(t, d, "INSERT tags")
		wantRows(t, d, sc.Tags.Table, 1)
		if dup.ID != 0 {
			t.Errorf("key %d left in the object that was not inserted", dup.ID)
		}
		var nr *unitofwork.NeedsRollbackError
		if err := s.Commit(ctx); !errors.As(err, &nr) {
			t.Fatalf("Commit after the failure: %v; want a NeedsRollbackError", err)
		}
		must(t, s.Rollback(ctx))
		dup.Name = "golang"
		must(t, s.Add(dup))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "INSERT tags")
		wantRows(t, d, sc.Tags.Table, 2)
	})
}

package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// An object expunged after a flush stays forgotten when the transaction
// rolls back: the session does not put it back in its identity map, and
// a Get of its row loads a new object.
func TestExpungedStaysForgottenAfterRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		_, ctx, s := setup(t, d)
		acme := &Org{Name: "Acme"}
		commit(t, d, s, acme)
		acme.Name = "Renamed"
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Expunge(acme); err != nil {
			t.Fatal(err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.State(acme); st != unitofwork.Detached {
			t.Errorf("expunged org after rollback: %v", st)
		}
		d.log.take()
		got, err := unitofwork.Get[Org](ctx, s, acme.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got == acme || got.Name != "Acme" {
			t.Errorf("Get after rollback: %p %q, want a new object with the row's name (expunged %p)", got, got.Name, acme)
		}
		wantStatements(t, d, "SELECT")
	})
}

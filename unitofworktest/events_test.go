package unitofworktest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// Note stamps itself through model hooks; Body "bad" fails its
// BeforeInsert, "late" its AfterInsert.
type Note struct {
	ID      int64  `db:"id,pk,autoincrement"`
	Body    string `db:"body,type=varchar(50)"`
	Created int64  `db:"created"`
	Updated int64  `db:"updated"`
}

var errHook = errors.New("hook refused")

func (n *Note) BeforeInsert(context.Context, *unitofwork.Flush) error {
	if n.Body == "bad" {
		return errHook
	}
	n.Created = 100
	return nil
}

func (n *Note) BeforeUpdate(context.Context, *unitofwork.Flush) error {
	n.Updated++
	return nil
}

func (n *Note) AfterInsert(context.Context, *unitofwork.Flush) error {
	if n.Body == "late" {
		return errHook
	}
	return nil
}

// AuditRow records a write: an audit trail table without foreign keys.
type AuditRow struct {
	ID     int64  `db:"id,pk,autoincrement"`
	Action string `db:"action,type=varchar(10)"`
	NoteID int64  `db:"note_id"`
}

type eventSchema struct {
	reg   *mapper.Registry
	notes *mapper.Mapping[Note]
	audit *mapper.Mapping[AuditRow]
}

func newEventSchema(t *testing.T, d *testDB) *eventSchema {
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	sc := &eventSchema{reg: reg, notes: mapper.MustMap[Note](reg, "notes"), audit: mapper.MustMap[AuditRow](reg, "audit_rows")}
	reg.MustResolve()
	must(t, d.e.CreateAll(timeout(t), meta))
	d.log.take()
	return sc
}

// auditEvents writes an audit row for every note a flush inserted or
// updated, in the same transaction, and counts commits and rollbacks.
func auditEvents(commits, rollbacks *int) unitofwork.Events {
	record := func(f *unitofwork.Flush, action string, objs []any) error {
		for _, o := range objs {
			if n, ok := o.(*Note); ok {
				if err := f.Add(&AuditRow{Action: action, NoteID: n.ID}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return unitofwork.Events{
		AfterFlush: func(_ context.Context, f *unitofwork.Flush) error {
			if err := record(f, "insert", f.New()); err != nil {
				return err
			}
			return record(f, "update", f.Dirty())
		},
		AfterCommit:   func(context.Context, *unitofwork.Session) { *commits++ },
		AfterRollback: func(context.Context, *unitofwork.Session) { *rollbacks++ },
	}
}

// Model hooks stamp the rows they write, and an AfterFlush event writes
// audit rows in the same transaction, keys of the new rows included.
func TestEventsStampAndAudit(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newEventSchema(t, d)
		ctx := timeout(t)
		var commits, rollbacks int
		s := unitofwork.New(d.e, sc.reg, unitofwork.WithEvents(auditEvents(&commits, &rollbacks)))
		defer s.Close()
		n := &Note{Body: "hello"}
		must(t, s.Add(n))
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "INSERT notes", "INSERT audit_rows", "COMMIT")
		if n.Created != 100 || n.ID == 0 {
			t.Errorf("note after insert: %+v", n)
		}
		n.Body = "changed"
		must(t, s.Commit(ctx))
		wantStatements(t, d, "BEGIN", "UPDATE notes", "INSERT audit_rows", "COMMIT")
		if n.Updated != 1 {
			t.Errorf("updated stamp %d; want 1", n.Updated)
		}
		audits, err := unitofwork.All[AuditRow](ctx, s, sc.audit.Select().OrderBy(sc.audit.C("id").Asc()))
		must(t, err)
		if len(audits) != 2 || audits[0].Action != "insert" || audits[0].NoteID != n.ID || audits[1].Action != "update" {
			t.Errorf("audit rows %+v", audits)
		}
		fresh := unitofwork.New(d.e, sc.reg)
		defer fresh.Close()
		back, err := unitofwork.Get[Note](ctx, fresh, n.ID)
		must(t, err)
		if back.Created != 100 || back.Updated != 1 {
			t.Errorf("stamps in the table: %+v", back)
		}
		if commits != 2 || rollbacks != 0 {
			t.Errorf("AfterCommit %d, AfterRollback %d; want 2, 0", commits, rollbacks)
		}
	})
}

// A before hook's error aborts the flush with nothing sent; an after
// hook's error rolls its transaction back.
func TestEventsHookErrors(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newEventSchema(t, d)
		ctx := timeout(t)
		var commits, rollbacks int
		s := unitofwork.New(d.e, sc.reg, unitofwork.WithEvents(auditEvents(&commits, &rollbacks)))
		defer s.Close()
		must(t, s.Add(&Note{Body: "bad"}))
		if err := s.Commit(ctx); !errors.Is(err, errHook) {
			t.Fatalf("BeforeInsert's error: %v", err)
		}
		wantStatements(t, d)
		must(t, s.Rollback(ctx))
		late := &Note{Body: "late"}
		must(t, s.Add(late))
		if err := s.Commit(ctx); !errors.Is(err, errHook) {
			t.Fatalf("AfterInsert's error: %v", err)
		}
		if got := d.log.kinds(); !slices.Equal(got, []string{"BEGIN", "INSERT notes", "ROLLBACK"}) {
			t.Errorf("%s: statements %q; want the insert rolled back", d.name, got)
		}
		must(t, s.Rollback(ctx))
		wantRows(t, d, sc.notes.Table, 0)
		wantRows(t, d, sc.audit.Table, 0)
		if late.ID != 0 {
			t.Errorf("key %d left in a note that was rolled back", late.ID)
		}
		// One transaction ended in a rollback (the second Commit's); the
		// first Commit wrote nothing and began none.
		if commits != 0 || rollbacks != 1 {
			t.Errorf("AfterCommit %d, AfterRollback %d; want 0, 1", commits, rollbacks)
		}
	})
}

// A BeforeFlush event may add objects, which the same flush writes.
func TestEventsBeforeFlushAdds(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newEventSchema(t, d)
		ctx := timeout(t)
		added := false
		s := unitofwork.New(d.e, sc.reg, unitofwork.WithEvents(unitofwork.Events{
			BeforeFlush: func(_ context.Context, f *unitofwork.Flush) error {
				if added || len(f.New()) == 0 {
					return nil
				}
				added = true
				return f.Add(&AuditRow{Action: "batch"})
			},
		}))
		defer s.Close()
		must(t, s.Add(&Note{Body: "x"}))
		must(t, s.Commit(ctx))
		got := d.log.kinds()
		if !slices.Contains(got, "INSERT audit_rows") || !slices.Contains(got, "INSERT notes") || got[0] != "BEGIN" {
			t.Errorf("%s: statements %q; want both inserts in one transaction", d.name, got)
		}
		wantRows(t, d, sc.audit.Table, 1)
	})
}

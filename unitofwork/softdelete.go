package unitofwork

import (
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// A mapped type with a softdelete column (a *time.Time, NULL while the
// row is live) is deleted by marking: Delete sets the column to the time
// of the flush with an UPDATE instead of a DELETE, and the session leaves
// marked rows out of every query of the type — Get, All and One, the
// loaders, the flush's UPDATEs — unless a query asks for them
// (WithDeleted). The row stays, and with it what refers to it: a delete
// cascade does not follow a soft delete, nor are many-to-many links
// removed. It is built on the same conditions as Criteria.

// softDelete marks the deleted rows of tw, found among the rows not
// marked yet (a row marked since it was read is stale data), with their
// version checked and bumped where they have one.
func (f *flush) softDelete(tw *tableWork, sd int) error {
	now := time.Now().UTC()
	ups := make([]pendingUpdate, len(tw.deletes))
	stmts := make([]expr.Statement, len(tw.deletes))
	for i, st := range tw.deletes {
		f.touch(st)
		if err := st.m.SetField(st.obj, sd, &now); err != nil {
			return err
		}
		ups[i] = pendingUpdate{st: st, cols: []int{sd}}
		if ver := st.m.Version(); ver >= 0 {
			ups[i].version = toInt64(st.m.FieldValue(st.obj, ver))
		}
		stmt, err := f.rowUpdate(ups[i])
		if err != nil {
			return err
		}
		stmts[i] = stmt
	}
	results, err := f.s.tx.ExecMany(f.ctx, stmts)
	if err != nil {
		return err
	}
	for i, u := range ups {
		if results[i].RowsAffected == 0 {
			return &mapper.StaleError{Table: tw.m.Table().Name, Version: u.version}
		}
		f.deleted = append(f.deleted, u.st)
	}
	count(&f.ev.Deletes, tw.m.Table().Name, len(ups))
	return nil
}

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
// removed. A row a hard-deleted parent's cascade reaches is deleted for
// real, marked or not, since its parent's row goes; Merge refuses a row
// that is marked. It is built on the same conditions as Criteria.

// softDelete marks sts, deleted rows of tw's type, found among the rows not
// marked yet (a row marked since it was read is stale data), with their
// version checked and bumped where they have one.
func (f *flush) softDelete(tw *tableWork, sts []*state, sd int) error {
	if len(sts) == 0 {
		return nil
	}
	// Microseconds: what PostgreSQL and MariaDB keep, so that the object
	// shows the time the row holds.
	now := time.Now().UTC().Truncate(time.Microsecond)
	ups := make([]pendingUpdate, len(sts))
	stmts := make([]expr.Statement, len(sts))
	for i, st := range sts {
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
		if ver := u.st.m.Version(); ver >= 0 {
			if err := u.st.m.SetField(u.st.obj, ver, u.version+1); err != nil {
				return err
			}
		}
		f.deleted = append(f.deleted, u.st)
	}
	count(&f.ev.Deletes, tw.m.Table().Name, len(ups))
	return nil
}

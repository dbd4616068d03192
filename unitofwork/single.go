package unitofwork

import (
	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/mapper"
)

// A Commit with no transaction open whose flush is a single statement —
// the INSERT of new rows of one table that reads back at most their
// integer keys, or the UPDATE of one object —
// sends that statement alone, without BEGIN and COMMIT: one statement is
// atomic by itself, and a request that saves one object pays one round
// trip instead of three (two where BEGIN travels with the statement).
// The one difference is where a failure may fall: if the connection
// fails while the statement's result is read, the row may have been
// committed, as it may when the reply to a COMMIT is lost.

// single reports whether the flush is one statement and nothing else.
// It errs on the side of a transaction: anything it cannot be sure of
// — deletes, links, post-updates, a natural key change, rows that refer
// to new rows — makes it false.
func (f *flush) single(order []*tableWork) bool {
	if f.linksChanged() || f.afterWrites() {
		return false
	}
	// Foreign keys that follow persistent rows change when synchronized:
	// synchronize them now, as run would, so that Changed sees every
	// UPDATE. (Keys of rows still to be inserted are not known yet:
	// refersToNew covers the rows that point to those.)
	for _, tw := range order {
		if err := f.syncTable(tw, tw.persistent); err != nil {
			return false
		}
	}
	var ins *tableWork
	var upd *state
	var changed []int
	for _, tw := range order {
		if len(tw.deletes) > 0 {
			return false
		}
		if len(tw.inserts) > 0 {
			if ins != nil {
				return false
			}
			ins = tw
		}
		for _, st := range tw.persistent {
			if f.refersToNew(st) {
				return false
			}
			changed, _ = st.m.Changed(changed[:0], st.obj, &st.snap)
			if len(updatable(st.m, changed)) == 0 {
				continue
			}
			if upd != nil || keyOf(st.m, st.obj) != st.key {
				return false
			}
			upd = st
		}
	}
	switch {
	case ins != nil && upd == nil:
		return f.oneInsert(ins)
	case ins == nil && upd != nil:
		return !f.hasPostUpdate(upd.m)
	}
	return false
}

// oneInsert reports whether tw's new rows go in one INSERT that reads
// back at most their generated integer keys, in the statement itself
// (RETURNING): rows that leave the same columns to the database, few
// enough for one statement's parameters, none pointing to another of
// them. A server default read back could fail to fit its field after
// the row was committed; such rows take a transaction, which undoes it.
func (f *flush) oneInsert(tw *tableWork) bool {
	m, d := tw.m, f.s.e.Dialect()
	if !d.Features().Has(compile.ReturningInsert) || f.hasPostUpdate(m) || len(selfForeignKeys(m.Table())) > 0 {
		return false
	}
	sts := tw.inserts
	for _, st := range sts[1:] {
		if !sameGenerated(sts[0], st) {
			return false
		}
	}
	for i := range m.Table().Columns {
		if m.Generated(i) && m.IsZero(sts[0].obj, i) && !isIntKey(m, i) {
			return false
		}
	}
	if len(sts) == 1 {
		return true
	}
	// A batch puts as many rows in a statement as the parameter limit
	// allows for the columns it writes, which are at most all of them
	// and at least one when a column is always written.
	cols := len(m.Table().Columns)
	if len(sts)*cols > d.MaxParams() {
		return false
	}
	for i := range cols {
		if m.Updatable(i) && !m.Generated(i) {
			return true
		}
	}
	return false
}

// refersToNew reports whether st, a persistent object, points to a new
// one — a many-to-one target, or a parent whose collection holds it — so
// that its foreign key changes once that row is inserted.
func (f *flush) refersToNew(st *state) bool {
	for _, l := range f.parentsOf(st) {
		if l.parent.status == Pending {
			return true
		}
	}
	rels, _ := st.m.Relationships()
	for _, r := range rels {
		if r.Kind != mapper.ManyToOne {
			continue
		}
		found := false
		_ = related(st.obj, r, func(target any) error {
			if p, ok := f.s.objects.get(target); ok && p.status == Pending {
				found = true
			}
			return nil
		})
		if found {
			return true
		}
	}
	return false
}

// isIntKey reports whether column i is m's one-column key held in an
// int64 field: a generated key read back into it cannot fail to fit.
func isIntKey(m *mapper.Model, i int) bool {
	return intKeyed(m) && m.PrimaryKey()[0] == i
}

package unitofwork

import (
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// pendingUpdate is an object's UPDATE, before it runs.
type pendingUpdate struct {
	st      *state
	cols    []int // the columns it sets, without the version
	version int64 // the version the row was read at, with a version column
}

// changes returns the UPDATE st needs: the columns that changed, and the
// version it was read at; ok is false when nothing changed.
func (f *flush) changes(st *state) (u pendingUpdate, ok bool, err error) {
	m := st.m
	changed, err := m.Changed(nil, st.obj, &st.snap)
	if err != nil {
		return u, false, err
	}
	changed = updatable(m, changed)
	if len(changed) == 0 {
		return u, false, nil
	}
	u.st, u.cols = st, changed
	if ver := m.Version(); ver >= 0 {
		u.version = toInt64(m.FieldValue(st.obj, ver))
	}
	return u, true, nil
}

// rowUpdate is u as a statement of its own: the changed columns set on
// the row found by the key it had — a natural key may change — with its
// version checked and bumped.
func (f *flush) rowUpdate(u pendingUpdate) (expr.Statement, error) {
	st, m := u.st, u.st.m
	t := m.Table()
	upd := expr.Update(t)
	for _, i := range u.cols {
		v, err := m.Value(st.obj, i)
		if err != nil {
			return nil, err
		}
		upd.Set(t.Columns[i], v)
	}
	where := keyWhere(m, st.key)
	if ver := m.Version(); ver >= 0 {
		vc := t.Columns[ver]
		upd.Set(vc, vc.Add(1))
		where = append(where, vc.Eq(m.FieldValue(st.obj, ver)))
	}
	return upd.Where(f.s.where(m, where...)...), nil
}

// applied checks the result of u — no row matched is stale data — and
// moves its object on: version bumped, snapshot retaken, so that a later
// UPDATE in this flush (a post-update) sends only what is still new. The
// snapshot from before the flush is kept for a failure and for Rollback.
func (f *flush) applied(u pendingUpdate, res engine.Result) error {
	st, m := u.st, u.st.m
	if res.RowsAffected == 0 {
		return &mapper.StaleError{Table: m.Table().Name, Version: u.version}
	}
	if ver := m.Version(); ver >= 0 {
		f.touch(st)
		if err := m.SetField(st.obj, ver, u.version+1); err != nil {
			return err
		}
	}
	// A natural key's change: the row is found by its new key from now
	// on, also by a post-update later in this flush.
	if k := keyOf(m, st.obj); k != st.key {
		if _, ok := f.oldKeys[st]; !ok {
			f.oldKeys[st] = st.key
		}
		st.key = k
	}
	if _, ok := f.preUpdate[st]; !ok {
		f.preUpdate[st] = st.snap
		st.snap = mapper.Snapshot{}
		f.updated = append(f.updated, st)
	}
	_ = m.Snapshot(st.obj, &st.snap)
	count(&f.ev.Updates, m.Table().Name, 1)
	return nil
}

// update sends the UPDATE of one object, if it changed.
func (f *flush) update(st *state) error {
	return f.updateAll([]*state{st})
}

// updateAll sends the UPDATEs of the objects that changed, together:
// rows of one table that change the same columns in UPDATE ... FROM
// (VALUES ...) statements where the dialect has them (see
// updates_batched.go), the others one statement each; all pipelined in
// one round trip where the engine's source can (engine.Tx.ExecMany on
// native PostgreSQL), one after the other elsewhere.
func (f *flush) updateAll(sts []*state) error {
	var ups []pendingUpdate
	for _, st := range sts {
		u, ok, err := f.changes(st)
		if err != nil {
			return err
		}
		if ok {
			ups = append(ups, u)
		}
	}
	if len(ups) == 0 {
		return nil
	}
	if f.alone && (f.sent || len(ups) > 1) {
		if err := f.together(); err != nil {
			return err
		}
	}
	units, err := f.planUpdates(ups)
	if err != nil {
		return err
	}
	stmts := make([]expr.Statement, len(units))
	for i, un := range units {
		stmts[i] = un.stmt
	}
	var results []engine.Result
	if f.alone { // one UPDATE: see single
		var res engine.Result
		res, err = f.s.e.Exec(f.ctx, stmts[0])
		results = []engine.Result{res}
		f.sent, f.committedAlone = true, err == nil && res.RowsAffected > 0
	} else {
		results, err = f.s.tx.ExecMany(f.ctx, stmts)
	}
	if err != nil {
		return err
	}
	for i, un := range units {
		if err := f.appliedUnit(un, results[i]); err != nil {
			return err
		}
	}
	return nil
}

package unitofwork

import (
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// pendingUpdate is an UPDATE built for an object, before it runs.
type pendingUpdate struct {
	st      *state
	stmt    expr.Statement
	version int64 // the version the row was read at, with a version column
}

// buildUpdate returns the UPDATE of st's changed columns — found by the
// key the row had, since a natural key may change — with its version
// checked and bumped; ok is false when nothing changed.
func (f *flush) buildUpdate(st *state) (u pendingUpdate, ok bool, err error) {
	m := st.m
	changed, err := m.Changed(nil, st.obj, &st.snap)
	if err != nil {
		return u, false, err
	}
	changed = updatable(m, changed)
	if len(changed) == 0 {
		return u, false, nil
	}
	t := m.Table()
	upd := expr.Update(t)
	for _, i := range changed {
		v, err := m.Value(st.obj, i)
		if err != nil {
			return u, false, err
		}
		upd.Set(t.Columns[i], v)
	}
	where := keyWhere(m, st.key)
	u.st = st
	if ver := m.Version(); ver >= 0 {
		cur := m.FieldValue(st.obj, ver)
		u.version = toInt64(cur)
		vc := t.Columns[ver]
		upd.Set(vc, vc.Add(1))
		where = append(where, vc.Eq(cur))
	}
	u.stmt = upd.Where(where...)
	return u, true, nil
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
// pipelined in one round trip where the engine's source can
// (engine.Tx.ExecMany on native PostgreSQL), one after the other
// elsewhere.
func (f *flush) updateAll(sts []*state) error {
	var ups []pendingUpdate
	for _, st := range sts {
		u, ok, err := f.buildUpdate(st)
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
	stmts := make([]expr.Statement, len(ups))
	for i, u := range ups {
		stmts[i] = u.stmt
	}
	if f.alone && (f.sent || len(stmts) > 1) {
		if err := f.together(); err != nil {
			return err
		}
	}
	var results []engine.Result
	var err error
	if f.alone { // one UPDATE: see single
		var res engine.Result
		res, err = f.s.e.Exec(f.ctx, stmts[0])
		results = []engine.Result{res}
		f.sent = true
	} else {
		results, err = f.s.tx.ExecMany(f.ctx, stmts)
	}
	if err != nil {
		return err
	}
	for i, u := range ups {
		if err := f.applied(u, results[i]); err != nil {
			return err
		}
	}
	return nil
}

package unitofwork

import (
	"errors"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/mapper"
)

// parentLink is a one-to-many collection holding a child: the parent
// and the relationship.
type parentLink struct {
	parent *state
	rel    *mapper.Relationship
}

// hasKey reports whether st's row exists, so that its key can be copied
// into the rows that refer to it.
func (f *flush) hasKey(st *state) bool {
	return st.status == Persistent || f.insertedSet()[st]
}

func (f *flush) insertedSet() map[*state]bool {
	if f.insertedIdx == nil {
		f.insertedIdx = map[*state]bool{}
	}
	return f.insertedIdx
}

// parentsOf returns the one-to-many collections holding each object,
// worked out once per flush.
func (f *flush) parentsOf(st *state) []parentLink {
	if f.links == nil {
		f.links = map[*state][]parentLink{}
		_ = f.s.eachRel(mapper.OneToMany, func(p *state, r *mapper.Relationship) error {
			return related(p.obj, r, func(target any) error {
				if c, ok := f.s.objects.get(target); ok {
					f.links[c] = append(f.links[c], parentLink{p, r})
				}
				return nil
			})
		})
	}
	return f.links[st]
}

// syncTable copies into the foreign keys of sts the keys of the rows
// their relationships point to: a many-to-one field's target, then the
// parent whose one-to-many collection holds the object (which wins when
// the two disagree). Rows not written yet are skipped; table order
// writes parents first.
func (f *flush) syncTable(tw *tableWork, sts []*state) error {
	for _, st := range sts {
		rels, err := st.m.Relationships()
		if err != nil {
			return err
		}
		for _, r := range rels {
			if r.Kind != mapper.ManyToOne {
				continue
			}
			err := related(st.obj, r, func(target any) error {
				if p, ok := f.s.objects.get(target); ok && f.hasKey(p) {
					return f.syncKeys(st, p, columnIndexes(st.m, r, false), columnIndexes(p.m, r, true))
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		for _, l := range f.parentsOf(st) {
			if f.hasKey(l.parent) {
				if err := f.syncKeys(st, l.parent, columnIndexes(st.m, l.rel, false), columnIndexes(l.parent.m, l.rel, true)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// syncKeys copies parent's referenced columns into child's foreign-key
// columns, remembering child's values first when one changes.
func (f *flush) syncKeys(child, parent *state, fkCols, refCols []int) error {
	for j, ci := range fkCols {
		v := parent.m.FieldValue(parent.obj, refCols[j])
		if sameValue(child.m.FieldValue(child.obj, ci), v) {
			continue
		}
		f.touch(child)
		if err := child.m.SetField(child.obj, ci, v); err != nil {
			return err
		}
	}
	return nil
}

// insertTable inserts a table's pending objects: level by level where
// the table refers to itself (a row after the rows it points to), and in
// multi-row batches of consecutive objects that leave the same generated
// columns to the database.
func (f *flush) insertTable(tw *tableWork) error {
	if len(tw.inserts) == 0 {
		return nil
	}
	levels, err := f.selfLevels(tw)
	if err != nil {
		return err
	}
	for _, level := range levels {
		for _, st := range level {
			// An object the flush may write into after its INSERT — a
			// version to set or bump, a post-update key — keeps its
			// values from before the INSERT for a failure or a rollback;
			// the others are undone by clearing what the INSERT filled.
			ver := st.m.Version()
			if ver >= 0 || f.hasPostUpdate(st.m) {
				f.touch(st)
			}
			// A versioned row starts at version 1, as SQLAlchemy's do,
			// unless the object says otherwise.
			if ver >= 0 && st.m.IsZero(st.obj, ver) {
				if err := st.m.SetField(st.obj, ver, 1); err != nil {
					return err
				}
			}
		}
		if err := f.syncTable(tw, level); err != nil {
			return err
		}
		for start := 0; start < len(level); {
			end := start + 1
			for end < len(level) && sameGenerated(level[start], level[end]) {
				end++
			}
			if err := f.insertBatch(tw.m, level[start:end]); err != nil {
				return err
			}
			start = end
		}
	}
	return nil
}

func (f *flush) insertBatch(m *mapper.Model, sts []*state) error {
	objs := make([]any, len(sts))
	for i, st := range sts {
		objs[i] = st.obj
	}
	// The generated columns the batch leaves to the database, the same
	// in every row (see sameGenerated): what undoing the insert in the
	// objects clears, without a snapshot of each.
	var filled []int
	for i := range m.Table().Columns {
		if m.Generated(i) && m.IsZero(sts[0].obj, i) {
			filled = append(filled, i)
		}
	}
	if err := f.runInsert(m.InsertBatch(objs)); err != nil {
		return err
	}
	set := f.insertedSet()
	for _, st := range sts {
		set[st] = true
		st.filled = filled
		// The row holds these values now: a post-update compares with
		// them, and UPDATEs find the row by this key.
		st.key = keyOf(st.m, st.obj)
		_ = st.m.Snapshot(st.obj, &st.snap)
	}
	f.inserted = append(f.inserted, sts...)
	count(&f.ev.Inserts, m.Table().Name, len(sts))
	return nil
}

// runInsert runs an INSERT batch: alone when the flush is one statement
// (see single.go), in the transaction otherwise — also when the batch
// turns out to need more than one statement, which the engine refuses to
// send alone before sending anything.
func (f *flush) runInsert(b mapper.Batch) error {
	if f.alone && f.sent {
		return errNotAlone
	}
	if f.alone {
		err := f.s.e.RunBatchAutocommit(f.ctx, b)
		if !errors.Is(err, engine.ErrBatchNotSingle) {
			f.sent, f.committedAlone = true, err == nil
			return err
		}
		if err := f.together(); err != nil {
			return err
		}
	}
	return f.s.tx.RunBatch(f.ctx, b)
}

// sameGenerated reports whether a and b leave the same generated columns
// to the database, so that one INSERT can carry both.
func sameGenerated(a, b *state) bool {
	m := a.m
	for i := range m.Table().Columns {
		if m.Generated(i) && m.IsZero(a.obj, i) != m.IsZero(b.obj, i) {
			return false
		}
	}
	return true
}

// selfLevels splits a table's inserts into levels: a row whose
// relationship points to another pending row of the same table goes one
// level after it. Without such rows there is one level, in add order.
func (f *flush) selfLevels(tw *tableWork) ([][]*state, error) {
	if len(selfForeignKeys(tw.m.Table())) == 0 {
		return [][]*state{tw.inserts}, nil
	}
	pending := map[*state]bool{}
	for _, st := range tw.inserts {
		pending[st] = true
	}
	parents := func(st *state) []*state {
		var out []*state
		rels, _ := st.m.Relationships()
		for _, r := range rels {
			if r.Kind != mapper.ManyToOne || !r.SelfReferential || r.PostUpdate {
				continue
			}
			_ = related(st.obj, r, func(target any) error {
				if p, ok := f.s.objects.get(target); ok && pending[p] && p != st {
					out = append(out, p)
				}
				return nil
			})
		}
		for _, l := range f.parentsOf(st) {
			if l.rel.SelfReferential && !f.postUpdateKeys()[l.rel.ForeignKey] && pending[l.parent] && l.parent != st {
				out = append(out, l.parent)
			}
		}
		return out
	}
	level := map[*state]int{}
	const visiting = -1
	var depth func(st *state) (int, error)
	depth = func(st *state) (int, error) {
		switch d, ok := level[st]; {
		case ok && d == visiting:
			return 0, &CycleError{Table: tw.m.Table().Name}
		case ok:
			return d, nil
		}
		level[st] = visiting
		d := 0
		for _, p := range parents(st) {
			pd, err := depth(p)
			if err != nil {
				return 0, err
			}
			d = max(d, pd+1)
		}
		level[st] = d
		return d, nil
	}
	var out [][]*state
	for _, st := range tw.inserts {
		d, err := depth(st)
		if err != nil {
			return nil, err
		}
		for len(out) <= d {
			out = append(out, nil)
		}
		out[d] = append(out[d], st)
	}
	return out, nil
}

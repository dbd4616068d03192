package unitofwork

import (
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// A relationship tagged postupdate breaks a cycle of foreign keys: its
// key is left NULL by the INSERT (its target may not exist yet), set by
// an UPDATE once every row is inserted, and set to NULL by an UPDATE
// before any row is deleted.

// postUpdateKeys returns the foreign keys of post-update relationships
// of the tables in the flush.
func (f *flush) postUpdateKeys() map[*expr.ForeignKey]bool {
	if f.postKeys == nil {
		f.postKeys = map[*expr.ForeignKey]bool{}
		for _, tw := range f.work {
			rels, _ := tw.m.Relationships()
			for _, r := range rels {
				if r.PostUpdate {
					f.postKeys[r.ForeignKey] = true
				}
			}
		}
	}
	return f.postKeys
}

// postUpdates sets the post-update foreign keys of the rows inserted or
// kept, now that every row exists.
func (f *flush) postUpdates(order []*tableWork) error {
	if len(f.postUpdateKeys()) == 0 {
		return nil
	}
	for _, tw := range order {
		sts := make([]*state, 0, len(tw.inserts)+len(tw.persistent))
		for _, st := range tw.inserts {
			if f.insertedSet()[st] {
				sts = append(sts, st)
			}
		}
		sts = append(sts, tw.persistent...)
		if err := f.syncTable(tw, sts); err != nil {
			return err
		}
		for _, st := range sts {
			if err := f.update(st); err != nil {
				return err
			}
		}
	}
	return nil
}

// unsetPostUpdates sets to NULL the post-update foreign keys of the rows
// to delete, so that the DELETEs can go in any order.
func (f *flush) unsetPostUpdates(order []*tableWork) error {
	if len(f.postUpdateKeys()) == 0 {
		return nil
	}
	for _, tw := range order {
		rels, err := tw.m.Relationships()
		if err != nil {
			return err
		}
		for _, st := range tw.deletes {
			set := false
			for _, r := range rels {
				if r.Kind != mapper.ManyToOne || !r.PostUpdate {
					continue
				}
				for _, ci := range columnIndexes(st.m, r, false) {
					if v, _ := st.m.Value(st.obj, ci); v != nil {
						f.touch(st)
						if err := st.m.SetField(st.obj, ci, nil); err != nil {
							return err
						}
						set = true
					}
				}
			}
			if set {
				if err := f.update(st); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// hasPostUpdate reports whether m has a post-update relationship, whose
// key the flush writes into a new object after its INSERT.
func (f *flush) hasPostUpdate(m *mapper.Model) bool {
	rels, _ := m.Relationships()
	for _, r := range rels {
		if r.PostUpdate {
			return true
		}
	}
	return false
}

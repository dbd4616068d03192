package unitofwork

import (
	"reflect"

	"github.com/sqlforge/sqlforge/identity"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// memberKey names one collection: a parent's relationship field.
type memberKey struct {
	parent *state
	rel    *mapper.Relationship
}

// collection returns the session's states of the objects in parent's
// one-to-many or many-to-many field r, and whether the field is loaded
// (a non-nil slice; nil means "not loaded", never "empty").
func (s *Session) collection(parent *state, r *mapper.Relationship) ([]*state, bool) {
	fv := r.FieldOf(reflect.ValueOf(parent.obj).Elem())
	if fv.Kind() != reflect.Slice || fv.IsNil() {
		return nil, false
	}
	var out []*state
	_ = related(parent.obj, r, func(target any) error {
		if st, ok := s.objects[target]; ok {
			out = append(out, st)
		}
		return nil
	})
	return out, true
}

// cascadeDeletes applies what deleting an object does to its one-to-many
// children: with cascade=delete they are deleted too (loaded first unless
// passivedeletes says the database does it), without it their foreign
// keys are set to NULL — refused, before anything is written, when the
// key cannot hold NULL.
func (f *flush) cascadeDeletes() error {
	s := f.s
	var queue []*state
	for _, st := range s.objects {
		if st.status == Deleted && !st.flushed {
			queue = append(queue, st)
		}
	}
	for len(queue) > 0 {
		st := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		rels, err := st.m.Relationships()
		if err != nil {
			return err
		}
		for _, r := range rels {
			if r.Kind != mapper.OneToMany {
				continue
			}
			kids, loaded := s.collection(st, r)
			if !loaded {
				if r.Cascade.Passive {
					continue
				}
				if kids, err = f.loadChildren(st, r); err != nil {
					return err
				}
			}
			for _, kid := range kids {
				switch {
				case kid.status == Deleted:
				case r.Cascade.Delete && kid.status == Pending:
					f.drop(kid) // never inserted
				case r.Cascade.Delete:
					f.setStatus(kid, Deleted)
					queue = append(queue, kid)
				default:
					if err := f.orphanKey(kid, r); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// orphanKey sets kid's foreign key of r to NULL, or refuses when the
// field cannot hold NULL.
func (f *flush) orphanKey(kid *state, r *mapper.Relationship) error {
	f.touch(kid)
	for _, ci := range columnIndexes(kid.m, r, false) {
		if err := kid.m.SetField(kid.obj, ci, nil); err != nil {
			return err
		}
		if v, _ := kid.m.Value(kid.obj, ci); v != nil || !kid.m.Table().Columns[ci].Nullable {
			return &ObjectError{Type: kid.m.Type().String(),
				Reason: "its parent is deleted and its foreign key " + kid.m.Table().Columns[ci].Name +
					" cannot be NULL; declare cascade=delete on the parent's relationship or make the key nullable"}
		}
	}
	return nil
}

// loadChildren loads the rows of r's target table that refer to parent,
// as the session's objects, in the session's transaction (begun here).
func (f *flush) loadChildren(parent *state, r *mapper.Relationship) ([]*state, error) {
	s := f.s
	tm := s.reg.Model(r.TargetType)
	if tm == nil {
		return nil, &ObjectError{Type: r.TargetType.String(), Reason: "type is not mapped in the session's registry"}
	}
	if err := f.begin(); err != nil {
		return nil, err
	}
	fk := r.ForeignKey
	conds := make([]expr.Expr, len(fk.Columns))
	for j, c := range fk.Columns {
		ri, _ := parent.m.ColumnIndex(fk.RefColumns[j])
		conds[j] = c.Eq(parent.m.FieldValue(parent.obj, ri))
	}
	objs, err := engine.All(f.ctx, s.tx, selectAll(tm).Where(conds...),
		func(rows *engine.Rows) (any, error) { return tm.Row(rows) })
	if err != nil {
		return nil, err
	}
	out := make([]*state, len(objs))
	for i, obj := range objs {
		out[i] = s.objects[s.register(tm, obj, false)]
	}
	return out, nil
}

// orphans deletes the children of a loaded delete-orphan collection
// that the collection no longer holds: persistent objects whose foreign
// key still names the parent (their row is its child) but that no loaded
// collection holds. Only objects the session holds are considered, and a
// nil collection holds nothing back: it is not loaded. A child in two
// delete-orphan collections of different parents is refused.
func (f *flush) orphans() error {
	s := f.s
	type loadedCollection struct {
		p   *state
		r   *mapper.Relationship
		cur []*state
	}
	var colls []loadedCollection
	_ = s.eachRel(mapper.OneToMany, func(p *state, r *mapper.Relationship) error {
		if p.status == Persistent && r.Cascade.DeleteOrphan {
			if cur, loaded := s.collection(p, r); loaded {
				colls = append(colls, loadedCollection{p, r, cur})
			}
		}
		return nil
	})
	if len(colls) == 0 {
		return nil
	}
	held := map[*state]*state{}
	for _, c := range colls {
		for _, kid := range c.cur {
			if o, ok := held[kid]; ok && o != c.p {
				return &ObjectError{Type: kid.m.Type().String(),
					Reason: "object is in the delete-orphan collections of two parents"}
			}
			held[kid] = c.p
		}
	}
	children := map[*mapper.Relationship]map[identity.Key][]*state{}
	for _, c := range colls {
		idx, ok := children[c.r]
		if !ok {
			idx = f.childrenByParent(c.r)
			children[c.r] = idx
		}
		for _, kid := range idx[refKey(c.p, c.r)] {
			if held[kid] != nil || len(f.parentsOf(kid)) > 0 {
				continue
			}
			f.setStatus(kid, Deleted)
		}
	}
	return nil
}

// childrenByParent indexes the persistent objects of r's target type by
// the parent key their foreign key names.
func (f *flush) childrenByParent(r *mapper.Relationship) map[identity.Key][]*state {
	idx := map[identity.Key][]*state{}
	for _, st := range f.s.objects {
		if st.status != Persistent || st.m.Type() != r.TargetType {
			continue
		}
		cols := columnIndexes(st.m, r, false)
		var buf [identity.MaxKeyColumns]any
		null := len(cols) > identity.MaxKeyColumns
		for j, ci := range cols {
			if null {
				break
			}
			v := deref(st.m.FieldValue(st.obj, ci))
			if v == nil {
				null = true
				break
			}
			buf[j] = normalizeKeyValue(v)
		}
		if !null {
			k := identity.NewKey(nil, buf[:len(cols)]...)
			idx[k] = append(idx[k], st)
		}
	}
	return idx
}

// refKey is the key childrenByParent files p's children under: the
// values of the columns r's foreign key references.
func refKey(p *state, r *mapper.Relationship) identity.Key {
	cols := columnIndexes(p.m, r, true)
	var buf [identity.MaxKeyColumns]any
	for j, ci := range cols[:min(len(cols), identity.MaxKeyColumns)] {
		buf[j] = normalizeKeyValue(deref(p.m.FieldValue(p.obj, ci)))
	}
	return identity.NewKey(nil, buf[:min(len(cols), identity.MaxKeyColumns)]...)
}

// normalizeKeyValue makes integer key values of different Go types
// compare equal: every signed integer becomes an int64.
func normalizeKeyValue(v any) any {
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return rv.Int()
	case rv.CanUint() && rv.Uint() <= 1<<63-1:
		return int64(rv.Uint())
	}
	return v
}

package unitofwork

import (
	"reflect"
	"slices"

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
		if st, ok := s.objects.get(target); ok {
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
	for st := range s.objects.all() {
		if st.status == Deleted && !st.flushed {
			queue = append(queue, st)
		}
	}
	for len(queue) > 0 {
		st := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if st.m.SoftDelete() >= 0 && !f.hardDelete[st] {
			continue // its row stays, and with it what refers to it
		}
		rels, err := st.m.Relationships()
		if err != nil {
			return err
		}
		for _, r := range rels {
			if r.Kind != mapper.OneToMany {
				continue
			}
			kids, loaded := s.collection(st, r)
			if !loaded || f.softTarget(r) && !r.Cascade.Passive {
				if r.Cascade.Passive {
					continue
				}
				// Children a soft delete marked are in no collection,
				// yet their rows still refer to the parent.
				more, err := f.loadChildren(st, r)
				if err != nil {
					return err
				}
				for _, k := range more {
					if !slices.Contains(kids, k) {
						kids = append(kids, k)
					}
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
					// The parent's row goes: so does the child's, even
					// of a soft-deleted type, whose mark would keep a
					// key to a row that no longer exists.
					if f.hardDelete == nil {
						f.hardDelete = map[*state]bool{}
					}
					f.hardDelete[kid] = true
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

// softTarget reports whether r's target type is deleted by marking.
func (f *flush) softTarget(r *mapper.Relationship) bool {
	tm := f.s.reg.Model(r.TargetType)
	return tm != nil && tm.SoftDelete() >= 0
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
	// Rows a soft delete marked too: they still refer to the parent.
	objs, err := engine.All(f.ctx, s.tx, selectAll(tm).Where(append(conds, s.criteriaOf(tm, true)...)...),
		func(rows *engine.Rows) (any, error) { return tm.Row(rows) })
	if err != nil {
		return nil, err
	}
	out := make([]*state, len(objs))
	for i, obj := range objs {
		out[i] = s.objects.at(s.register(tm, obj, false))
	}
	return out, nil
}

// orphans deletes the children taken out of a loaded delete-orphan
// collection: objects the collection held when the session last saw it
// (at a flush, or when a loader filled it) that no collection holds now.
// A child the collection never held is left alone, whatever its foreign
// key says — the session cannot tell a child the program chose not to
// put in the slice from one it removed. A collection seen for the first
// time becomes the base of the next flush. A nil collection is not
// loaded and holds nothing back. A child in two delete-orphan
// collections of different parents is refused.
func (f *flush) orphans() error {
	s := f.s
	held := map[*state]*state{}
	err := s.eachRel(mapper.OneToMany, func(p *state, r *mapper.Relationship) error {
		if p.status != Persistent || !r.Cascade.DeleteOrphan {
			return nil
		}
		cur, loaded := s.collection(p, r)
		if !loaded {
			return nil
		}
		for _, kid := range cur {
			if o, ok := held[kid]; ok && o != p {
				return &ObjectError{Type: kid.m.Type().String(),
					Reason: "object is in the delete-orphan collections of two parents"}
			}
			held[kid] = p
		}
		key := memberKey{p, r}
		base, seen := s.members[key]
		if !seen {
			s.setMembers(key, cur)
			return nil
		}
		for kid := range base {
			if kid.status != Persistent || s.objects.at(kid.obj) != kid || contains(cur, kid) || len(f.parentsOf(kid)) > 0 {
				continue
			}
			f.setStatus(kid, Deleted)
		}
		return nil
	})
	return err
}

// setMembers records cur as what the delete-orphan collection key holds.
func (s *Session) setMembers(key memberKey, cur []*state) {
	if s.members == nil {
		s.members = map[memberKey]map[*state]bool{}
	}
	s.members[key] = stateSet(cur)
}

func stateSet(sts []*state) map[*state]bool {
	set := make(map[*state]bool, len(sts))
	for _, st := range sts {
		set[st] = true
	}
	return set
}

func contains(sts []*state, st *state) bool {
	for _, x := range sts {
		if x == st {
			return true
		}
	}
	return false
}

// rememberMembers records, after a flush, what each loaded delete-orphan
// collection of a persistent object holds: the base the next flush finds
// removals against.
func (s *Session) rememberMembers() {
	_ = s.eachRel(mapper.OneToMany, func(p *state, r *mapper.Relationship) error {
		if p.status != Persistent || !r.Cascade.DeleteOrphan {
			return nil
		}
		if cur, loaded := s.collection(p, r); loaded {
			s.setMembers(memberKey{p, r}, cur)
		}
		return nil
	})
}

package unitofwork

import (
	"reflect"
	"slices"

	"github.com/sqlforge/sqlforge/mapper"
)

// Relationship fields are plain Go fields: a pointer (many-to-one) or a
// slice of pointers (one-to-many, many-to-many). The session reads them at
// flush; a nil pointer or a nil slice says nothing — it may mean "none" or
// "never loaded" — so a flush never clears a foreign key or orphans a row
// because a field is nil.

// relField returns the relationship field of obj.
func relField(obj any, r *mapper.Relationship) reflect.Value {
	return r.FieldOf(reflect.ValueOf(obj).Elem())
}

// related calls fn with each object the relationship field of obj points
// to: the target of a non-nil pointer, the non-nil pointers of a slice.
// Struct values (a many-to-one held by value, a []T collection) have no
// identity of their own and are skipped: the session follows pointers.
func related(obj any, r *mapper.Relationship, fn func(target any) error) error {
	fv := relField(obj, r)
	switch fv.Kind() {
	case reflect.Pointer:
		if !fv.IsNil() {
			return fn(fv.Interface())
		}
	case reflect.Slice:
		if fv.Type().Elem().Kind() != reflect.Pointer {
			return nil
		}
		for i := range fv.Len() {
			if e := fv.Index(i); !e.IsNil() {
				if err := fn(e.Interface()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// cascadeAdd adds to the session every transient object reachable from
// its pending and persistent objects through relationship fields: SQLAlchemy's
// save-update cascade, on for every relationship. Objects this session
// detached (a committed deletion, Expunge) are left alone where fields
// still point to them.
func (s *Session) cascadeAdd() error {
	queue := make([]*state, 0, s.objects.len())
	for st := range s.objects.all() {
		if st.status == Pending || st.status == Persistent {
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
			err := related(st.obj, r, func(target any) error {
				if _, ok := s.objects.get(target); ok {
					return nil
				}
				if _, ok := s.gone[target]; ok {
					return nil // detached here (deleted, expunged): left alone
				}
				if _, ok := s.discarded[target]; ok {
					return nil // deleted while pending: never inserted
				}
				nst, err := s.add(target)
				if err != nil {
					return err
				}
				queue = append(queue, nst)
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// columnIndexes maps columns of a foreign key to m's column indexes.
func columnIndexes(m *mapper.Model, r *mapper.Relationship, ref bool) []int {
	cols := r.ForeignKey.Columns
	if ref {
		cols = r.ForeignKey.RefColumns
	}
	out := make([]int, len(cols))
	for j, c := range cols {
		out[j], _ = m.ColumnIndex(c)
	}
	return out
}

// eachRel calls fn for each relationship of kind k of every object that
// is not deleted, in the order the objects were added or loaded, and
// stops at the first error.
func (s *Session) eachRel(k mapper.RelKind, fn func(p *state, r *mapper.Relationship) error) error {
	if !s.anyRel(k) {
		return nil
	}
	for _, p := range s.ordered() {
		if p.status == Deleted {
			continue
		}
		rels, err := p.m.Relationships()
		if err != nil {
			return err
		}
		for _, r := range rels {
			if r.Kind != k {
				continue
			}
			if err := fn(p, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// ordered returns the session's objects in the order they were added or
// loaded. The sorted list is kept until the set of objects changes, so
// that the several passes of one flush sort once.
func (s *Session) ordered() []*state {
	if s.sorted == nil {
		s.sorted = make([]*state, 0, s.objects.len())
		for st := range s.objects.all() {
			s.sorted = append(s.sorted, st)
		}
		slices.SortFunc(s.sorted, func(a, b *state) int { return a.order - b.order })
	}
	return s.sorted
}

// anyRel reports whether some mapping of the session's registry has a
// relationship of kind k: the passes over every object that look for
// such relationships are skipped when none has.
func (s *Session) anyRel(k mapper.RelKind) bool {
	for _, m := range s.reg.Models() {
		rels, err := m.Relationships()
		if err != nil {
			return true // let the pass report it
		}
		for _, r := range rels {
			if r.Kind == k {
				return true
			}
		}
	}
	return false
}

// pointsByKey reports whether obj's foreign key of r, a many-to-one,
// holds target's key: whether the pointer and the column agree.
func (s *Session) pointsByKey(m *mapper.Model, obj any, r *mapper.Relationship, target any) bool {
	tm, err := s.model(target)
	if err != nil {
		return false
	}
	fk, ref := columnIndexes(m, r, false), columnIndexes(tm, r, true)
	for j := range fk {
		if !sameValue(m.FieldValue(obj, fk[j]), tm.FieldValue(target, ref[j])) {
			return false
		}
	}
	return true
}

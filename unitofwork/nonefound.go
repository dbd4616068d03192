package unitofwork

import "github.com/sqlforge/sqlforge/mapper"

// A many-to-one whose load found no target — its foreign key names a row
// the session's criteria or soft delete leave out, or no row at all — is
// loaded, and nil; but its nil pointer alone reads "not loaded". So the
// session records the foreign key such a load saw, and the field is
// loaded while its pointer is nil and its key is still that one: strict
// loading does not refuse it, and Related does not query it again. A
// rollback forgets the records, as it does the relationships (see
// resetRelationships); Refresh and a populating query forget those of
// the objects they read again. Loads that find their targets record
// nothing: the map is made by the first that does not.

// foundNone records that a load of the many-to-one r of obj, an object
// of m, found no target for the foreign key obj holds.
func (s *Session) foundNone(obj any, m *mapper.Model, r *mapper.Relationship) {
	st, ok := s.objects.get(obj)
	if !ok {
		return
	}
	fk := columnIndexes(m, r, false)
	if len(fk) != 1 || m.IsNull(obj, fk[0]) {
		return // loaders take one-column keys; a NULL one is loaded anyway
	}
	if s.noTarget == nil {
		s.noTarget = map[memberKey]any{}
	}
	s.noTarget[memberKey{st, r}] = normKey(m.FieldValue(obj, fk[0]))
}

// loadedNone reports whether st's many-to-one r was loaded without a
// target for the foreign key it holds now.
func (s *Session) loadedNone(st *state, r *mapper.Relationship) bool {
	k, ok := s.noTarget[memberKey{st, r}]
	if !ok {
		return false
	}
	fk := columnIndexes(st.m, r, false)
	return len(fk) == 1 && !st.m.IsNull(st.obj, fk[0]) && sameValue(normKey(st.m.FieldValue(st.obj, fk[0])), k)
}

// forgetNone drops the records of st's many-to-ones: they are to be
// loaded again, or st leaves the session.
func (s *Session) forgetNone(st *state) {
	if len(s.noTarget) == 0 {
		return
	}
	rels, _ := st.m.Relationships()
	for _, r := range rels {
		if r.Kind == mapper.ManyToOne {
			delete(s.noTarget, memberKey{st, r})
		}
	}
}

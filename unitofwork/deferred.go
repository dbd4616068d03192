package unitofwork

import (
	"context"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// A deferred column (the tag's deferred: large text, a blob) is left out
// of the session's SELECTs: its field stays zero, and so does its
// snapshot, so the flush writes it only if the program sets it. Load with
// the field's name reads it for a slice of objects in one query and makes
// it part of their snapshots; a value the program set before that is
// kept, and written by the next flush if it differs from the row's.
// Refresh unloads it again; Merge keeps a loaded value the merged object
// does not carry.

// loadDeferred reads column i of m for parents, objects of m the session
// holds, by their one-column keys.
func (s *Session) loadDeferred(ctx context.Context, m *mapper.Model, parents []any, i int) error {
	pk := m.PrimaryKey()
	if len(pk) != 1 {
		return &ObjectError{Type: m.Type().String(), Reason: "loading a deferred column needs a one-column primary key"}
	}
	t := m.Table()
	byKey := make(map[any]*state, len(parents))
	keys := make([]any, 0, len(parents))
	for _, p := range parents {
		st, ok := s.objects.get(p)
		if !ok || st.status != Persistent {
			continue
		}
		k := normKey(st.key.Value(0)) // the row's key, whatever the field holds now
		if _, dup := byKey[k]; !dup {
			byKey[k] = st
			keys = append(keys, k)
		}
	}
	chunk := s.keysPerQuery(len(keys))
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		q := expr.Select(t.Columns[pk[0]], t.Columns[i]).From(t).Where(s.where(m, t.Columns[pk[0]].In(s.shapedKeys(part)...))...)
		rows, err := engine.All(ctx, s.executor(), q, func(r *engine.Rows) (any, error) { return m.Row(r) })
		if err != nil {
			return err
		}
		for _, row := range rows {
			st := byKey[normKey(m.FieldValue(row, pk[0]))]
			if st == nil {
				continue
			}
			if err := s.takeColumn(st, row, i); err != nil {
				return err
			}
			s.markColumn(st, i)
		}
	}
	return nil
}

// takeColumn makes column i of row, a partial row of st's, st's: in its
// snapshot, and in the object unless the program set the field already.
func (s *Session) takeColumn(st *state, row any, i int) error {
	m := st.m
	v := m.FieldValue(row, i)
	set := !m.IsZero(st.obj, i) // the program's value, kept
	var mine any
	if set {
		mine = m.FieldValue(st.obj, i)
	}
	if err := m.SetField(st.obj, i, v); err != nil {
		return err
	}
	if err := m.SnapshotColumn(st.obj, &st.snap, i); err != nil {
		return err
	}
	if set {
		return m.SetField(st.obj, i, mine)
	}
	return nil
}

// keepDeferred returns, for Merge, a function that puts back into dst the
// deferred values the session had loaded where src, the merged object,
// leaves the field zero (not loaded there).
func keepDeferred(m *mapper.Model, src, dst any) func() {
	var saved map[int]any
	for i := range m.Table().Columns {
		if m.Deferred(i) && m.IsZero(src, i) && !m.IsZero(dst, i) {
			if saved == nil {
				saved = map[int]any{}
			}
			saved[i] = m.FieldValue(dst, i)
		}
	}
	return func() {
		for i, v := range saved {
			_ = m.SetField(dst, i, v)
		}
	}
}

// unloadDeferred sets obj's deferred fields back to zero: not loaded,
// as after a query.
func unloadDeferred(m *mapper.Model, obj any) error {
	for i := range m.Table().Columns {
		if m.Deferred(i) {
			if err := m.SetField(obj, i, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// colKey names one column of one object: a deferred column loaded.
type colKey struct {
	st  *state
	col int
}

// columnLoaded reports whether st's column i holds what its row holds (or
// the program's change to it): any column that is not deferred; a
// deferred one of an object the session did not read from a row — added
// by the program, inserted by the session — or one loaded since.
func (s *Session) columnLoaded(st *state, i int) bool {
	if !st.m.Deferred(i) || !st.fromRow {
		return true
	}
	_, ok := s.colsRead[colKey{st, i}]
	return ok
}

// markColumn records that st's deferred column i was loaded.
func (s *Session) markColumn(st *state, i int) {
	if !st.fromRow {
		return
	}
	if s.colsRead == nil {
		s.colsRead = map[colKey]struct{}{}
	}
	s.colsRead[colKey{st, i}] = struct{}{}
}

// unloadColumns records that st's values came from a row without its
// deferred columns (Refresh, a populating query).
func (s *Session) unloadColumns(st *state) {
	st.fromRow = true
	s.forgetColumns(st)
}

// forgetColumns drops the records of st's loaded deferred columns.
func (s *Session) forgetColumns(st *state) {
	if len(s.colsRead) == 0 {
		return
	}
	for i := range st.m.Table().Columns {
		if st.m.Deferred(i) {
			delete(s.colsRead, colKey{st, i})
		}
	}
}

// readColumns returns st's deferred columns loaded (nil for none), for
// an undo entry: its snapshot holds their values.
func (s *Session) readColumns(st *state) []int {
	if !st.fromRow || len(s.colsRead) == 0 {
		return nil
	}
	var read []int
	for i := range st.m.Table().Columns {
		if !st.m.Deferred(i) {
			continue
		}
		if _, ok := s.colsRead[colKey{st, i}]; ok {
			read = append(read, i)
		}
	}
	return read
}

// restoreColumns puts back, with a rollback's snapshot, which of st's
// deferred columns it holds loaded: those of an object not read from a
// row, or the columns read (see readColumns); the others were not in the
// snapshot, whatever was loaded since.
func (s *Session) restoreColumns(st *state, fromRow bool, read []int) {
	s.forgetColumns(st)
	st.fromRow = fromRow
	for _, i := range read {
		s.markColumn(st, i)
	}
}

// markCarried records as loaded the deferred columns of st whose values
// obj, an object Merge with NoLoad trusts as the row, carries; a zero
// value there is "not loaded", as after a query.
func (s *Session) markCarried(st *state, obj any) {
	for i := range st.m.Table().Columns {
		if st.m.Deferred(i) && !st.m.IsZero(obj, i) {
			s.markColumn(st, i)
		}
	}
}

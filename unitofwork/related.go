package unitofwork

import (
	"context"
	"reflect"

	"github.com/sqlforge/sqlforge/mapper"
)

// Related returns the relationship field named field of obj, a pending or
// persistent object of the session — or a deferred column's field —
// loading it first when it is not loaded: one query for this one object
// (after an autoflush), through the same loaders as SelectIn and Load, so
// that criteria, soft delete and the identity map apply. R is the field's
// type: *Target for a many-to-one, []*Target for a collection, the
// column's type for a deferred column; another type is an *ObjectError.
//
// Where the loading is strict for it (StrictLoading, Strict, lazy=raise;
// see ErrUnloaded) an unloaded field is an *UnloadedError naming the type
// and field, and no SQL is sent — except a many-to-one the session
// answers without SQL: its target in the identity map, which Related sets
// and returns, or a NULL foreign key, which is nil.
//
// A relationship is loaded when its field is set (a non-nil pointer or
// slice, even empty; see Loaded). Related on one object at a time is the
// lazy load Go cannot do on a field's read; a loop of them over a query's
// results is N+1 queries, which SelectIn or Load make one per path.
func Related[R any](ctx context.Context, s *Session, obj any, field string) (R, error) {
	var zero R
	if err := s.ready(); err != nil {
		return zero, err
	}
	defer s.leave()
	f, err := s.fieldOf(obj, field, "Related")
	if err != nil {
		return zero, err
	}
	if want := reflect.TypeFor[R](); f.typ() != want {
		return zero, &ObjectError{Type: f.st.m.Type().String(),
			Reason: "Related[" + want.String() + "] of field " + field + ", which is " + f.typ().String()}
	}
	if !f.loaded() {
		if err := s.lazyLoad(ctx, f); err != nil {
			return zero, err
		}
	}
	if f.r == nil {
		v, _ := f.st.m.FieldValue(obj, f.col).(R) // the type checked above
		return v, nil
	}
	return f.fv.Interface().(R), nil
}

// Loaded reports whether obj's relationship or column field is loaded.
// A relationship is loaded when its field is set — a non-nil pointer or
// slice, an empty one included (loaded, and empty) — or, for a
// many-to-one, when its foreign key is NULL (there is nothing to load),
// or when a load (SelectIn, Joined, Load, Related) found no target for
// the key it still holds: one the session's criteria or soft delete
// leave out (loaded, and nil; a rollback or Refresh forgets it). A
// deferred column is loaded once Load (or Related) has read it, for an
// object whose values did not come from a SELECT (added, or inserted by
// the session), and where Merge with NoLoad gave it a value; Refresh
// unloads it again, and a rollback puts back, with the values, whether
// it was loaded. Other columns are always
// loaded. obj must be a pending or persistent object of the session and
// field one of its type's fields, else the error is an *ObjectError.
func (s *Session) Loaded(obj any, field string) (bool, error) {
	if err := s.enter(); err != nil {
		return false, err
	}
	defer s.leave()
	f, err := s.fieldOf(obj, field, "Loaded")
	if err != nil {
		return false, err
	}
	return f.loaded(), nil
}

// touched is one field, named name, of one of the session's objects: a
// relationship r and its field fv, or else the column col.
type touched struct {
	s    *Session
	st   *state
	name string
	r    *mapper.Relationship
	fv   reflect.Value
	col  int
}

// typ is the Go type of f's field.
func (f touched) typ() reflect.Type {
	if f.r == nil {
		return f.st.m.FieldType(f.col)
	}
	return f.fv.Type()
}

// fieldOf finds field of obj for call, refusing objects that are not the
// session's pending or persistent ones and fields that are neither a
// column nor a relationship the loaders take.
func (s *Session) fieldOf(obj any, field, call string) (touched, error) {
	st, ok := s.objects.get(obj)
	if !ok || st.status != Pending && st.status != Persistent {
		return touched{}, &ObjectError{Type: typeName(reflect.TypeOf(obj)),
			Reason: call + " needs a pending or persistent object of the session"}
	}
	f := touched{s: s, st: st, name: field, col: -1}
	if i, ok := st.m.FieldColumn(field); ok {
		f.col = i
		return f, nil
	}
	r, err := relationshipNamed(st.m, field)
	if err != nil {
		return touched{}, err
	}
	l := loader{s: s, m: st.m, r: r}
	f.r = r
	if f.fv, err = l.field(obj); err != nil {
		return touched{}, err
	}
	return f, nil
}

// loaded reports whether f is loaded (see Session.Loaded).
func (f touched) loaded() bool {
	if f.r == nil {
		return f.s.columnLoaded(f.st, f.col)
	}
	if !f.fv.IsNil() {
		return true
	}
	return f.r.Kind == mapper.ManyToOne && (f.nullKey() || f.s.loadedNone(f.st, f.r))
}

// nullKey reports whether the foreign key of f, a many-to-one, is NULL
// (a nullzero field's zero value too): one NULL column of a composite
// key is enough, as no row can match it.
func (f touched) nullKey() bool {
	for _, i := range columnIndexes(f.st.m, f.r, false) {
		if f.st.m.IsNull(f.st.obj, i) {
			return true
		}
	}
	return false
}

// lazyLoad loads f, not loaded, for its one object, unless it is strict;
// a many-to-one target the identity map holds is set without SQL either
// way. The field (f.fv for a relationship) holds the result.
func (s *Session) lazyLoad(ctx context.Context, f touched) error {
	if f.r != nil && f.r.Kind == mapper.ManyToOne {
		if t := s.heldTarget(f.st, f.r); t != nil {
			f.fv.Set(reflect.ValueOf(t))
			return nil
		}
	}
	if s.strictFor(f.st, f.r) {
		return &UnloadedError{Type: f.st.m.Type().String(), Field: f.name}
	}
	if err := s.autoflush(ctx); err != nil {
		return err
	}
	return s.loadPath(ctx, f.st.m, []any{f.st.obj}, []string{f.name})
}

// heldTarget returns the session's object that st's many-to-one r points
// to by its foreign key, or nil when the identity map does not hold it.
func (s *Session) heldTarget(st *state, r *mapper.Relationship) any {
	tm := s.reg.Model(r.TargetType)
	if tm == nil {
		return nil
	}
	fk, ref := columnIndexes(st.m, r, false), columnIndexes(tm, r, true)
	if len(fk) != 1 || len(ref) != 1 {
		return nil
	}
	if st.m.IsNull(st.obj, fk[0]) {
		return nil
	}
	l := loader{s: s, m: st.m, tm: tm, r: r}
	return l.held(ref[0], normKey(st.m.FieldValue(st.obj, fk[0])))
}

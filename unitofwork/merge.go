package unitofwork

import (
	"context"
	"reflect"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/mapper"
)

// MergeOption changes how Merge finds the session's object.
type MergeOption interface{ applyMerge(*mergeConfig) }

type mergeConfig struct {
	noLoad bool
}

type mergeOptionFunc func(*mergeConfig)

func (f mergeOptionFunc) applyMerge(c *mergeConfig) { f(c) }

// NoLoad makes Merge trust the given object as the row's current state:
// no SELECT is sent, and the values copied are taken as what the
// database holds, so the next flush writes nothing for them. For objects
// known to be unchanged since they were read — from a cache, or another
// session that committed them. An object the session does not hold
// becomes persistent without its row being checked.
func NoLoad() MergeOption { return mergeOptionFunc(func(c *mergeConfig) { c.noLoad = true }) }

// Merge copies obj, a detached or transient object, onto the session's
// object for its primary key and returns that object; obj itself stays
// out of the session. The session's object is the one its identity map
// holds, or else the row loaded by key (after one autoflush, before any
// load: none runs between the loads of one graph); a row that
// does not exist, or a key the database is still to generate, gives a
// new pending copy of obj. The copied values are unflushed changes: the
// next flush UPDATEs the columns that differ.
//
// Relationships are merged along, as SQLAlchemy's merge cascade does: the
// objects obj's relationship fields point to are merged the same way and
// the session's object points to the session's copies of them. A nil
// slice is a collection that was not loaded and is left as it is; an
// empty one empties the session's collection (whose objects then become
// orphans, deleted by the flush where the relationship says
// delete-orphan). A nil many-to-one pointer leaves the session's pointer
// unless it contradicts the foreign key just copied, which then decides.
//
// On a versioned table an obj whose version differs from the session's
// object is refused with a *mapper.StaleError (ErrStale): its values were
// read before someone else's update and would overwrite it. Merging an
// object the session holds returns it unchanged, its relationships not
// followed. A Merge that fails after merging some objects of the graph
// leaves the session refusing work until Rollback, which puts them back.
func Merge[T any](ctx context.Context, s *Session, obj *T, opts ...MergeOption) (*T, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	defer s.leave()
	mg := merging{s: s, ctx: ctx, seen: map[any]any{}}
	for _, o := range opts {
		o.applyMerge(&mg.cfg)
	}
	// One autoflush before the loads, none between them: a flush in the
	// middle would write half of the merged graph.
	if !mg.cfg.noLoad && mg.loads(obj, map[any]bool{}) {
		if err := s.autoflush(ctx); err != nil {
			return nil, err
		}
	}
	dst, err := mg.merge(obj)
	if err != nil {
		if len(mg.seen) > 0 {
			// Objects before the failure were merged already: the
			// session refuses work until Rollback puts them back.
			s.failed = err
		}
		return nil, err
	}
	return dst.(*T), nil
}

// merging is one Merge call: the objects merged so far, by the object
// given, so that a graph with cycles (a parent and its children pointing
// back) is merged once per object.
type merging struct {
	s    *Session
	ctx  context.Context
	cfg  mergeConfig
	seen map[any]any
}

func (mg *merging) merge(obj any) (any, error) {
	if dst, ok := mg.seen[obj]; ok {
		return dst, nil
	}
	s := mg.s
	m, err := s.model(obj)
	if err != nil {
		return nil, err
	}
	if _, ok := s.objects.get(obj); ok {
		return obj, nil // the session's own: nothing to copy
	}
	dst, err := mg.columns(m, obj)
	if err != nil {
		return nil, err
	}
	mg.seen[obj] = dst
	return dst, mg.relationships(m, obj, dst)
}

// loads reports whether merging obj's graph loads a row: an object of it
// with a key the session does not hold.
func (mg *merging) loads(obj any, seen map[any]bool) bool {
	if seen[obj] {
		return false
	}
	seen[obj] = true
	s := mg.s
	m, err := s.model(obj)
	if err != nil {
		return false // Merge reports it
	}
	if _, ok := s.objects.get(obj); ok {
		return false
	}
	if !anyGeneratedKey(&state{obj: obj, m: m}) {
		if _, held := s.ids.Get(keyOf(m, obj)); !held {
			return true
		}
	}
	rels, _ := m.Relationships()
	for _, r := range rels {
		if r.Kind == mapper.OneToMany && r.Cascade.DeleteOrphan && !relField(obj, r).IsNil() {
			return true // its children may be loaded for a baseline
		}
		found := false
		_ = related(obj, r, func(target any) error {
			found = found || mg.loads(target, seen)
			return nil
		})
		if found {
			return true
		}
	}
	return false
}

// columns finds or makes the session's object for obj and copies obj's
// column values onto it.
func (mg *merging) columns(m *mapper.Model, obj any) (any, error) {
	s := mg.s
	var src mapper.Snapshot
	if err := m.Snapshot(obj, &src); err != nil {
		return nil, err
	}
	if anyGeneratedKey(&state{obj: obj, m: m}) {
		return mergeNew(s, m, &src)
	}
	k := keyOf(m, obj)
	st, held := s.ids.Get(k)
	if !held && mg.cfg.noLoad {
		inst := m.New()
		_ = m.Restore(inst, &src) // the same type: cannot fail
		inst = s.register(m, inst, false)
		if st := s.objects.at(inst); st != nil {
			s.markCarried(st, obj)
		}
		return inst, nil
	}
	if !held {
		// Marked rows too: a soft-deleted row is refused, not inserted
		// again as new.
		q := selectAll(m).Where(append(keyWhere(m, k), s.criteriaOf(m, true)...)...)
		row, found, err := engine.OneOrNone(mg.ctx, s.executor(), q, func(r *engine.Rows) (any, error) { return m.Row(r) })
		if err != nil {
			return nil, err
		}
		if !found {
			return mergeNew(s, m, &src)
		}
		if sd := m.SoftDelete(); sd >= 0 && !m.IsZero(row, sd) {
			return nil, &ObjectError{Type: m.Type().String(), Reason: "Merge onto a row marked deleted"}
		}
		s.register(m, row, false)
		st, _ = s.ids.Get(k)
	}
	if st.status == Deleted {
		return nil, &ObjectError{Type: m.Type().String(), Reason: "Merge onto an object deleted in the session"}
	}
	if v := m.Version(); v >= 0 && !sameValue(m.FieldValue(obj, v), m.FieldValue(st.obj, v)) {
		return nil, &mapper.StaleError{Table: m.Table().Name, Version: toInt64(deref(m.FieldValue(obj, v)))}
	}
	keep := keepDeferred(m, obj, st.obj)
	_ = m.Restore(st.obj, &src)
	keep()
	if mg.cfg.noLoad {
		_ = m.Snapshot(st.obj, &st.snap) // trusted as the row: no history
		s.markCarried(st, obj)
	}
	return st.obj, nil
}

// relationships merges the objects obj's relationship fields point to and
// points dst's fields to the session's copies (see Merge).
func (mg *merging) relationships(m *mapper.Model, obj, dst any) error {
	rels, err := m.Relationships()
	if err != nil {
		return err
	}
	for _, r := range rels {
		from, to := relField(obj, r), relField(dst, r)
		switch from.Kind() {
		case reflect.Pointer:
			if from.IsNil() {
				mg.unpoint(m, dst, r, to)
				continue
			}
			target, err := mg.merge(from.Interface())
			if err != nil {
				return err
			}
			to.Set(reflect.ValueOf(target))
		case reflect.Slice:
			if from.IsNil() || from.Type().Elem().Kind() != reflect.Pointer {
				continue // not loaded, or values without identity
			}
			if err := mg.baseline(m, dst, r, to); err != nil {
				return err
			}
			out := reflect.MakeSlice(from.Type(), 0, from.Len())
			for i := range from.Len() {
				if e := from.Index(i); !e.IsNil() {
					target, err := mg.merge(e.Interface())
					if err != nil {
						return err
					}
					out = reflect.Append(out, reflect.ValueOf(target))
				}
			}
			to.Set(out)
			mg.trust(dst, r)
		}
	}
	return nil
}

// baseline loads dst's delete-orphan collection r before the merge
// replaces it, when the session has not seen it: the children the merged
// collection leaves out are then orphans, as if the collection had been
// loaded and changed. (Many-to-many links need nothing: the flush reads
// the links of a collection it has not seen.)
func (mg *merging) baseline(m *mapper.Model, dst any, r *mapper.Relationship, to reflect.Value) error {
	if r.Kind != mapper.OneToMany || !r.Cascade.DeleteOrphan || !to.IsNil() || mg.cfg.noLoad {
		return nil // NoLoad: the merged collection is the baseline (see trust)
	}
	st, ok := mg.s.objects.get(dst)
	if !ok || st.status != Persistent {
		return nil
	}
	if _, seen := mg.s.members[memberKey{st, r}]; seen {
		return nil
	}
	tm := mg.s.reg.Model(r.TargetType)
	if tm == nil {
		return &ObjectError{Type: r.TargetType.String(), Reason: "type is not mapped in the session's registry"}
	}
	l := loader{s: mg.s, ctx: mg.ctx, m: m, tm: tm, r: r}
	_, err := l.oneToMany([]any{dst})
	return err
}

// trust records, under NoLoad, a merged delete-orphan collection as what
// the database holds, as NoLoad takes the columns: nothing is orphaned
// for children the given object did not carry.
func (mg *merging) trust(dst any, r *mapper.Relationship) {
	if !mg.cfg.noLoad || r.Kind != mapper.OneToMany || !r.Cascade.DeleteOrphan {
		return
	}
	if st, ok := mg.s.objects.get(dst); ok && st.status == Persistent {
		cur, _ := mg.s.collection(st, r)
		mg.s.setMembers(memberKey{st, r}, cur)
	}
}

// unpoint clears dst's many-to-one pointer when its target's key is not
// the foreign key obj's values just set, which the flush would otherwise
// overwrite with the target's key.
func (mg *merging) unpoint(m *mapper.Model, dst any, r *mapper.Relationship, to reflect.Value) {
	if r.Kind == mapper.ManyToOne && to.Kind() == reflect.Pointer && !to.IsNil() &&
		!mg.s.pointsByKey(m, dst, r, to.Interface()) {
		to.SetZero()
	}
}

// mergeNew adds a pending copy of the merged object's values.
func mergeNew(s *Session, m *mapper.Model, src *mapper.Snapshot) (any, error) {
	inst := m.New()
	_ = m.Restore(inst, src)
	if _, err := s.add(inst); err != nil {
		return nil, err
	}
	return inst, nil
}

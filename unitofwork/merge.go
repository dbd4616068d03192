package unitofwork

import (
	"context"

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

// Merge copies the column values of obj, a detached or transient object,
// onto the session's object for its primary key and returns that object;
// obj itself stays out of the session. The session's object is the one
// its identity map holds, or else the row loaded by key (after an
// autoflush); a row that does not exist, or a key the database is still
// to generate, gives a new pending copy of obj. The copied values are
// unflushed changes: the next flush UPDATEs the columns that differ.
//
// On a versioned table an obj whose version differs from the session's
// object is refused with a *mapper.StaleError (ErrStale): its values were
// read before someone else's update and would overwrite it. Merging an
// object the session holds returns it unchanged. Relationship fields are
// not copied or followed.
func Merge[T any](ctx context.Context, s *Session, obj *T, opts ...MergeOption) (*T, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	defer s.leave()
	var cfg mergeConfig
	for _, o := range opts {
		o.applyMerge(&cfg)
	}
	m, err := s.model(obj)
	if err != nil {
		return nil, err
	}
	if _, ok := s.objects[any(obj)]; ok {
		return obj, nil // the session's own: nothing to copy
	}
	var src mapper.Snapshot
	if err := m.Snapshot(obj, &src); err != nil {
		return nil, err
	}
	if anyGeneratedKey(&state{obj: obj, m: m}) {
		return mergeNew[T](s, m, &src)
	}
	k := keyOf(m, obj)
	st, held := s.ids.Get(k)
	if !held && cfg.noLoad {
		inst := m.New()
		_ = m.Restore(inst, &src) // the same type: cannot fail
		return s.register(m, inst, false).(*T), nil
	}
	if !held {
		if err := s.autoflush(ctx); err != nil {
			return nil, err
		}
		q := selectAll(m).Where(keyWhere(m, k)...)
		row, found, err := engine.OneOrNone(ctx, s.executor(), q, mapper.Row[*T])
		if err != nil {
			return nil, err
		}
		if !found {
			return mergeNew[T](s, m, &src)
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
	_ = m.Restore(st.obj, &src)
	if cfg.noLoad {
		_ = m.Snapshot(st.obj, &st.snap) // trusted as the row: no history
	}
	return st.obj.(*T), nil
}

// mergeNew adds a pending copy of the merged object's values.
func mergeNew[T any](s *Session, m *mapper.Model, src *mapper.Snapshot) (*T, error) {
	inst := m.New()
	_ = m.Restore(inst, src)
	if _, err := s.add(inst); err != nil {
		return nil, err
	}
	return inst.(*T), nil
}

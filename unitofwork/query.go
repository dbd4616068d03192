package unitofwork

import (
	"context"
	"reflect"
	"slices"
	"strconv"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/identity"
	"github.com/sqlforge/sqlforge/mapper"
)

// executor is where the session's statements run: its transaction once
// one is open, the engine before.
func (s *Session) executor() engine.Executor {
	if s.tx != nil {
		return s.tx
	}
	if s.e.HasReplicas() {
		return (*markedReader)(s) // see readwrites.go
	}
	return s.e
}

// autoflush flushes before a query unless switched off.
func (s *Session) autoflush(ctx context.Context) error {
	if !s.cfg.autoflush || autoflushOff(ctx) {
		return nil
	}
	return s.flush(ctx, true)
}

func modelFor[T any](s *Session) (*mapper.Model, error) {
	t := reflect.TypeFor[T]()
	m := s.reg.Model(t)
	if m == nil {
		return nil, &ObjectError{Type: t.String(), Reason: "type is not mapped in the session's registry"}
	}
	return m, nil
}

// Get returns the session's object of type T whose primary key is key:
// the key field's value (7 finds an int64 key; a value that would not fit
// is refused), or Key(a, b) for a composite key. An object the session
// holds is returned without SQL and without allocating; otherwise it is
// loaded, after an autoflush, and a row that does not exist is
// engine.ErrNoRows (sql.ErrNoRows), which the session does not remember.
func Get[T any, K comparable](ctx context.Context, s *Session, key K) (*T, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	defer s.leave()
	m, err := modelFor[T](s)
	if err != nil {
		return nil, err
	}
	k, err := lookupKey(m, key)
	if err != nil {
		return nil, err
	}
	if st, ok := s.ids.Get(k); ok {
		if st.status == Deleted {
			return nil, engine.ErrNoRows
		}
		return st.obj.(*T), nil
	}
	if err := s.autoflush(ctx); err != nil {
		return nil, err
	}
	q := selectAll(m).Where(s.where(m, keyWhere(m, k)...)...)
	obj, found, err := engine.OneOrNone(ctx, s.executor(), q, mapper.Row[*T])
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, engine.ErrNoRows
	}
	return s.register(m, obj, false).(*T), nil
}

// CompositeKey is the key of a row whose primary key has several columns;
// make one with Key.
type CompositeKey struct {
	values [identity.MaxKeyColumns]any
	n      int
}

// Key returns the composite key values, in key order, for Get.
func Key(values ...any) CompositeKey {
	var k CompositeKey
	k.n = copy(k.values[:], values)
	if len(values) > identity.MaxKeyColumns {
		k.n = len(values) // refused by Get
	}
	return k
}

// lookupKey makes the identity key of a Get. An int64 or string for a
// key field of that type — the usual call — is read without converting
// it to an interface that escapes, so a hit allocates nothing.
func lookupKey[K comparable](m *mapper.Model, key K) (identity.Key, error) {
	pk := m.PrimaryKey()
	if len(pk) == 1 {
		switch v := any(key).(type) {
		case int64:
			if m.FieldType(pk[0]) == int64Type {
				return identity.IntKey(m.Type(), v), nil
			}
		case string:
			if m.FieldType(pk[0]) == stringType {
				return identity.StringKey(m.Type(), v), nil
			}
		}
	}
	if ck, ok := any(key).(CompositeKey); ok {
		return convertedKey(m, ck.values[:min(ck.n, identity.MaxKeyColumns)], ck.n)
	}
	var one [1]any
	one[0] = key
	return convertedKey(m, one[:], 1)
}

var (
	int64Type  = reflect.TypeFor[int64]()
	stringType = reflect.TypeFor[string]()
)

// convertedKey makes an identity key from key values converted to the
// key fields' types, so that 7 finds int64(7).
func convertedKey(m *mapper.Model, key []any, n int) (identity.Key, error) {
	pk := m.PrimaryKey()
	if n != len(pk) {
		return identity.Key{}, &ObjectError{Type: m.Type().String(),
			Reason: "the primary key has " + itoa(len(pk)) + " columns; Get was given " + itoa(n) + " values"}
	}
	var buf [identity.MaxKeyColumns]any
	for j, i := range pk {
		v, ft := key[j], m.FieldType(i)
		if reflect.TypeOf(v) != ft {
			c, ok := convertKey(v, ft)
			if !ok {
				return identity.Key{}, &ObjectError{Type: m.Type().String(),
					Reason: "key value of type " + typeName(reflect.TypeOf(v)) + " for a key field of type " + ft.String()}
			}
			v = c
		}
		buf[j] = v
	}
	return identity.NewKey(m.Type(), buf[:len(pk)]...), nil
}

// convertKey converts a key value to the field's type when that loses
// nothing: an integer of another Go type that the field's type holds, a
// string of another named string type. Anything else — a float, an
// integer out of range, a number for a string key — is refused: a
// wrapped or truncated key would find another row.
func convertKey(v any, ft reflect.Type) (any, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil, false
	}
	out := reflect.New(ft).Elem()
	switch {
	case rv.CanInt() && out.CanInt():
		if out.OverflowInt(rv.Int()) {
			return nil, false
		}
		out.SetInt(rv.Int())
	case rv.CanUint() && out.CanInt():
		if rv.Uint() > uint64(1<<63-1) || out.OverflowInt(int64(rv.Uint())) {
			return nil, false
		}
		out.SetInt(int64(rv.Uint()))
	case rv.CanInt() && out.CanUint():
		if rv.Int() < 0 || out.OverflowUint(uint64(rv.Int())) {
			return nil, false
		}
		out.SetUint(uint64(rv.Int()))
	case rv.CanUint() && out.CanUint():
		if out.OverflowUint(rv.Uint()) {
			return nil, false
		}
		out.SetUint(rv.Uint())
	case rv.Kind() == reflect.String && out.Kind() == reflect.String:
		out.SetString(rv.String())
	default:
		return nil, false
	}
	return out.Interface(), true
}

// intKeyed reports whether m's objects are keyed by one int64 field: the
// identity map's integer maps, which can be reserved ahead.
func intKeyed(m *mapper.Model) bool {
	pk := m.PrimaryKey()
	return len(pk) == 1 && m.FieldType(pk[0]) == int64Type
}

// keyOf returns the identity key of obj from its key fields.
func keyOf(m *mapper.Model, obj any) identity.Key {
	pk := m.PrimaryKey()
	if len(pk) == 1 {
		if n, ok := m.FieldInt64(obj, pk[0]); ok {
			return identity.IntKey(m.Type(), n)
		}
		if str, ok := m.FieldString(obj, pk[0]); ok {
			return identity.StringKey(m.Type(), str)
		}
	}
	var buf [identity.MaxKeyColumns]any
	for j, i := range pk {
		buf[j] = m.FieldValue(obj, i)
	}
	return identity.NewKey(m.Type(), buf[:len(pk)]...)
}

// selectAll selects the mapped columns of m's table but the deferred
// ones, which Load reads when asked.
func selectAll(m *mapper.Model) *expr.SelectStmt { return m.Select() }

// keyWhere is the condition on m's key columns equal to k's values.
func keyWhere(m *mapper.Model, k identity.Key) []expr.Expr {
	cols := m.Table().Columns
	pk := m.PrimaryKey()
	conds := make([]expr.Expr, len(pk))
	for j, i := range pk {
		conds[j] = cols[i].Eq(k.Value(j))
	}
	return conds
}

// register makes a loaded object the session's: the object the session
// already holds for its row, refreshed when populate is set, or obj
// itself, now persistent.
func (s *Session) register(m *mapper.Model, obj any, populate bool) any {
	return s.registerWith(m, obj, populate, nil, nil)
}

// registerWith is register taking the new object's snapshot memory from
// snaps, the block of one query (see mapper.Model.NewSnapshots).
// New objects are appended to fresh, for the caller to claim together.
func (s *Session) registerWith(m *mapper.Model, obj any, populate bool, snaps *mapper.SnapshotBlock, fresh *[]any) any {
	st, isNew := s.registered(m, obj, populate, snaps)
	if !isNew {
		return st.obj
	}
	if fresh != nil {
		s.holdFresh(st) // claimed with the query's other new objects
		*fresh = append(*fresh, obj)
	} else {
		_ = s.hold(st) // a new object, read by this session: no one else has it
	}
	return obj
}

// registered returns the state of the object the session holds for
// obj's row (refreshed when populate is set), or, for a row it does not
// hold, a new state of obj, persistent and keyed, that the caller puts
// in the session.
func (s *Session) registered(m *mapper.Model, obj any, populate bool, snaps *mapper.SnapshotBlock) (st *state, isNew bool) {
	k := keyOf(m, obj)
	if st, ok := s.ids.Get(k); ok {
		if populate && st.status == Persistent {
			// The loaded values become the object's and its snapshot.
			if err := m.Snapshot(obj, &st.snap); err == nil {
				_ = m.Restore(st.obj, &st.snap)
				s.unloadColumns(st)
				s.forgetNone(st)
			}
		}
		return st, false
	}
	return s.newRow(m, obj, k, snaps), true
}

// newRow returns the new state of obj, a row the session does not hold
// whose key is k: persistent, snapshotted (in snaps' memory when it has
// some left) and in the identity map. The caller puts it in the session.
func (s *Session) newRow(m *mapper.Model, obj any, k identity.Key, snaps *mapper.SnapshotBlock) *state {
	s.seq++
	st := s.newState() // zero: the fields are set one by one, not the record copied whole
	st.obj, st.m, st.status, st.key, st.order, st.fromRow = obj, m, Persistent, k, s.seq, true
	if snaps != nil {
		snaps.Take(&st.snap)
	}
	_ = m.Snapshot(obj, &st.snap) // obj's type is m's: cannot fail
	s.ids.Put(k, st)
	return st
}

// All runs stmt, a query of T's columns (Mapping.Select and its
// refinements), after an autoflush, and returns the session's object for
// each row: one object per row, the one the session already holds when
// it holds one (not overwritten unless PopulateExisting is given).
func All[T any](ctx context.Context, s *Session, stmt expr.Statement, opts ...QueryOption) ([]*T, error) {
	return load(ctx, s, stmt, opts, func(ex engine.Executor, stmt expr.Statement) ([]*T, error) {
		return engine.All(ctx, ex, stmt, mapper.Row[*T])
	})
}

// One is All for a query that returns one row: engine.ErrNoRows when it
// returns none, engine.ErrTooManyRows when it returns more.
func One[T any](ctx context.Context, s *Session, stmt expr.Statement, opts ...QueryOption) (*T, error) {
	objs, err := load(ctx, s, stmt, opts, func(ex engine.Executor, stmt expr.Statement) ([]*T, error) {
		obj, err := engine.One(ctx, ex, stmt, mapper.Row[*T])
		if err != nil {
			return nil, err
		}
		return []*T{obj}, nil
	})
	if err != nil {
		return nil, err
	}
	switch {
	case len(objs) == 0: // a joined load finds no parent
		return nil, engine.ErrNoRows
	case len(objs) > 1:
		return nil, engine.ErrTooManyRows
	}
	return objs[0], nil
}

// load runs a query through the session: autoflush, then run, then each
// loaded object replaced by the session's object for its row.
func load[T any](ctx context.Context, s *Session, stmt expr.Statement, opts []QueryOption, run func(engine.Executor, expr.Statement) ([]*T, error)) ([]*T, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	defer s.leave()
	m, err := modelFor[T](s)
	if err != nil {
		return nil, err
	}
	var qc queryConfig
	for _, o := range opts {
		o.applyQuery(&qc)
	}
	if err := s.autoflush(ctx); err != nil {
		return nil, err
	}
	stmt, err = s.filtered(m, stmt, qc.withDeleted)
	if err != nil {
		return nil, err
	}
	var objs []*T
	if len(qc.joined) > 0 {
		objs, err = allJoined[T](ctx, s, m, stmt, &qc)
		if err != nil {
			return nil, err
		}
	} else {
		objs, err = run(s.executor(), stmt)
		if err != nil {
			return nil, err
		}
		registerAll(s, m, objs, qc.populate)
	}
	if len(qc.paths) > 0 {
		parents := make([]any, len(objs))
		for i, o := range objs {
			parents[i] = o
		}
		if err := s.loadPaths(ctx, m, parents, qc.paths); err != nil {
			return nil, err
		}
	}
	if qc.strict {
		markStrict(s, m, objs, qc.paths, qc.joined)
	}
	return objs, nil
}

// registerAll replaces each of objs, rows just loaded as objects of m
// (*T, or any holding one), with the session's object for its row (see
// registerWith), sizing the session's records for them at once.
func registerAll[T any](s *Session, m *mapper.Model, objs []T, populate bool) []T {
	if intKeyed(m) {
		s.ids.Reserve(m.Type(), len(objs))
	}
	if s.sorted != nil {
		s.sorted = slices.Grow(s.sorted, len(objs))
	}
	s.reserveStates(len(objs))
	// The new states come from block in order when it has room for all
	// (it has, but for a one-row result): the set holds them by runs.
	block := s.states
	byRuns := len(block) >= len(objs)
	snaps := m.NewSnapshots(len(objs))
	added := 0
	for i, obj := range objs {
		st, isNew := s.registered(m, any(obj), populate, &snaps)
		if isNew {
			added++
			s.sorted1(st)
			if !byRuns {
				s.objects.put(st)
			}
		}
		objs[i] = st.obj.(T)
	}
	if byRuns {
		s.objects.putRuns(block[:added])
	}
	// The objects are claimed together, those the session held already
	// with the new ones (see claimRuns).
	claimRuns(s, objs)
	return objs
}

// Refresh reloads obj, a persistent object, from its row, discarding its
// unflushed changes. A row that no longer exists is engine.ErrNoRows.
func (s *Session) Refresh(ctx context.Context, obj any) error {
	if err := s.ready(); err != nil {
		return err
	}
	defer s.leave()
	st, ok := s.objects.get(obj)
	if !ok || st.status != Persistent {
		t := reflect.TypeOf(obj)
		return &ObjectError{Type: typeName(t), Reason: "Refresh needs a persistent object of the session"}
	}
	rows, err := s.executor().Query(ctx, selectAll(st.m).Where(s.where(st.m, keyWhere(st.m, st.key)...)...))
	if err != nil {
		return err
	}
	if err := unloadDeferred(st.m, obj); err != nil {
		return err
	}
	s.unloadColumns(st)
	s.forgetNone(st)
	if err := st.m.Into(rows, obj); err != nil {
		return err
	}
	return st.m.Snapshot(obj, &st.snap)
}

func itoa(n int) string { return strconv.Itoa(n) }

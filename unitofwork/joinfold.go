package unitofwork

import (
	"reflect"

	"github.com/sqlforge/sqlforge/mapper"
)

// joinFold turns the rows of a joined load back into objects: one per
// row of each table, the session's where it holds one, linked along the
// plan's relationships.
type joinFold struct {
	s        *Session
	p        *joinPlan
	js       *mapper.JoinedScanner
	populate bool
	row      []any        // the current row's object of each part, or nil
	seq      int          // the session's sequence before the query
	seen     map[any]bool // objects held before the query that it met
	parents  []any        // the query's objects, in the order the rows name them
	roots    map[any]bool // the objects in parents
	lastRoot any
	fresh    [][]any                // each part's objects new to the session, claimed together
	snaps    []mapper.SnapshotBlock // each part's snapshot memory
	fills    map[fillKey]*fill
	order    []*fill          // fills in the order they were opened
	linked   map[linkKey]bool // targets a fill holds
}

// linkKey is a target held by a fill.
type linkKey struct {
	fill   *fill
	target any
}

// fillKey is one parent's relationship of one step.
type fillKey struct {
	parent any
	step   int
}

// fill is a relationship being filled: kept when the field was set
// before the query (the session keeps what it finds), else collecting
// the targets the rows name, each once.
type fill struct {
	parent  any
	step    *joinStep
	field   reflect.Value
	kept    bool
	targets []any
}

// fold reads the current row.
func (f *joinFold) fold() error {
	obj, _ := f.object(0)
	f.row[0] = obj
	// A parent's rows usually follow each other; one met before as a
	// related object (a self-referential path) is a parent all the same.
	if obj != f.lastRoot && !f.roots[obj] {
		f.roots[obj] = true
		f.parents = append(f.parents, obj)
	}
	f.lastRoot = obj
	for i := range f.p.steps {
		st := &f.p.steps[i]
		f.row[st.part] = nil
		parent := f.row[st.from]
		if parent == nil {
			continue
		}
		fl, err := f.fillOf(parent, i)
		if err != nil {
			return err
		}
		if !f.js.Present(st.part) {
			continue
		}
		target, _ := f.object(st.part)
		if target == nil {
			continue // deleted in the session
		}
		f.row[st.part] = target
		if !fl.kept && !f.linked[linkKey{fl, target}] {
			f.linked[linkKey{fl, target}] = true
			fl.targets = append(fl.targets, target)
		}
	}
	return nil
}

// object returns the session's object for part k of the current row —
// nil for a target the session holds as deleted — and whether this query
// met it first here.
func (f *joinFold) object(k int) (any, bool) {
	m := f.p.parts[k].Model
	cur := f.js.Current(k)
	key := keyOf(m, cur)
	if st, ok := f.s.ids.Get(key); ok {
		// An object registered by this query was met first when it was
		// registered; one held before is remembered in seen.
		if st.order > f.seq || f.seen[st.obj] {
			return f.live(k, st), false
		}
		if f.seen == nil {
			f.seen = map[any]bool{}
		}
		f.seen[st.obj] = true
		if f.populate {
			f.s.registerWith(m, cur, true, nil, nil) // copies cur's values onto st.obj
		}
		return f.live(k, st), true
	}
	obj := f.js.New(k)
	snaps := &f.snaps[k]
	if snaps.Left() == 0 {
		*snaps = m.NewSnapshots(snapshotChunk)
	}
	st := f.s.newRow(m, obj, key, snaps)
	f.s.holdFresh(st)
	f.fresh[k] = append(f.fresh[k], obj)
	return obj, true
}

// snapshotChunk is how many snapshots a joined load allocates at a time
// for one table: its row count is not known ahead.
const snapshotChunk = 64

// live returns st's object, or nil for a related object the session
// holds as deleted: the loaders leave those out. A parent the query
// returns is returned whatever its state, as All does.
func (f *joinFold) live(k int, st *state) any {
	if k > 0 && st.status == Deleted {
		return nil
	}
	return st.obj
}

// fillOf returns the fill of parent's relationship of step i, opening it
// at the parent's first row.
func (f *joinFold) fillOf(parent any, i int) (*fill, error) {
	key := fillKey{parent, i}
	if fl, ok := f.fills[key]; ok {
		return fl, nil
	}
	st := &f.p.steps[i]
	l := loader{s: f.s, m: st.m, tm: st.tm, r: st.r}
	fv, err := l.field(parent)
	if err != nil {
		return nil, err
	}
	fl := &fill{parent: parent, step: st, field: fv, kept: !fv.IsNil()}
	f.fills[key] = fl
	f.order = append(f.order, fl)
	return fl, nil
}

// finish sets the fields the query filled: a many-to-one to its target
// (nil stays nil when the row had none, loaded: see foundNone), a collection to its targets —
// empty, not nil, when there were none — and records the loaded
// collections as the flush's baseline.
func (f *joinFold) finish() {
	for _, fl := range f.order {
		if fl.kept {
			continue
		}
		if fl.step.r.Kind == mapper.ManyToOne {
			if len(fl.targets) > 0 {
				fl.field.Set(reflect.ValueOf(fl.targets[0]))
			} else {
				f.s.foundNone(fl.parent, fl.step.m, fl.step.r)
			}
			continue
		}
		set(fl.field, fl.targets)
		l := loader{s: f.s, m: fl.step.m, tm: fl.step.tm, r: fl.step.r}
		l.baseline(fl.parent)
	}
}

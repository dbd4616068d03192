package unitofwork

import (
	"context"
	"database/sql/driver"
	"math/bits"
	"reflect"
	"strings"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/identity"
	"github.com/sqlforge/sqlforge/mapper"
)

// Relationships are loaded explicitly, never on a field's first read (Go
// cannot intercept one): by a query option, SelectIn, or afterwards for a
// slice of objects, Load. Either runs one query per relationship of the
// path, whatever the number of objects — IN over the keys of the objects
// loaded at the step before, 500 keys a query, or one array parameter on
// PostgreSQL — so a page of 100 users with their orders and the orders'
// items is three queries, never 1 + 100 + 1,000.
//
// A field the session finds set — a non-nil pointer, a non-nil slice, even
// empty — is taken as loaded and kept, with its unflushed changes; the
// path goes on through what it holds. A collection loaded without rows is
// an empty, non-nil slice: loaded, and empty.

// inChunk is how many keys one IN list of a loader carries, where the
// dialect has no array parameters: SQLAlchemy's choice.
const inChunk = 500

// SelectIn loads, for the objects a query returns, the relationships
// along path — a relationship field name, or names joined by dots for
// the relationships of the related objects ("Comments.Author") — with one
// query per step. Give it once per path; paths that share a prefix load
// it once.
func SelectIn(path string) QueryOption {
	return queryOptionFunc(func(c *queryConfig) { c.paths = append(c.paths, path) })
}

// Load loads the relationships along each path (as SelectIn does) for
// objs, objects the session holds, with one query per step of each path
// after an autoflush. A path may also name a deferred column's field
// ("Body"): one query reads it for all of objs.
func Load[T any](ctx context.Context, s *Session, objs []*T, paths ...string) error {
	if err := s.ready(); err != nil {
		return err
	}
	defer s.leave()
	m, err := modelFor[T](s)
	if err != nil {
		return err
	}
	parents := make([]any, 0, len(objs))
	for _, o := range objs {
		if _, ok := s.objects.get(any(o)); !ok {
			return &ObjectError{Type: m.Type().String(), Reason: "Load needs objects the session holds"}
		}
		parents = append(parents, o)
	}
	if err := s.autoflush(ctx); err != nil {
		return err
	}
	return s.loadPaths(ctx, m, parents, paths)
}

// loadPaths loads each path for parents, objects of m.
func (s *Session) loadPaths(ctx context.Context, m *mapper.Model, parents []any, paths []string) error {
	for _, p := range paths {
		if err := s.loadPath(ctx, m, parents, strings.Split(p, ".")); err != nil {
			return err
		}
	}
	return nil
}

// loadPath loads the relationship named segs[0] of parents, then the rest
// of the path for the related objects.
func (s *Session) loadPath(ctx context.Context, m *mapper.Model, parents []any, segs []string) error {
	if len(parents) == 0 || len(segs) == 0 {
		return nil
	}
	parents = distinct(parents) // many children of one parent reach it once
	if i, ok := m.FieldColumn(segs[0]); ok && m.Deferred(i) && len(segs) == 1 {
		return s.loadDeferred(ctx, m, parents, i)
	}
	r, err := relationshipNamed(m, segs[0])
	if err != nil {
		return err
	}
	tm := s.reg.Model(r.TargetType)
	if tm == nil {
		return &ObjectError{Type: r.TargetType.String(), Reason: "type is not mapped in the session's registry"}
	}
	l := loader{s: s, ctx: ctx, m: m, tm: tm, r: r}
	var related []any
	switch r.Kind {
	case mapper.ManyToOne:
		related, err = l.manyToOne(parents)
	case mapper.OneToMany:
		related, err = l.oneToMany(parents)
	case mapper.ManyToMany:
		related, err = l.manyToMany(parents)
	}
	if err != nil {
		return err
	}
	return s.loadPath(ctx, tm, related, segs[1:])
}

// relationshipNamed returns m's relationship whose field is name.
func relationshipNamed(m *mapper.Model, name string) (*mapper.Relationship, error) {
	rels, err := m.Relationships()
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		if r.Field == name {
			return r, nil
		}
	}
	return nil, &ObjectError{Type: m.Type().String(), Reason: "no relationship field named " + name}
}

// loader loads one relationship r, from objects of m to objects of tm.
type loader struct {
	s     *Session
	ctx   context.Context
	m, tm *mapper.Model
	r     *mapper.Relationship
}

// field returns r's field of obj, checked to hold pointers: a struct held
// by value has no identity the session could share.
func (l *loader) field(obj any) (reflect.Value, error) {
	fv := relField(obj, l.r)
	if fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Pointer {
		return fv, nil
	}
	return fv, &ObjectError{Type: l.m.Type().String(),
		Reason: "relationship " + l.r.Field + " holds structs by value; loading needs pointers (*T or []*T)"}
}

// rows runs SELECT of tm's columns WHERE col IN keys, in chunks where the
// dialect needs them, and returns the session's object for each row.
func (l *loader) rows(col *expr.Column, keys []any, where ...expr.Expr) ([]any, error) {
	chunk := l.s.keysPerQuery(len(keys))
	var out []any
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		q := selectAll(l.tm).Where(l.s.where(l.tm, append([]expr.Expr{col.In(l.s.shapedKeys(part)...)}, where...)...)...)
		objs, err := engine.All(l.ctx, l.s.executor(), q, func(r *engine.Rows) (any, error) { return l.tm.Row(r) })
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = objs
		} else {
			out = append(out, objs...)
		}
	}
	// The session takes in the rows of all chunks at once: its records
	// grow once, not once per chunk.
	return registerAll(l.s, l.tm, out, false), nil
}

// shapedKeys returns keys, one chunk of an IN list, padded to a power of
// two by repeating the last key where the dialect binds each key alone:
// an IN list of another length is another statement shape, so loads of 3,
// 5 and 7 parents would otherwise each compile and cache a statement of
// their own. A repeated key matches the same rows.
func (s *Session) shapedKeys(keys []any) []any {
	d := s.e.Dialect()
	if len(keys) <= 1 || d.Features().Has(compile.ArrayBind) {
		return keys
	}
	n := 1 << bits.Len(uint(len(keys)-1))
	if n == len(keys) || n > d.MaxParams()/2 {
		return keys
	}
	out := make([]any, n)
	copy(out, keys)
	for i := len(keys); i < n; i++ {
		out[i] = keys[len(keys)-1]
	}
	return out
}

// keysPerQuery is how many of n keys one IN list of a loader carries: all
// of them where the dialect binds a list as one array, else inChunk, under
// the parameter limit.
func (s *Session) keysPerQuery(n int) int {
	d := s.e.Dialect()
	if d.Features().Has(compile.ArrayBind) {
		return max(n, 1)
	}
	return max(min(n, inChunk, d.MaxParams()), 1)
}

// oneKey returns the one column of a foreign key side, or an error for a
// composite key, which loaders do not take yet.
func (l *loader) oneKey(cols []int) (int, error) {
	if len(cols) != 1 {
		return 0, &ObjectError{Type: l.m.Type().String(),
			Reason: "relationship " + l.r.Field + " has a composite foreign key; loading it is not supported"}
	}
	return cols[0], nil
}

// manyToOne points each parent to its target: from the identity map when
// the session holds it, else from one query over the missing keys.
func (l *loader) manyToOne(parents []any) ([]any, error) {
	fk, err := l.oneKey(columnIndexes(l.m, l.r, false))
	if err != nil {
		return nil, err
	}
	ref, _ := l.oneKey(columnIndexes(l.tm, l.r, true))
	byKey := map[relKey]any{}
	var missing []any
	var related []any
	for _, p := range parents {
		fv, err := l.field(p)
		if err != nil {
			return nil, err
		}
		if !fv.IsNil() {
			related = append(related, fv.Interface())
			continue
		}
		k, ok := keyAt(l.m, p, fk)
		if !ok {
			continue // no target: NULL (nullzero's 0 too) is not a key to look for
		}
		if _, ok := byKey[k]; ok {
			continue
		}
		byKey[k] = nil
		if t := l.held(ref, k.value()); t != nil {
			byKey[k] = t
			continue
		}
		missing = append(missing, k.value())
	}
	if len(missing) > 0 {
		objs, err := l.rows(l.tm.Table().Columns[ref], missing)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if k, ok := keyAt(l.tm, o, ref); ok {
				byKey[k] = o
			}
		}
	}
	for _, p := range parents {
		fv, _ := l.field(p)
		if !fv.IsNil() {
			continue
		}
		k, ok := keyAt(l.m, p, fk)
		if t := byKey[k]; ok && t != nil {
			fv.Set(reflect.ValueOf(t))
			related = append(related, t)
		} else {
			l.s.foundNone(p, l.m, l.r)
		}
	}
	return related, nil
}

// oneToMany fills each parent's collection with the rows that refer to
// it, from one query over the parents' keys.
func (l *loader) oneToMany(parents []any) ([]any, error) {
	ref, err := l.oneKey(columnIndexes(l.m, l.r, true))
	if err != nil {
		return nil, err
	}
	fk, _ := l.oneKey(columnIndexes(l.tm, l.r, false))
	c, err := l.collect(parents, ref)
	if err != nil {
		return nil, err
	}
	var kids []any
	if len(c.keys) > 0 {
		if kids, err = l.rows(l.tm.Table().Columns[fk], c.keys); err != nil {
			return nil, err
		}
	}
	return c.fill(kids, func(i int) int32 { return c.groupOf(keyAt(l.tm, kids[i], fk)) }), nil
}

// held returns the session's object of tm whose column ref — the key —
// is k, or nil: a target the identity map answers needs no SQL.
func (l *loader) held(ref int, k any) any {
	pk := l.tm.PrimaryKey()
	if len(pk) != 1 || pk[0] != ref {
		return nil
	}
	ik, err := convertedKey(l.tm, []any{k}, 1)
	if err != nil {
		return nil
	}
	if st, ok := l.s.ids.Get(ik); ok && st.status != Deleted {
		return st.obj
	}
	return nil
}

// normKey is a key value as a map key that matches however the field that
// held it was typed: dereferenced, a driver.Valuer (sql.NullInt64) as the
// value it binds, integers as int64, strings as string.
func normKey(v any) any {
	v = deref(v)
	if vr, ok := v.(driver.Valuer); ok {
		// A sql.Null type, or another Valuer: the value it binds
		// compares with the target's key, whatever type holds that.
		dv, err := vr.Value()
		if err != nil {
			return nil
		}
		v = dv
	}
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return rv.Int()
	case rv.CanUint() && rv.Uint() <= 1<<63-1:
		return int64(rv.Uint())
	case rv.Kind() == reflect.String:
		return rv.String()
	}
	return v
}

// manyToMany fills each parent's collection through the association
// table: one query for the links, one for the targets the session does
// not hold.
func (l *loader) manyToMany(parents []any) ([]any, error) {
	ref, err := l.oneKey(columnIndexes(l.m, l.r, true))
	if err != nil {
		return nil, err
	}
	r := l.r
	if len(r.ForeignKey.Columns) != 1 || len(r.TargetForeignKey.Columns) != 1 {
		return nil, &ObjectError{Type: l.m.Type().String(),
			Reason: "relationship " + r.Field + " has a composite foreign key; loading it is not supported"}
	}
	srcCol, dstCol := r.ForeignKey.Columns[0], r.TargetForeignKey.Columns[0]
	tref, _ := l.tm.ColumnIndex(r.TargetForeignKey.RefColumns[0])
	c, err := l.collect(parents, ref)
	if err != nil {
		return nil, err
	}
	keys := c.keys
	// The links, scanned into the key fields' types so that they compare
	// with the keys the objects hold.
	type link struct{ src, dst any }
	var links []link
	chunk := l.s.keysPerQuery(len(keys))
	srcType, dstType := l.m.FieldType(ref), l.tm.FieldType(tref)
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		q := expr.Select(srcCol, dstCol).From(r.Through).Where(srcCol.In(l.s.shapedKeys(part)...))
		got, err := engine.All(l.ctx, l.s.executor(), q, func(rs *engine.Rows) (link, error) {
			a, b := reflect.New(srcType), reflect.New(dstType)
			err := rs.Scan(a.Interface(), b.Interface())
			return link{normKey(a.Elem().Interface()), normKey(b.Elem().Interface())}, err
		})
		if err != nil {
			return nil, err
		}
		links = append(links, got...)
	}
	// The targets, by key: the session's objects where it holds them.
	byKey := map[any]any{}
	var missing []any
	for _, ln := range links {
		if _, ok := byKey[ln.dst]; ok {
			continue
		}
		byKey[ln.dst] = nil
		if t := l.held(tref, ln.dst); t != nil {
			byKey[ln.dst] = t
			continue
		}
		missing = append(missing, ln.dst)
	}
	if len(missing) > 0 {
		objs, err := l.rows(l.tm.Table().Columns[tref], missing)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			byKey[normKey(l.tm.FieldValue(o, tref))] = o
		}
	}
	targets := make([]any, len(links))
	for i, ln := range links {
		targets[i] = byKey[ln.dst]
	}
	return c.fill(targets, func(i int) int32 {
		if targets[i] == nil {
			return -1
		}
		return c.groupOf(relKeyOf(links[i].src))
	}), nil
}

// baseline records, for a collection just loaded, what the database
// holds: the flush compares with it to find orphans and links to drop.
func (l *loader) baseline(parent any) {
	if l.r.Kind == mapper.OneToMany && !l.r.Cascade.DeleteOrphan {
		return // nothing to compare with
	}
	st, ok := l.s.objects.get(parent)
	if !ok {
		return
	}
	key := memberKey{st, l.r}
	switch l.r.Kind {
	case mapper.OneToMany:
		if l.r.Cascade.DeleteOrphan {
			cur, _ := l.s.collection(st, l.r)
			l.s.setMembers(key, cur)
		}
	case mapper.ManyToMany:
		if cur, loaded := l.s.linkKeys(st, l.r); loaded {
			if l.s.links == nil {
				l.s.links = map[memberKey]map[identity.Key]bool{}
			}
			l.s.links[key] = keysOf(cur)
		}
	}
}

// set makes fv, a []*T field, hold objs: a new, non-nil slice (empty when
// there are none: loaded, and empty).
func set(fv reflect.Value, objs []any) {
	out := reflect.MakeSlice(fv.Type(), 0, len(objs))
	for _, o := range objs {
		out = reflect.Append(out, reflect.ValueOf(o))
	}
	fv.Set(out)
}

// appendElems appends the non-nil elements of fv, a pointer or a slice of
// pointers, to out.
func appendElems(out []any, fv reflect.Value) []any {
	if fv.Kind() == reflect.Pointer {
		return append(out, fv.Interface())
	}
	for i := range fv.Len() {
		if e := fv.Index(i); !e.IsNil() {
			out = append(out, e.Interface())
		}
	}
	return out
}

// distinct drops repeated objects from objs, keeping the first of each.
func distinct(objs []any) []any {
	seen := make(map[any]bool, len(objs))
	out := objs[:0:0]
	for _, o := range objs {
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}

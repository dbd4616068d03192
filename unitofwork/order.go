package unitofwork

import (
	"cmp"
	"reflect"
	"slices"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/identity"
)

// tableOrder orders the tables of a flush so that a table comes after the
// tables its foreign keys reference (parents are inserted first, and
// deleted last). Ties go by table name, so the order is the same every
// time. The foreign keys in skip (post-update relationships) are set by
// an UPDATE after the inserts and do not order. A cycle between tables is
// a *CycleError.
func tableOrder(work map[*expr.Table]*tableWork, skip map[*expr.ForeignKey]bool) ([]*tableWork, error) {
	tables := make([]*expr.Table, 0, len(work))
	for t := range work {
		tables = append(tables, t)
	}
	slices.SortFunc(tables, func(a, b *expr.Table) int { return cmp.Compare(a.Name, b.Name) })
	deps := func(t *expr.Table) []*expr.Table {
		var out []*expr.Table
		for _, fk := range t.ForeignKeys {
			if r := fk.RefTable; r != nil && r != t && work[r] != nil && !skip[fk] && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
		return out
	}
	done := map[*expr.Table]bool{}
	order := make([]*tableWork, 0, len(tables))
	for len(order) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t] {
				continue
			}
			ready := true
			for _, d := range deps(t) {
				if !done[d] {
					ready = false
					break
				}
			}
			if ready {
				done[t], progress = true, true
				order = append(order, work[t])
			}
		}
		if !progress {
			for _, t := range tables {
				if !done[t] {
					return nil, &CycleError{Table: t.Name}
				}
			}
		}
	}
	return order, nil
}

// selfForeignKeys returns the foreign keys of t that reference t.
func selfForeignKeys(t *expr.Table) []*expr.ForeignKey {
	var out []*expr.ForeignKey
	for _, fk := range t.ForeignKeys {
		if fk.RefTable == t {
			out = append(out, fk)
		}
	}
	return out
}

// selfDeleteOrder orders the deletes of a table that references itself
// so that a row goes before the row its foreign key points to (children
// first), by the foreign-key values the objects hold.
func selfDeleteOrder(tw *tableWork) ([]*state, error) {
	fks := selfForeignKeys(tw.m.Table())
	if len(fks) == 0 || len(tw.deletes) < 2 {
		return tw.deletes, nil
	}
	m := tw.m
	byKey := map[identity.Key]*state{}
	for _, st := range tw.deletes {
		byKey[st.key] = st
	}
	parents := map[*state][]*state{}
	for _, st := range tw.deletes {
		for _, fk := range fks {
			var buf [identity.MaxKeyColumns]any
			if len(fk.Columns) != len(m.PrimaryKey()) || len(fk.Columns) > identity.MaxKeyColumns {
				continue
			}
			null := false
			for j, c := range fk.Columns {
				i, _ := m.ColumnIndex(c)
				v := deref(m.FieldValue(st.obj, i))
				if v == nil {
					null = true
					break
				}
				// In the key field's Go type, as keyOf makes keys: a
				// *int64 parent key names an ID-typed primary key.
				if ft := m.FieldType(m.PrimaryKey()[j]); reflect.TypeOf(v) != ft {
					if c, ok := convertKey(v, ft); ok {
						v = c
					}
				}
				buf[j] = v
			}
			if null {
				continue
			}
			if p, ok := byKey[identity.NewKey(m.Type(), buf[:len(fk.Columns)]...)]; ok && p != st {
				parents[st] = append(parents[st], p)
			}
		}
	}
	// Children first: a row is deleted once every row pointing to it is.
	children := map[*state]int{}
	for _, ps := range parents {
		for _, p := range ps {
			children[p]++
		}
	}
	out := make([]*state, 0, len(tw.deletes))
	placed := map[*state]bool{}
	for len(out) < len(tw.deletes) {
		progress := false
		for _, st := range tw.deletes {
			if placed[st] || children[st] > 0 {
				continue
			}
			placed[st], progress = true, true
			out = append(out, st)
			for _, p := range parents[st] {
				children[p]--
			}
		}
		if !progress {
			return nil, &CycleError{Table: m.Table().Name}
		}
	}
	return out, nil
}

// deref returns the target of a non-nil pointer, nil for a nil one, and
// other values as they are.
func deref(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer {
		return v
	}
	if rv.IsNil() {
		return nil
	}
	return rv.Elem().Interface()
}

// sameValue compares two key or foreign-key values, integers by value
// whatever their Go types.
func sameValue(a, b any) bool {
	a, b = deref(a), deref(b)
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if ra.CanInt() && rb.CanInt() {
		return ra.Int() == rb.Int()
	}
	if ra.Type() != rb.Type() || !ra.Type().Comparable() {
		return false
	}
	return a == b
}

package unitofwork

import (
	"errors"
	"reflect"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/identity"
	"github.com/sqlforge/sqlforge/mapper"
)

// A many-to-many relationship's links are rows of its association table.
// The session remembers, per loaded collection, the keys of the targets
// linked at the last flush (or read from the association table when a
// persistent object's collection is seen for the first time) and writes
// the difference: an INSERT per new link, a DELETE per removed one.

// linkKeys returns the identity keys of the targets in parent's
// collection r, and whether the collection is loaded. Targets are the
// session's objects with keys by the time links are written.
func (s *Session) linkKeys(parent *state, r *mapper.Relationship) (map[identity.Key]*state, bool) {
	kids, loaded := s.collection(parent, r)
	if !loaded {
		return nil, false
	}
	out := make(map[identity.Key]*state, len(kids))
	for _, kid := range kids {
		out[keyOf(kid.m, kid.obj)] = kid
	}
	return out, true
}

// writeLinks inserts and deletes the association rows of every loaded
// many-to-many collection of the session's live objects, after their
// rows are inserted.
func (f *flush) writeLinks() error {
	s := f.s
	return s.eachRel(mapper.ManyToMany, func(p *state, r *mapper.Relationship) error {
		cur, loaded := s.linkKeys(p, r)
		if !loaded {
			return nil
		}
		key := memberKey{p, r}
		base, known := s.links[key]
		if !known && p.status == Persistent && !f.insertedSet()[p] {
			var err error
			if base, err = f.readLinks(p, r); err != nil {
				return err
			}
		}
		kids, _ := s.collection(p, r) // in the collection's order
		var added []*state
		seen := make(map[identity.Key]bool, len(kids))
		for _, kid := range kids {
			if k := keyOf(kid.m, kid.obj); !base[k] && !seen[k] {
				seen[k] = true
				added = append(added, kid)
			}
		}
		if err := f.link(p, added, r); err != nil {
			return err
		}
		for k := range base {
			if _, ok := cur[k]; !ok {
				if err := f.unlinkKey(p, k, r); err != nil {
					return err
				}
			}
		}
		f.newLinks[key] = keysOf(cur)
		return nil
	})
}

// linksChanged reports whether a loaded many-to-many collection differs
// from its last flush, or has never been compared with the database.
func (f *flush) linksChanged() bool {
	s := f.s
	errChanged := errors.New("changed")
	err := s.eachRel(mapper.ManyToMany, func(p *state, r *mapper.Relationship) error {
		cur, loaded := s.linkKeys(p, r)
		if !loaded {
			return nil
		}
		base, known := s.links[memberKey{p, r}]
		if !known || len(base) != len(cur) {
			return errChanged
		}
		for k := range cur {
			if !base[k] {
				return errChanged
			}
		}
		return nil
	})
	return err != nil
}

func keysOf(m map[identity.Key]*state) map[identity.Key]bool {
	out := make(map[identity.Key]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// linkCols returns the association table's columns and the values for
// the link between parent and the target with key values tvals.
func linkRow(p *state, r *mapper.Relationship, tvals []any) ([]*expr.Column, []any) {
	var cols []*expr.Column
	var vals []any
	for j, c := range r.ForeignKey.Columns {
		ri, _ := p.m.ColumnIndex(r.ForeignKey.RefColumns[j])
		cols, vals = append(cols, c), append(vals, p.m.FieldValue(p.obj, ri))
	}
	for j, c := range r.TargetForeignKey.Columns {
		cols, vals = append(cols, c), append(vals, tvals[j])
	}
	return cols, vals
}

// targetValues returns the values of the target key columns that r's
// association table refers to, from the target's identity key (the
// association table refers to the target's primary key).
func targetValues(k identity.Key) []any {
	out := make([]any, k.Len())
	for j := range out {
		out[j] = k.Value(j)
	}
	return out
}

// link inserts the association rows between p and kids, in multi-row
// INSERTs under the parameter limit.
func (f *flush) link(p *state, kids []*state, r *mapper.Relationship) error {
	if len(kids) == 0 {
		return nil
	}
	width := len(r.ForeignKey.Columns) + len(r.TargetForeignKey.Columns)
	per := max(1, f.s.e.Dialect().MaxParams()/width)
	for start := 0; start < len(kids); start += per {
		part := kids[start:min(start+per, len(kids))]
		var ins *expr.InsertStmt
		for _, kid := range part {
			cols, vals := linkRow(p, r, targetValues(keyOf(kid.m, kid.obj)))
			if ins == nil {
				ins = expr.Insert(r.Through).Columns(cols...)
			}
			ins.Values(vals...)
		}
		if _, err := f.s.tx.Exec(f.ctx, ins); err != nil {
			return err
		}
	}
	count(&f.ev.Inserts, r.Through.Name, len(kids))
	return nil
}

// unlinkKey deletes the association row between p and the target with
// key k.
func (f *flush) unlinkKey(p *state, k identity.Key, r *mapper.Relationship) error {
	cols, vals := linkRow(p, r, targetValues(k))
	conds := make([]expr.Expr, len(cols))
	for i, c := range cols {
		conds[i] = c.Eq(vals[i])
	}
	if _, err := f.s.tx.Exec(f.ctx, expr.Delete(r.Through).Where(conds...)); err != nil {
		return err
	}
	count(&f.ev.Deletes, r.Through.Name, 1)
	return nil
}

// readLinks reads the keys of the targets p is linked to through r.
func (f *flush) readLinks(p *state, r *mapper.Relationship) (map[identity.Key]bool, error) {
	tm := f.s.reg.Model(r.TargetType)
	if tm == nil {
		return nil, &ObjectError{Type: r.TargetType.String(), Reason: "type is not mapped in the session's registry"}
	}
	cols, vals := linkRow(p, r, make([]any, len(r.TargetForeignKey.Columns)))
	n := len(r.ForeignKey.Columns)
	conds := make([]expr.Expr, n)
	for i := range n {
		conds[i] = cols[i].Eq(vals[i])
	}
	items := make([]expr.Expr, len(r.TargetForeignKey.Columns))
	for j, c := range r.TargetForeignKey.Columns {
		items[j] = c
	}
	q := expr.Select(items...).From(r.Through)
	if crit := f.s.criteria(tm); len(crit) > 0 {
		// Links to rows the criteria hide are not the session's to see,
		// nor to drop: the baseline holds the visible ones, as a
		// loader's does.
		fk := r.TargetForeignKey
		on := make([]expr.Expr, len(fk.Columns))
		for j, c := range fk.Columns {
			on[j] = c.Eq(fk.RefColumns[j])
		}
		q = q.Join(tm.Table(), expr.And(on...))
		conds = append(conds, crit...)
	}
	rows, err := f.s.tx.Query(f.ctx, q.Where(conds...))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[identity.Key]bool{}
	pk := tm.PrimaryKey()
	for rows.Next() {
		dst := make([]any, len(items))
		ptrs := make([]any, len(items))
		for j := range dst {
			// Scan into the key fields' own types, so the keys compare
			// equal to the identity keys of the target objects.
			ptrs[j] = newOf(tm.FieldType(pk[j]))
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for j := range dst {
			dst[j] = elemOf(ptrs[j])
		}
		out[identity.NewKey(tm.Type(), dst...)] = true
	}
	return out, rows.Err()
}

// unlinkAll deletes every association row of a deleted object, before
// the object's own DELETE.
func (f *flush) unlinkAll(st *state) error {
	if st.m.SoftDelete() >= 0 {
		return nil // the row stays: so do its links
	}
	rels, err := st.m.Relationships()
	if err != nil {
		return err
	}
	for _, r := range rels {
		if r.Kind != mapper.ManyToMany {
			continue
		}
		cols, vals := linkRow(st, r, make([]any, len(r.TargetForeignKey.Columns)))
		conds := make([]expr.Expr, len(r.ForeignKey.Columns))
		for i := range conds {
			conds[i] = cols[i].Eq(vals[i])
		}
		res, err := f.s.tx.Exec(f.ctx, expr.Delete(r.Through).Where(conds...))
		if err != nil {
			return err
		}
		if res.RowsAffected > 0 {
			count(&f.ev.Deletes, r.Through.Name, int(res.RowsAffected))
		}
	}
	return nil
}

// newOf returns a pointer to a new zero value of t, to scan into.
func newOf(t reflect.Type) any { return reflect.New(t).Interface() }

// elemOf returns the value p points to.
func elemOf(p any) any { return reflect.ValueOf(p).Elem().Interface() }

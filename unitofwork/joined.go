package unitofwork

import (
	"context"
	"strings"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Joined loads, with the rows of the query itself, the relationships
// along path ("Orders.Items"): one statement, whatever the depth. Each
// relationship is a LEFT OUTER JOIN — so Joined never changes which rows
// the query returns — and the rows are folded back into one object per
// row of each table, through the identity map: a user repeated on fifty
// rows is one object.
//
// The joined tables take aliases of their own, so a condition of the
// query on another table keeps its meaning (and must join that table
// itself) rather than filtering the loaded collections. The session's
// criteria of a joined type, soft delete included, are applied in a
// derived table: (SELECT ... FROM users WHERE <criteria>) AS alias.
//
// The price of one round trip is width: a parent's columns travel once
// per row of its children, and sibling collections multiply
// (Joined("Orders") with Joined("Labels") reads orders × labels rows per
// user). Joined suits many-to-one relationships and small collections;
// SelectIn suits large ones. A query with LIMIT or OFFSET that joins a
// collection is wrapped, so that the limit counts parents, not rows: its
// ORDER BY may then use the type's selected columns only. A locking read
// (FOR UPDATE, FOR SHARE) is refused: it would lock the joined rows too,
// and PostgreSQL refuses it on an outer join.
//
// The path is followed through the rows: a relationship field the
// session finds set is kept, but, unlike SelectIn, the path goes on
// through the objects the rows name, which differ only when a change to
// the field has not been flushed (autoflush off).
func Joined(path string) QueryOption {
	return queryOptionFunc(func(c *queryConfig) { c.joined = append(c.joined, path) })
}

// joinStep is one relationship of a joined load: it fills part, from the
// objects of part from.
type joinStep struct {
	from, part int
	r          *mapper.Relationship
	m, tm      *mapper.Model
}

// joinPlan is a joined statement and how to read its rows.
type joinPlan struct {
	stmt  *expr.SelectStmt
	parts []mapper.JoinedPart
	steps []joinStep // steps[k-1] fills part k
}

// joinedError is the refusal of a statement Joined cannot extend.
func joinedError(m *mapper.Model, reason string) error {
	return &ObjectError{Type: m.Type().String(), Reason: "Joined: " + reason}
}

// planJoined extends sel, a query of m's columns, with the joins and
// columns of paths.
func (s *Session) planJoined(m *mapper.Model, sel *expr.SelectStmt, paths []string) (*joinPlan, error) {
	cl := sel.Clauses()
	if cl.Distinct || len(cl.DistinctOn) > 0 || len(cl.GroupBy) > 0 || len(cl.Having) > 0 || len(cl.With) > 0 {
		return nil, joinedError(m, "the query must be a plain SELECT of the type's columns (no DISTINCT, GROUP BY or WITH)")
	}
	if cl.Lock != nil {
		return nil, joinedError(m, "a locking read cannot be joined: lock the rows with a query of their own, or load with SelectIn")
	}
	var rootCols []int
	for _, it := range cl.Items {
		c, ok := it.(*expr.Column)
		if !ok || c.Table != m.Table() {
			return nil, joinedError(m, "the query must select the type's own columns")
		}
		i, _ := m.ColumnIndex(c)
		rootCols = append(rootCols, i)
	}
	p := &joinPlan{parts: []mapper.JoinedPart{{Model: m, Columns: rootCols}}}

	// The steps, sharing prefixes: "Orders" and "Orders.Items" join
	// orders once.
	type stepKey struct {
		from  int
		field string
	}
	index := map[stepKey]int{}
	for _, path := range paths {
		from, fm := 0, m
		for _, seg := range strings.Split(path, ".") {
			if k, ok := index[stepKey{from, seg}]; ok {
				from, fm = k, p.parts[k].Model
				continue
			}
			r, err := relationshipNamed(fm, seg)
			if err != nil {
				return nil, err
			}
			tm := s.reg.Model(r.TargetType)
			if tm == nil {
				return nil, &ObjectError{Type: r.TargetType.String(), Reason: "type is not mapped in the session's registry"}
			}
			k := len(p.parts)
			p.steps = append(p.steps, joinStep{from: from, part: k, r: r, m: fm, tm: tm})
			p.parts = append(p.parts, mapper.JoinedPart{Model: tm, Columns: unDeferred(tm)})
			index[stepKey{from, seg}] = k
			from, fm = k, tm
		}
	}

	stmt, root, err := s.joinedBase(m, sel, cl, p)
	if err != nil {
		return nil, err
	}
	tables := make([]*expr.Table, len(p.parts)) // each part's table as joined
	tables[0] = root
	for _, st := range p.steps {
		t := s.joinTarget(st)
		tables[st.part] = t
		src := tables[st.from]
		var on []expr.Expr
		fk := st.r.ForeignKey
		switch st.r.Kind {
		case mapper.ManyToOne:
			on, err = pairs(src, fk.Columns, t, fk.RefColumns)
		case mapper.OneToMany:
			on, err = pairs(t, fk.Columns, src, fk.RefColumns)
		case mapper.ManyToMany:
			th := st.r.Through.Alias("sqlforge_t" + itoa(st.part))
			var thOn []expr.Expr
			if thOn, err = pairs(th, fk.Columns, src, fk.RefColumns); err == nil {
				stmt = stmt.LeftJoin(th, expr.And(thOn...))
				on, err = pairs(t, st.r.TargetForeignKey.RefColumns, th, st.r.TargetForeignKey.Columns)
			}
		}
		if err != nil {
			return nil, joinedError(m, "the query must select the key columns the joins use: "+err.Error())
		}
		stmt = stmt.LeftJoin(t, expr.And(on...))
		for _, i := range p.parts[st.part].Columns {
			stmt = stmt.Columns(t.C(st.tm.Table().Columns[i].Name))
		}
	}
	p.stmt = stmt
	return p, nil
}

// joinedBase returns the statement the joins extend and the table its
// parents' columns are read from: sel itself, or — when sel pages its
// rows and a collection is joined — sel as a derived table, so that the
// page counts parents.
func (s *Session) joinedBase(m *mapper.Model, sel *expr.SelectStmt, cl expr.SelectClauses, p *joinPlan) (*expr.SelectStmt, *expr.Table, error) {
	paged := cl.Limit != nil || cl.Offset != nil
	collection := false
	for _, st := range p.steps {
		collection = collection || st.r.Kind != mapper.ManyToOne
	}
	if !paged || !collection {
		return sel.Clone(), m.Table(), nil
	}
	sub := sel.Subquery("sqlforge_parent")
	items := make([]expr.Expr, len(cl.Items))
	for i, it := range cl.Items {
		items[i] = sub.C(it.(*expr.Column).Name)
	}
	order := make([]expr.Expr, 0, len(cl.OrderBy))
	for _, ob := range cl.OrderBy {
		o, ok := ob.(*expr.Ordering)
		if !ok {
			o = &expr.Ordering{X: ob}
		}
		c, ok := o.X.(*expr.Column)
		var outer *expr.Column
		if ok && c.Table == m.Table() {
			outer, _ = sub.Lookup(c.Name)
		}
		if outer == nil {
			return nil, nil, joinedError(m, "a page joined with a collection is ordered in an outer query: ORDER BY the type's selected columns only, or use SelectIn")
		}
		order = append(order, &expr.Ordering{X: outer, Desc: o.Desc, Nulls: o.Nulls})
	}
	return expr.Select(items...).From(sub).OrderBy(order...), sub, nil
}

// joinTarget returns what step st joins: its table under an alias of
// its own, or, when the session has criteria for the table's type, the
// table filtered by them as a derived table under that alias — the
// criteria name the table's own columns, which the alias would hide.
func (s *Session) joinTarget(st joinStep) *expr.Table {
	t := st.tm.Table()
	alias := "sqlforge_j" + itoa(st.part)
	conds := s.criteria(st.tm)
	if len(conds) == 0 {
		return t.Alias(alias)
	}
	cols := make([]expr.Expr, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c
	}
	return expr.Select(cols...).From(t).Where(conds...).Subquery(alias)
}

// pairs returns a.cols[i] = b.refs[i] for each column pair, with the
// columns taken by name from the tables (or aliases, or derived tables)
// a and b.
func pairs(a *expr.Table, cols []*expr.Column, b *expr.Table, refs []*expr.Column) ([]expr.Expr, error) {
	out := make([]expr.Expr, len(cols))
	for i := range cols {
		ac, err := a.Lookup(cols[i].Name)
		if err != nil {
			return nil, err
		}
		bc, err := b.Lookup(refs[i].Name)
		if err != nil {
			return nil, err
		}
		out[i] = ac.Eq(bc)
	}
	return out, nil
}

// unDeferred returns the indexes of m's columns that are not deferred:
// those its queries select.
func unDeferred(m *mapper.Model) []int {
	cols := m.Table().Columns
	out := make([]int, 0, len(cols))
	for i := range cols {
		if !m.Deferred(i) {
			out = append(out, i)
		}
	}
	return out
}

// loadJoined runs p's statement and returns the parents, one object per
// row of m's table in the order the rows first name them, with the
// relationships of p filled.
func (s *Session) loadJoined(ctx context.Context, p *joinPlan, populate bool) ([]any, error) {
	rows, err := s.executor().Query(ctx, p.stmt)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	f := &joinFold{s: s, p: p, populate: populate, js: mapper.NewJoinedScanner(p.parts),
		row: make([]any, len(p.parts)), seq: s.seq, roots: map[any]bool{}, fills: map[fillKey]*fill{}, linked: map[linkKey]bool{}}
	f.fresh = make([][]any, len(p.parts))
	f.snaps = make([]mapper.SnapshotBlock, len(p.parts))
	defer func() { // what a failed load registered too
		for _, objs := range f.fresh {
			s.claimFresh(objs)
		}
	}()
	for rows.Next() {
		if err := f.js.Scan(rows); err != nil {
			return nil, err
		}
		if err := f.fold(); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	f.finish()
	return f.parents, nil
}

// allJoined runs stmt, a query of T's columns, extended with the joins of
// qc's Joined paths, and returns the session's objects for its parents.
func allJoined[T any](ctx context.Context, s *Session, m *mapper.Model, stmt expr.Statement, qc *queryConfig) ([]*T, error) {
	sel, ok := stmt.(*expr.SelectStmt)
	if !ok {
		return nil, joinedError(m, "the query must be a SELECT")
	}
	p, err := s.planJoined(m, sel, qc.joined)
	if err != nil {
		return nil, err
	}
	parents, err := s.loadJoined(ctx, p, qc.populate)
	if err != nil {
		return nil, err
	}
	objs := make([]*T, len(parents))
	for i, o := range parents {
		objs[i] = o.(*T)
	}
	return objs, nil
}

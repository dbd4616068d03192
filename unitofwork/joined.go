package unitofwork

import (
	"context"
	"strings"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Joined loads, with the rows of the query itself, the relationships
// along path ("Orders.Items"): one statement, whatever the depth. Each
// relationship is joined — LEFT OUTER JOIN, or INNER JOIN for a
// many-to-one whose foreign key cannot be NULL, reached through inner
// joins only — and the rows are folded back into one object per row of
// each table, through the identity map: a user repeated on fifty rows is
// one object.
//
// The price of one round trip is width: a parent's columns travel once
// per row of its children, and sibling collections multiply
// (Joined("Orders") with Joined("Labels") reads orders × labels rows per
// user). Joined suits many-to-one relationships and small collections;
// SelectIn suits large ones. A query with LIMIT or OFFSET that joins a
// collection is wrapped, so that the limit counts parents, not rows: its
// ORDER BY may then use the type's selected columns only.
//
// A table already in the statement is joined under an alias; such a
// table cannot take the session's criteria (ErrCriteria): load it with
// SelectIn.
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
	tables := []*expr.Table{m.Table()} // each part's table as joined
	names := map[string]bool{}
	for _, f := range cl.From {
		fromNames(f, names)
	}
	names[m.Table().Name] = true

	// The steps, sharing prefixes: "Orders" and "Orders.Items" join
	// orders once.
	type stepKey struct {
		from  int
		field string
	}
	index := map[stepKey]int{}
	inner := []bool{true} // part k reached through inner joins only
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
			tables = append(tables, nil)
			inner = append(inner, false)
			from, fm = k, tm
		}
	}

	stmt, root, err := s.joinedBase(m, sel, cl, p)
	if err != nil {
		return nil, err
	}
	tables[0] = root
	for _, st := range p.steps {
		t, err := s.joinStepTable(st, names)
		if err != nil {
			return nil, err
		}
		tables[st.part] = t
		src := tables[st.from]
		conds := s.criteria(st.tm)
		switch st.r.Kind {
		case mapper.ManyToOne:
			on := pairs(src, st.r.ForeignKey.Columns, t, st.r.ForeignKey.RefColumns)
			if inner[st.from] && len(conds) == 0 && notNull(st.r.ForeignKey.Columns) {
				inner[st.part] = true
				stmt = stmt.Join(t, expr.And(on...))
			} else {
				stmt = stmt.LeftJoin(t, expr.And(append(on, conds...)...))
			}
		case mapper.OneToMany:
			on := pairs(t, st.r.ForeignKey.Columns, src, st.r.ForeignKey.RefColumns)
			stmt = stmt.LeftJoin(t, expr.And(append(on, conds...)...))
		case mapper.ManyToMany:
			th := st.r.Through
			if names[th.Name] {
				th = th.Alias("sqlforge_j" + itoa(len(names)))
			}
			names[th.Name] = true
			stmt = stmt.LeftJoin(th, expr.And(pairs(th, st.r.ForeignKey.Columns, src, st.r.ForeignKey.RefColumns)...))
			on := pairs(t, st.r.TargetForeignKey.RefColumns, th, st.r.TargetForeignKey.Columns)
			stmt = stmt.LeftJoin(t, expr.And(append(on, conds...)...))
		}
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
			outer = sub.C(c.Name)
		}
		if outer == nil {
			return nil, nil, joinedError(m, "a page joined with a collection is ordered in an outer query: ORDER BY the type's selected columns only, or use SelectIn")
		}
		order = append(order, &expr.Ordering{X: outer, Desc: o.Desc, Nulls: o.Nulls})
	}
	return expr.Select(items...).From(sub).OrderBy(order...), sub, nil
}

// joinStepTable returns the table st joins: its own, or an alias when
// the statement already names it (a self-referential relationship, a
// table the query joins itself). An alias cannot take the session's
// criteria, which name the table's own columns.
func (s *Session) joinStepTable(st joinStep, names map[string]bool) (*expr.Table, error) {
	t := st.tm.Table()
	if names[t.Name] {
		if len(s.criteria(st.tm)) > 0 {
			return nil, ErrCriteria
		}
		t = t.Alias("sqlforge_j" + itoa(len(names)))
	}
	names[t.Name] = true
	return t, nil
}

// fromNames adds the names a FROM item takes in the statement.
func fromNames(f expr.FromItem, names map[string]bool) {
	switch x := f.(type) {
	case *expr.Table:
		names[x.Name] = true
	case *expr.JoinExpr:
		if x.Left != nil {
			fromNames(x.Left, names)
		}
		fromNames(x.Right, names)
	}
}

// pairs returns a.cols[i] = b.refs[i] for each column pair, with the
// columns taken from the tables (or aliases) a and b.
func pairs(a *expr.Table, cols []*expr.Column, b *expr.Table, refs []*expr.Column) []expr.Expr {
	out := make([]expr.Expr, len(cols))
	for i := range cols {
		out[i] = a.C(cols[i].Name).Eq(b.C(refs[i].Name))
	}
	return out
}

func notNull(cols []*expr.Column) bool {
	for _, c := range cols {
		if c.Nullable {
			return false
		}
	}
	return true
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
	f := joinFold{s: s, p: p, populate: populate, js: mapper.NewJoinedScanner(p.parts),
		row: make([]any, len(p.parts)), seq: s.seq, fills: map[fillKey]*fill{}, linked: map[linkKey]bool{}}
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
	s.claimFresh(f.fresh)
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

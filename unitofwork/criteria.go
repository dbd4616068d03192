package unitofwork

import (
	"errors"
	"reflect"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Criteria attached to a session restrict every statement of their type
// the session runs, as SQLAlchemy's with_loader_criteria does: a tenant's
// session that adds Criteria[Doc](Docs.C("tenant_id").Eq(tenant)) cannot
// read, update or delete another tenant's documents, whatever query a
// handler forgot to filter — Get, All and One, Refresh, Merge's loads,
// relationship loaders and the cascades' loads read only rows that
// match, and the flush's UPDATEs and DELETEs touch only rows that match
// (an UPDATE of a row that no longer matches is stale data). INSERTs are
// the program's: criteria do not check them.

// ErrCriteria: a query given to All or One of a type with criteria, whose
// shape the session cannot add them to — not a SELECT of the type's
// table's own columns with that table in its FROM list, alone or first
// of its joins, without WITH (an alias of it, a subquery, a CTE, a text
// query). The query is refused rather than run unfiltered.
var ErrCriteria = errors.New("unitofwork: the session's criteria cannot be added to this query")

// Criteria adds conds, conditions on T's table, to every SELECT, UPDATE
// and DELETE of T the session runs (see above).
func Criteria[T any](conds ...expr.Expr) Option {
	t := reflect.TypeFor[T]()
	return optionFunc(func(c *config) {
		if c.criteria == nil {
			c.criteria = map[reflect.Type][]expr.Expr{}
		}
		c.criteria[t] = append(c.criteria[t], conds...)
	})
}

// criteria returns the conditions the session adds for m: its criteria,
// and for a soft-deleted type that the row is not marked deleted.
func (s *Session) criteria(m *mapper.Model) []expr.Expr {
	return s.criteriaOf(m, false)
}

// criteriaOf is criteria, leaving out the soft-delete condition when
// withDeleted is set (the WithDeleted query option).
func (s *Session) criteriaOf(m *mapper.Model, withDeleted bool) []expr.Expr {
	var conds []expr.Expr
	if len(s.cfg.criteria) > 0 {
		conds = s.cfg.criteria[m.Type()]
	}
	if sd := m.SoftDelete(); sd >= 0 && !withDeleted {
		conds = append(conds[:len(conds):len(conds)], m.Table().Columns[sd].Eq(nil))
	}
	return conds
}

// where is conds followed by m's criteria.
func (s *Session) where(m *mapper.Model, conds ...expr.Expr) []expr.Expr {
	if c := s.criteria(m); len(c) > 0 {
		return append(conds[:len(conds):len(conds)], c...)
	}
	return conds
}

// filtered adds m's criteria to stmt, a query of m's objects; a query the
// criteria cannot be added to is ErrCriteria.
func (s *Session) filtered(m *mapper.Model, stmt expr.Statement, withDeleted bool) (expr.Statement, error) {
	conds := s.criteriaOf(m, withDeleted)
	if len(conds) == 0 {
		return stmt, nil
	}
	sel, ok := stmt.(*expr.SelectStmt)
	if !ok {
		return nil, ErrCriteria
	}
	// Every selected column must be the table's own: the WHERE added
	// filters that table, not an alias of it or a derived table the
	// rows might come from.
	cl := sel.Clauses()
	if len(cl.With) > 0 {
		return nil, ErrCriteria // a CTE may be named like the table and hide it
	}
	for _, it := range cl.Items {
		if l, ok := it.(*expr.Label); ok {
			it = l.X
		}
		if c, ok := it.(*expr.Column); !ok || c.Table != m.Table() {
			return nil, ErrCriteria
		}
	}
	from := cl.From
	if len(from) == 0 {
		// FROM inferred from the selected columns: the conditions'
		// columns are m's table's, which joins it once.
		return sel.Clone().Where(conds...), nil
	}
	for _, item := range from {
		if t, ok := item.(*expr.Table); ok && t == m.Table() {
			return sel.Clone().Where(conds...), nil
		}
		if j, ok := item.(*expr.JoinExpr); ok && rootTable(j) == m.Table() {
			return sel.Clone().Where(conds...), nil
		}
	}
	return nil, ErrCriteria
}

// rootTable is the leftmost table of a chain of joins, which WHERE may
// filter without changing what the joins mean.
func rootTable(j *expr.JoinExpr) *expr.Table {
	for {
		switch l := j.Left.(type) {
		case *expr.JoinExpr:
			j = l
		case *expr.Table:
			return l
		default:
			return nil
		}
	}
}

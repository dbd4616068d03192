package compile

import (
	"slices"

	"github.com/sqlforge/sqlforge/expr"
)

// The walk.
//
// One walk over a statement serves two passes (see state): the shape pass
// records the statement's shape and collects its arguments; on a cache
// miss the render pass writes the SQL. The rule that makes the cache
// correct: every branch the walk takes on the statement's data — a node's
// kind, an operator, a count, a flag, a name written into the SQL — is
// recorded in the shape (tok, flag, num, str, id) before the branch is
// taken, so two statements with equal shapes render equal SQL. Values
// that are bound (bind) are not part of the shape, but which of them hold
// values of sensitive columns is (see markSensitive); values the walk checks
// without branching on the SQL (a negative LIMIT) are checked on every
// pass. A branch that forgets its record is caught by the conformance
// runner, which compiles every case through a cached and an uncached
// compiler and compares them.
//
// Files: walk.go (statements, subqueries, WITH), select.go, from.go (FROM
// items and joins), values.go (VALUES lists in FROM), compound.go, insert.go, upsert.go
// and dml.go, exprs.go (operators and conditions), funcs.go (calls, windows, frames),
// text.go, ddl.go.

// Shape tokens of the node kinds.
const (
	tColumn byte = iota + 1
	tColumnAliased
	tBinary
	tComparison
	tBind
	tParam
	tLogical
	tUnary
	tIn
	tBetween
	tLike
	tTuple
	tLabel
	tOrdering
	tQuantified
	tExcluded
	tKeyword
	tFunc
	tCase
	tCast
	tExists
	tSelect
	tCompound
	tText
	tTable
	tJoin
	tInsert
	tUpdate
	tDelete
	tDDL
	tCTE
	tValues
	tColumnAliasedSensitive // tColumnAliased of a sensitive column
)

// statement dispatches on the statement type, attaching the CTEs it uses
// without declaring them (see cteattach.go).
func (s *state) statement(st expr.Statement) {
	switch n := st.(type) {
	case *expr.SelectStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.selectTop(n)
	case *expr.CompoundSelect:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.attachBefore(n, false)
		s.compound(n)
	case *expr.InsertStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.attachBefore(n, true)
		s.insert(n)
	case *expr.UpdateStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.attachBefore(n, true)
		s.update(n)
	case *expr.DeleteStmt:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.attachBefore(n, true)
		s.delete(n)
	case *expr.TextClause:
		if n == nil {
			s.invalid("nil statement")
			return
		}
		s.text(n)
	case *expr.CreateTableStmt, *expr.DropTableStmt, *expr.CreateIndexStmt, *expr.DropIndexStmt:
		s.ddl(n)
	default:
		s.invalid("nil or unknown statement")
	}
	if s.err == nil {
		s.checkParams()
	}
	if s.render && s.err == nil {
		s.lintFrom(st)
	}
}

// selectTop writes a top-level SELECT with the CTEs it must attach.
func (s *state) selectTop(stmt *expr.SelectStmt) {
	q := stmt.Clauses()
	if len(q.With) == 0 && plainFrom(&q) {
		s.selectClauses(&q, nil)
		return
	}
	var a cteAttacher
	a.search(stmt, q.With, s.c.maxDepth)
	s.selectClauses(&q, a.with())
}

// attachBefore writes the WITH of the CTEs a set operation, INSERT,
// UPDATE or DELETE must attach, when it has no WITH of its own (which
// its own code writes); else it leaves them to the FROM linter, which
// refuses them.
func (s *state) attachBefore(st expr.Statement, dml bool) {
	own, may := mayAttach(st)
	if !s.flag(may && len(own) == 0) {
		return
	}
	var a cteAttacher
	a.search(st, own, s.c.maxDepth)
	attached := a.with()
	if !s.flag(len(attached) > 0) {
		return
	}
	if dml && !s.need(CTEInDML, "WITH in INSERT/UPDATE/DELETE") {
		return
	}
	s.with(attached)
}

// subquery writes a query in parentheses.
func (s *state) subquery(q expr.Selectable) {
	if !s.enter() {
		return
	}
	defer s.leave()
	saved := s.unqualified
	s.unqualified = false
	s.kw("(")
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			s.invalid("nil subquery")
			break
		}
		s.selectStmt(n)
	case *expr.CompoundSelect:
		if n == nil {
			s.invalid("nil subquery")
			break
		}
		s.compound(n)
	default:
		s.invalid("nil or unknown subquery")
	}
	s.kw(")")
	s.unqualified = saved
}

func (s *state) with(ctes []*expr.CTE) {
	if s.num(len(ctes)) == 0 {
		return
	}
	recursive := false
	for _, c := range ctes {
		if c != nil && c.Recursive {
			recursive = true
		}
	}
	if s.flag(recursive) {
		s.kw("WITH RECURSIVE ")
	} else {
		s.kw("WITH ")
	}
	for i, c := range ctes {
		if c == nil || c.Table == nil || c.Query == nil {
			s.invalid("CTE without a query")
			return
		}
		s.tok(tCTE)
		// The ID too: two CTEs named alike are told apart by it, as the
		// FROM linter tells them apart.
		s.id(c.Table.ID())
		if s.flag(slices.Contains(ctes[:i], c)) {
			continue // attached twice: declared once
		}
		if s.render && slices.ContainsFunc(ctes[:i], func(o *expr.CTE) bool { return o.Name == c.Name }) {
			// The names are in the shape: checking when rendering is enough.
			s.invalid("two different CTEs named " + quoteName(c.Name) + " in one WITH")
			return
		}
		if i > 0 {
			s.kw(", ")
		}
		s.str(c.Name)
		s.ident(c.Name)
		if s.num(len(c.ColumnNames)) > 0 {
			s.kw(" (")
			for j, n := range c.ColumnNames {
				if j > 0 {
					s.kw(", ")
				}
				s.str(n)
				s.ident(n)
			}
			s.kw(")")
		}
		s.kw(" AS ")
		s.subquery(c.Query)
	}
	s.kw(" ")
}

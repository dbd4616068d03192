package engine

import "github.com/sqlforge/sqlforge/expr"

// stmtClass is what routing knows of a statement.
type stmtClass uint8

const (
	// classWrite writes or locks: it runs on the primary, always.
	classWrite stmtClass = iota
	// classUnknown may write, as far as the engine can tell (constant
	// SQL): the primary, unless the caller says otherwise (OnReplica).
	classUnknown
	// classRead only reads: a replica.
	classRead
)

// classify returns the class of stmt: a read is a SELECT without a
// locking clause, or a compound of such SELECTs; constant SQL is unknown;
// everything else writes.
func classify(stmt expr.Statement) stmtClass {
	switch s := stmt.(type) {
	case *expr.SelectStmt:
		if s.Clauses().Lock == nil {
			return classRead
		}
	case *expr.CompoundSelect:
		for _, p := range s.Clauses().Parts {
			if ps, ok := p.(*expr.SelectStmt); ok && ps.Clauses().Lock != nil {
				return classWrite
			}
		}
		return classRead
	case *expr.TextClause:
		return classUnknown
	}
	return classWrite
}

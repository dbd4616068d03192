package expr

// LiteralExpr is a number written into the SQL text rather than bound as
// a parameter (SQLAlchemy's literal_column("1")). Use it where the SQL
// itself must hold the number: an expression repeated in GROUP BY must
// match its select-list twin, which binds numbered apart would not
// (substr(name, $1, $2) vs substr(name, $3, $4)); a planner that should
// see the constant (a partial index's predicate). Values from anywhere
// else are bound: see Value.
//
// Its text comes only from a compile-time constant (Literal), and the
// compiler accepts only a number: an optional sign, digits with an
// optional decimal point, and an optional exponent ("1", "-2.5", ".5",
// "1e-3"). Anything else fails to compile with compile.ErrInvalid, so no
// text but a number reaches the SQL. For booleans see True and False.
type LiteralExpr struct {
	Ops
	sql string
}

// Literal is the numeric literal sql, written into the SQL as it is.
func Literal(sql constSQL) *LiteralExpr {
	l := &LiteralExpr{sql: string(sql)}
	l.self = l
	return l
}

// SQL returns the literal's text.
func (l *LiteralExpr) SQL() string { return l.sql }

func (*LiteralExpr) exprNode() {}

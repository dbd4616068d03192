package expr

import "reflect"

// Ops gives every expression type its operator methods (Eq, Gt, In, Like,
// Add, Desc, As...). It is embedded in the expression types; its zero value
// belongs to no expression, so build expressions with this package's
// constructors rather than struct literals.
//
// Operands are expressions or Go values; values become bound parameters.
type Ops struct{ self Expr }

// Eq is "x = v". With nil — untyped, or a nil pointer such as an unset
// optional filter of type *int64 — it is "x IS NULL", since "= NULL"
// matches no row.
func (o Ops) Eq(v any) *Comparison { return newComparison(o.self, OpEq, nilToNull(v)) }

// Ne is "x <> v"; with nil (as for Eq) it is "x IS NOT NULL".
func (o Ops) Ne(v any) *Comparison { return newComparison(o.self, OpNe, nilToNull(v)) }

// IsDistinctFrom is "x IS DISTINCT FROM v": <> that treats NULL as a
// value (NULL is distinct from 1, not from NULL). MySQL spells it
// NOT (x <=> v).
func (o Ops) IsDistinctFrom(v any) *Comparison {
	return newComparison(o.self, OpIsDistinctFrom, nilToNull(v))
}

// IsNotDistinctFrom is "x IS NOT DISTINCT FROM v": = that treats NULL as
// a value (x <=> v on MySQL).
func (o Ops) IsNotDistinctFrom(v any) *Comparison {
	return newComparison(o.self, OpIsNotDistinctFrom, nilToNull(v))
}

// nilToNull turns a nil pointer, map, slice, func or chan, and the Null
// keyword, into an untyped nil: the compiler writes IS NULL for a
// comparison with nil. (A sql.Null* value that is not Valid is a value to
// the compiler: it binds, and = matches nothing; use nil.)
func nilToNull(v any) any {
	if v == nil || v == Expr(Null) {
		return nil
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		if rv.IsNil() {
			return nil
		}
	}
	return v
}

// Lt is "x < v".
func (o Ops) Lt(v any) *Comparison { return newComparison(o.self, OpLt, v) }

// Le is "x <= v".
func (o Ops) Le(v any) *Comparison { return newComparison(o.self, OpLe, v) }

// Gt is "x > v".
func (o Ops) Gt(v any) *Comparison { return newComparison(o.self, OpGt, v) }

// Ge is "x >= v".
func (o Ops) Ge(v any) *Comparison { return newComparison(o.self, OpGe, v) }

// Add is "x + v".
func (o Ops) Add(v any) *Binary { return newBinary(o.self, OpAdd, v) }

// Sub is "x - v".
func (o Ops) Sub(v any) *Binary { return newBinary(o.self, OpSub, v) }

// Mul is "x * v".
func (o Ops) Mul(v any) *Binary { return newBinary(o.self, OpMul, v) }

// Div is "x / v".
func (o Ops) Div(v any) *Binary { return newBinary(o.self, OpDiv, v) }

// Mod is "x % v".
func (o Ops) Mod(v any) *Binary { return newBinary(o.self, OpMod, v) }

// Concat is string concatenation: "x || v", CONCAT(x, v) on MySQL.
func (o Ops) Concat(v any) *Binary { return newBinary(o.self, OpConcat, v) }

// Neg is "-x".
func (o Ops) Neg() *Unary { return newUnary(OpNeg, o.self) }

// IsTrue is "x IS TRUE": unlike x = true, it is false rather than NULL
// when x is NULL.
func (o Ops) IsTrue() *Unary { return newUnary(OpIsTrue, o.self) }

// IsFalse is "x IS FALSE": false, not NULL, when x is NULL.
func (o Ops) IsFalse() *Unary { return newUnary(OpIsFalse, o.self) }

// And is "x AND others...": x must be a condition (or a boolean column).
func (o Ops) And(others ...Expr) *Logical {
	return newLogical(OpAnd, append([]Expr{o.self}, others...))
}

// Or is "x OR others...".
func (o Ops) Or(others ...Expr) *Logical {
	return newLogical(OpOr, append([]Expr{o.self}, others...))
}

// Not is "NOT (x)".
func (o Ops) Not() *Unary { return newUnary(OpNot, o.self) }

// IsNull is "x IS NULL".
func (o Ops) IsNull() *Unary { return newUnary(OpIsNull, o.self) }

// IsNotNull is "x IS NOT NULL".
func (o Ops) IsNotNull() *Unary { return newUnary(OpIsNotNull, o.self) }

// In is "x IN (...)". It takes values, expressions, a single slice (whose
// elements are the list), or a single subquery. See InList.
func (o Ops) In(values ...any) *InList { return newIn(o.self, false, values) }

// NotIn is "x NOT IN (...)"; see In.
func (o Ops) NotIn(values ...any) *InList { return newIn(o.self, true, values) }

// Between is "x BETWEEN low AND high".
func (o Ops) Between(low, high any) *Between { return o.between(low, high, false) }

// NotBetween is "x NOT BETWEEN low AND high".
func (o Ops) NotBetween(low, high any) *Between { return o.between(low, high, true) }

func (o Ops) between(low, high any, not bool) *Between {
	b := &Between{X: o.self, Low: low, High: high, Negated: not}
	b.self = b
	return b
}

// Like is "x LIKE pattern". The pattern's % and _ are wildcards; to match
// user text literally use Contains, StartsWith or EndsWith.
func (o Ops) Like(pattern any) *LikeExpr { return o.like(pattern, 0, false, false) }

// NotLike is "x NOT LIKE pattern".
func (o Ops) NotLike(pattern any) *LikeExpr { return o.like(pattern, 0, false, true) }

// ILike is a case-insensitive LIKE.
func (o Ops) ILike(pattern any) *LikeExpr { return o.like(pattern, 0, true, false) }

// NotILike is a case-insensitive NOT LIKE.
func (o Ops) NotILike(pattern any) *LikeExpr { return o.like(pattern, 0, true, true) }

// LikeEscape is "x LIKE pattern ESCAPE esc"; esc must be one of EscapeChars
// (anything else is a compile error).
func (o Ops) LikeEscape(pattern any, esc byte) *LikeExpr { return o.like(pattern, esc, false, false) }

// Contains matches values that contain s literally: %, _ and the escape
// character in s are escaped. "Literally" is about wildcards, not case:
// LIKE compares as the database does — case-sensitively on PostgreSQL,
// ignoring ASCII case on SQLite, by the column's collation on MySQL (where
// the usual collations ignore case and accents). StartsWith and EndsWith
// alike.
func (o Ops) Contains(s string) *LikeExpr {
	return o.like("%"+EscapeLike(s, LikeEscapeChar)+"%", LikeEscapeChar, false, false)
}

// StartsWith matches values that begin with s literally.
func (o Ops) StartsWith(s string) *LikeExpr {
	return o.like(EscapeLike(s, LikeEscapeChar)+"%", LikeEscapeChar, false, false)
}

// EndsWith matches values that end with s literally.
func (o Ops) EndsWith(s string) *LikeExpr {
	return o.like("%"+EscapeLike(s, LikeEscapeChar), LikeEscapeChar, false, false)
}

// IContains is a case-insensitive Contains: ILIKE on PostgreSQL, which
// folds every letter, and lower(x) LIKE lower(pattern) elsewhere, which on
// SQLite folds only ASCII letters.
func (o Ops) IContains(s string) *LikeExpr {
	return o.like("%"+EscapeLike(s, LikeEscapeChar)+"%", LikeEscapeChar, true, false)
}

func (o Ops) like(pattern any, esc byte, insensitive, not bool) *LikeExpr {
	l := &LikeExpr{X: o.self, Pattern: pattern, Escape: esc, Insensitive: insensitive, Negated: not}
	l.self = l
	return l
}

// Asc orders by x ascending. For a column it returns the column's own
// Ordering, made once and shared: change it only through NullsFirst and
// NullsLast, which return a new one.
func (o Ops) Asc() *Ordering {
	if c, ok := o.self.(*Column); ok {
		return c.ordering(false)
	}
	return &Ordering{X: o.self}
}

// Desc orders by x descending; for a column, a shared Ordering as with Asc.
func (o Ops) Desc() *Ordering {
	if c, ok := o.self.(*Column); ok {
		return c.ordering(true)
	}
	return &Ordering{X: o.self, Desc: true}
}

// As labels x in a select list (or names it where a label may stand).
func (o Ops) As(name string) *Label { return newLabel(o.self, name) }

// Expr returns the expression the Ops belong to.
func (o Ops) Expr() Expr { return o.self }

package expr

import (
	"reflect"
	"slices"
)

// Expr is a SQL expression: a column, a bound value, an operator applied to
// expressions, a function call, a subquery... Expressions are built with
// the constructors and methods of this package; the set of expression
// types is closed so that every one of them is known to the compiler.
//
// Go values given where an expression is expected (Eq(18), Values("bob"))
// always become bound parameters: a value can never change the SQL text.
type Expr interface{ exprNode() }

// Op is a binary operator.
type Op uint8

// Binary operators.
const (
	OpEq Op = iota + 1
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
	OpConcat
	OpAnd
	OpOr
	OpIsDistinctFrom
	OpIsNotDistinctFrom
)

var opSQL = [...]string{OpEq: " = ", OpNe: " <> ", OpLt: " < ", OpLe: " <= ", OpGt: " > ", OpGe: " >= ",
	OpAdd: " + ", OpSub: " - ", OpMul: " * ", OpDiv: " / ", OpMod: " % ", OpConcat: " || ",
	OpAnd: " AND ", OpOr: " OR ", OpIsDistinctFrom: " IS DISTINCT FROM ", OpIsNotDistinctFrom: " IS NOT DISTINCT FROM "}

// SQL returns the operator with surrounding spaces, or "" for an invalid Op.
func (o Op) SQL() string {
	if int(o) < len(opSQL) {
		return opSQL[o]
	}
	return ""
}

// asExpr turns an operand into an expression, wrapping plain values in a bind.
func asExpr(v any) Expr {
	if e, ok := v.(Expr); ok {
		return e
	}
	return &BindParam{Value: v}
}

func asExprs(vs []any) []Expr {
	out := make([]Expr, len(vs))
	for i, v := range vs {
		out[i] = asExpr(v)
	}
	return out
}

// Binary is "Left Op Right" for the arithmetic operators and
// concatenation. Right is an expression, or a Go value bound as a
// parameter in its place, so an operation with a plain value takes one
// allocation. Binary has every operator method: x.Add(1).Gt(10).
type Binary struct {
	Ops
	Op    Op
	Left  Expr
	Right any // an Expr, or a value to bind
}

func newBinary(l Expr, op Op, r any) *Binary {
	b := &Binary{Op: op, Left: l, Right: r}
	b.self = b
	return b
}

// Comparison is "Left Op Right" for the comparison operators (=, <>, <,
// <=, >, >=, IS [NOT] DISTINCT FROM). Right is an expression, or a Go
// value bound as a parameter in its place. For = and <> a nil Right means
// NULL: the comparison compiles to IS NULL or IS NOT NULL. (Eq and Ne turn
// nil pointers and expr.Null into a nil Right; a hand-built Comparison
// must use an untyped nil.)
type Comparison struct {
	Ops
	Op    Op
	Left  Expr
	Right any // an Expr, or a value to bind
}

func newComparison(l Expr, op Op, r any) *Comparison {
	c := &Comparison{Op: op, Left: l, Right: r}
	c.self = c
	return c
}

// BindParam is a bound parameter: a value (Value) or, when Name is set, a
// named parameter whose value is supplied when the statement is compiled.
type BindParam struct {
	Ops
	Name  string
	Value any
	// Untyped leaves the value's type to the server: no cast from its
	// Go type where it stands alone (see Value).
	Untyped bool
}

// Value binds v as a parameter, for places that need an expression.
//
// On PostgreSQL, which cannot infer the type of a value that stands
// alone (SELECT $1, a CASE result, a function argument), the value is
// written CAST($1 AS type) with the type read from its Go type: int is
// INTEGER (give larger numbers as int64, BIGINT), float64 DOUBLE
// PRECISION, string TEXT, time.Time TIMESTAMPTZ, Decimal NUMERIC; a
// pointer or a sql.Null* value by its element type. Beside a typed operand
// — a column it is compared with, inserted into, or a typed sibling among
// COALESCE's arguments or CASE's results — it takes that operand's type
// instead. Use Untyped where a function wants a type the Go value does not
// name (to_tsquery's regconfig).
func Value(v any) *BindParam {
	b := &BindParam{Value: v}
	b.self = b
	return b
}

// Untyped binds v like Value, leaving its type for the server to infer
// from where it stands: to_tsquery(expr.Untyped("english"), q).
func Untyped(v any) *BindParam {
	b := &BindParam{Value: v, Untyped: true}
	b.self = b
	return b
}

// Param is a named parameter: a statement built once with Param("age") is
// compiled with the value given for "age" (compile.Compiler.Compile takes
// them as sql.NamedArg), so the same statement serves many calls.
func Param(name string) *BindParam {
	b := &BindParam{Name: name}
	b.self = b
	return b
}

// Logical is a conjunction (AND) or disjunction (OR) of conditions. An empty
// AND is true and an empty OR is false.
type Logical struct {
	Ops
	Op    Op // OpAnd or OpOr
	Items []Expr
}

func newLogical(op Op, conds []Expr) *Logical {
	l := &Logical{Op: op, Items: conds}
	l.self = l
	return l
}

// And joins conditions with AND.
func And(conds ...Expr) *Logical { return newLogical(OpAnd, slices.Clone(conds)) }

// Or joins conditions with OR.
func Or(conds ...Expr) *Logical { return newLogical(OpOr, slices.Clone(conds)) }

// Unary is NOT x, -x, x IS [NOT] NULL, x IS TRUE or x IS FALSE.
type Unary struct {
	Ops
	Op UnaryOp
	X  Expr
}

// UnaryOp is a prefix or postfix operator.
type UnaryOp uint8

// Unary operators.
const (
	OpNot UnaryOp = iota + 1
	OpNeg
	OpIsNull
	OpIsNotNull
	OpIsTrue
	OpIsFalse
)

func newUnary(op UnaryOp, x Expr) *Unary {
	u := &Unary{Op: op, X: x}
	u.self = u
	return u
}

// Not negates a condition.
func Not(cond Expr) *Unary { return newUnary(OpNot, cond) }

// InList is x [NOT] IN (values) or x [NOT] IN (subquery). An empty list
// compiles to a condition that is always false (IN) or always true (NOT IN).
// On PostgreSQL a list of plain values binds as one array parameter,
// x = ANY($1), so the SQL does not depend on the list's length.
type InList struct {
	Ops
	X       Expr
	Values  []any      // elements: values to bind, or expressions
	Array   any        // the list as one value (the caller's slice, or Values), for array binding
	Sub     Selectable // set for IN (subquery)
	Negated bool       // NOT IN
}

func newIn(x Expr, not bool, values []any) *InList {
	in := &InList{X: x, Negated: not}
	in.self = in
	if len(values) == 1 {
		if s, ok := values[0].(Selectable); ok {
			in.Sub = s
			return in
		}
		if rv := reflect.ValueOf(values[0]); rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
			// A copy, bound whole as an array where the dialect can: the
			// caller may reuse its slice once the statement is built.
			cp := reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
			reflect.Copy(cp, rv)
			in.Array = cp.Interface()
			in.Values = make([]any, rv.Len())
			for i := range in.Values {
				in.Values[i] = rv.Index(i).Interface()
			}
			return in
		}
	}
	in.Values = slices.Clone(values) // the caller's variadic slice stays on its stack
	if plain(values) {
		in.Array = in.Values // boxed once here, so binding it as an array does not allocate
	}
	return in
}

func plain(vs []any) bool {
	for _, v := range vs {
		if _, ok := v.(Expr); ok {
			return false
		}
	}
	return true
}

// Between is x [NOT] BETWEEN Low AND High. Low and High are expressions,
// or Go values bound as parameters in their place.
type Between struct {
	Ops
	X         Expr
	Low, High any
	Negated   bool // NOT BETWEEN
}

// LikeExpr is x [NOT] LIKE/ILIKE pattern [ESCAPE c]. ILIKE is PostgreSQL's;
// other dialects compile it as LOWER(x) LIKE LOWER(pattern).
type LikeExpr struct {
	Ops
	X Expr
	// Pattern is the pattern: an expression, or a Go value (usually a
	// string) bound as a parameter.
	Pattern     any
	Escape      byte // 0 for none; else one of EscapeChars
	Insensitive bool
	Negated     bool // NOT LIKE
}

// EscapeChars are the characters LIKE patterns may name as their escape
// character. They are written into SQL, so they come from this fixed set.
const EscapeChars = `!#$/=^|~`

// LikeEscapeChar is the escape character of Contains, StartsWith and
// EndsWith.
const LikeEscapeChar = '!'

// EscapeLike escapes %, _ and the escape character in s so that it matches
// itself in a LIKE pattern that uses esc as its escape character.
func EscapeLike(s string, esc byte) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '_' || c == esc {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '_' || c == esc {
			b = append(b, esc)
		}
		b = append(b, s[i])
	}
	return string(b)
}

// Tuple is a row value (a, b, ...), for comparisons and IN of several columns.
type TupleExpr struct {
	Ops
	Items []Expr
}

// Tuple makes a row value from expressions or values.
func Tuple(items ...any) *TupleExpr {
	t := &TupleExpr{Items: asExprs(items)}
	t.self = t
	return t
}

// Label is "X AS Name" in a select list. GROUP BY and ORDER BY may refer
// to it: OrderBy(total.Desc()) orders by the labelled column's name.
type Label struct {
	X    Expr
	Name string
}

func newLabel(x Expr, name string) *Label { return &Label{X: x, Name: name} }

// As gives the labelled expression another name.
func (l *Label) As(name string) *Label { return newLabel(l.X, name) }

// Asc orders by the label ascending.
func (l *Label) Asc() *Ordering { return &Ordering{X: l} }

// Desc orders by the label descending.
func (l *Label) Desc() *Ordering { return &Ordering{X: l, Desc: true} }

// Ordering is an ORDER BY item: X ASC|DESC [NULLS FIRST|LAST]. MySQL lacks
// NULLS FIRST/LAST; it gets an equivalent "X IS NULL" sort key.
type Ordering struct {
	X     Expr
	Desc  bool
	Nulls NullsOrder
}

func (*Ordering) exprNode() {}

// NullsOrder places NULLs in an ordering.
type NullsOrder uint8

// NULL placement; NullsDefault leaves it to the database.
const (
	NullsDefault NullsOrder = iota
	NullsFirst
	NullsLast
)

// NullsFirst returns the ordering with NULLs sorted first. It returns a
// new Ordering: the orderings of a column are shared.
func (o *Ordering) NullsFirst() *Ordering { n := *o; n.Nulls = NullsFirst; return &n }

// NullsLast returns the ordering with NULLs sorted last (a new Ordering,
// as for NullsFirst).
func (o *Ordering) NullsLast() *Ordering { n := *o; n.Nulls = NullsLast; return &n }

// Quantified is ANY (subquery) or ALL (subquery) as the right operand of a
// comparison: users.C("age").Gt(expr.All(sub)). On PostgreSQL Array may
// instead hold a slice bound as one array parameter.
type Quantified struct {
	All   bool
	Sub   Selectable
	Array any
}

func (*Quantified) exprNode() {}

// Any is "ANY (subquery)", or on PostgreSQL "ANY ($1)" when given a slice.
func Any(subqueryOrSlice any) *Quantified { return quantified(false, subqueryOrSlice) }

// All is "ALL (subquery)", or on PostgreSQL "ALL ($1)" when given a slice.
func All(subqueryOrSlice any) *Quantified { return quantified(true, subqueryOrSlice) }

func quantified(all bool, v any) *Quantified {
	if s, ok := v.(Selectable); ok {
		return &Quantified{All: all, Sub: s}
	}
	return &Quantified{All: all, Array: v}
}

// ExcludedRef refers to the value proposed for Column by the row an upsert
// tried to insert: EXCLUDED.col on PostgreSQL and SQLite, VALUES(col) on MySQL.
type ExcludedRef struct {
	Ops
	Column *Column
}

// Excluded refers to the proposed value of col in an upsert's update.
func Excluded(col *Column) *ExcludedRef {
	e := &ExcludedRef{Column: col}
	e.self = e
	return e
}

// Keyword is a fixed SQL keyword used as an expression (NULL, DEFAULT, *,
// CURRENT_TIMESTAMP...). Only this package makes keywords.
type Keyword struct {
	Ops
	sql string
	// Table qualifies a star (users.*) when set.
	Table *Table
}

func keyword(s string) *Keyword { k := &Keyword{sql: s}; k.self = k; return k }

// SQL returns the keyword's text.
func (k *Keyword) SQL() string { return k.sql }

// Fixed keywords.
var (
	Null             = keyword("NULL")
	DefaultValue     = keyword("DEFAULT") // DEFAULT in INSERT/UPDATE values
	CurrentTimestamp = keyword("CURRENT_TIMESTAMP")
	CurrentDate      = keyword("CURRENT_DATE")
	// True and False are the boolean constants, written into the SQL
	// rather than bound (SQLAlchemy's true() and false()); MySQL reads
	// them as 1 and 0.
	True  = keyword("TRUE")
	False = keyword("FALSE")
)

// Star is * in a select list.
func Star() *Keyword { return keyword("*") }

// Star is table.* in a select list.
func (t *Table) Star() *Keyword { k := keyword("*"); k.Table = t; return k }

func (*Column) exprNode()      {}
func (*Binary) exprNode()      {}
func (*Comparison) exprNode()  {}
func (*BindParam) exprNode()   {}
func (*Logical) exprNode()     {}
func (*Unary) exprNode()       {}
func (*InList) exprNode()      {}
func (*Between) exprNode()     {}
func (*LikeExpr) exprNode()    {}
func (*TupleExpr) exprNode()   {}
func (*Label) exprNode()       {}
func (*ExcludedRef) exprNode() {}
func (*Keyword) exprNode()     {}

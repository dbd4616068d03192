package compile

import (
	"strings"

	"github.com/sqlforge/sqlforge/expr"
)

// expr writes an expression.
func (s *state) expr(e expr.Expr) {
	if c, ok := e.(*expr.Column); ok && c != nil {
		s.column(c) // the commonest node, and a leaf: no depth to track
		return
	}
	if !s.enter() {
		return
	}
	s.node(e)
	s.depth--
}

func (s *state) node(e expr.Expr) {
	switch n := e.(type) {
	case *expr.Column:
		s.column(n)
	case *expr.Comparison:
		s.comparison(n)
	case *expr.Binary:
		s.binary(n)
	case *expr.BindParam:
		// The token says which branch: every node's shape starts with
		// its own token, so no two trees can spell the same bytes.
		if n.Name != "" {
			s.tok(tParam)
			s.str(n.Name)
			s.param(n.Name)
		} else if s.tok(tBind); n.Untyped {
			s.tok(byte(castNone)) // as standaloneBind records a value it does not cast
			s.bind(n.Value)
		} else {
			s.standaloneBind(n.Value)
		}
	case *expr.Logical:
		s.logical(n)
	case *expr.Unary:
		s.unary(n)
	case *expr.InList:
		s.in(n)
	case *expr.Between:
		s.tok(tBetween)
		s.operand(n.X)
		if s.flag(n.Negated) {
			s.kw(" NOT")
		}
		s.kw(" BETWEEN ")
		s.rightOperand(n.X, n.Low)
		s.kw(" AND ")
		s.rightOperand(n.X, n.High)
	case *expr.LikeExpr:
		s.like(n)
	case *expr.TupleExpr:
		s.tok(tTuple)
		s.kw("(")
		s.list(n.Items)
		s.kw(")")
	case *expr.Label:
		// Outside a select list a label stands for its expression.
		s.tok(tLabel)
		s.expr(n.X)
	case *expr.Ordering:
		s.invalid("an ordering (Asc/Desc) is only valid in ORDER BY")
	case *expr.Quantified:
		s.invalid("ANY/ALL is only valid as the right operand of a comparison")
	case *expr.ExcludedRef:
		s.excluded(n)
	case *expr.Keyword:
		s.tok(tKeyword)
		s.str(n.SQL())
		if s.flag(n.Table != nil) {
			s.tableRef(n.Table)
			s.qualifier(n.Table)
			s.kw(".")
		}
		s.kw(n.SQL())
	case *expr.LiteralExpr:
		s.literal(n)
	case *expr.FuncCall:
		s.funcCall(n)
	case *expr.CaseExpr:
		s.caseExpr(n)
	case *expr.CastExpr:
		s.tok(tCast)
		s.kw("CAST(")
		// A value in CAST needs no cast of its own.
		if b, ok := n.X.(*expr.BindParam); s.flag(ok && b.Name == "") {
			s.bind(b.Value)
		} else {
			s.expr(n.X)
		}
		s.kw(" AS ")
		s.typ(n.Type, TypeCast)
		s.kw(")")
	case *expr.ExistsExpr:
		s.tok(tExists)
		if s.flag(n.Negated) {
			s.kw("NOT ")
		}
		s.kw("EXISTS ")
		s.subquery(n.Sub)
	case *expr.SelectStmt:
		s.subquery(n)
	case *expr.CompoundSelect:
		s.subquery(n)
	case *expr.TextClause:
		s.text(n)
	case nil:
		s.invalid("nil expression")
	default:
		s.invalid("unknown expression type")
	}
}

// operand writes a sub-expression, parenthesized where precedence could
// otherwise change its meaning.
func (s *state) operand(e expr.Expr) {
	switch unlabel(e).(type) {
	case *expr.Binary, *expr.Comparison, *expr.Logical, *expr.Between, *expr.LikeExpr, *expr.InList, *expr.Unary, *expr.TextClause:
		// Unary too: "a - -b" would start a comment. A Text may hold
		// any operator.
		s.kw("(")
		s.expr(e)
		s.kw(")")
	default:
		s.expr(e)
	}
}

// sibling writes e, one of several expressions the server gives one type
// (CASE's results, COALESCE's arguments): beside typed, the first of them
// that is not a bound value, a bound value takes typed's type, as beside a
// column; with none typed, each stands alone.
func (s *state) sibling(typed, e expr.Expr) {
	if typed == nil || !s.operandBeside(typed, e) {
		s.expr(e)
	}
}

// firstTyped returns the first of es that is not a bound value (nil for
// none).
func firstTyped(es ...expr.Expr) expr.Expr {
	for _, e := range es {
		if typed(e) {
			return e
		}
	}
	return nil
}

func (s *state) list(items []expr.Expr) {
	s.num(len(items))
	for i, it := range items {
		if i > 0 {
			s.kw(", ")
		}
		s.expr(it)
	}
}

// column writes a column reference, qualified by its table unless the
// context forbids it.
func (s *state) column(c *expr.Column) {
	if c == nil {
		s.invalid("nil column")
		return
	}
	t := c.Table
	if t == nil {
		s.invalid("column " + c.Name + " belongs to no table")
		return
	}
	derived := isDerived(t)
	if !s.render {
		if derived {
			// Recorded by name, not by the column's ID: its Sensitive
			// mark must be recorded too (see markSensitive).
			s.aliased++ // see inferredFrom
			if c.Sensitive {
				s.tok(tColumnAliasedSensitive)
			} else {
				s.tok(tColumnAliased)
			}
			s.str(t.Name)
			s.str(c.Name)
		} else {
			s.tokID(tColumn, c.ID())
		}
		// Whether it is qualified follows from where the column stands,
		// which the shape records already.
		return
	}
	if !s.unqualified {
		s.qualifier(t)
		s.kw(".")
	}
	s.ident(c.Name)
}

// qualifier writes the name by which t's columns are qualified. It writes
// no shape: callers record the table (tableRef) or its column first.
func (s *state) qualifier(t *expr.Table) {
	if !s.render {
		return
	}
	if isDerived(t) {
		s.ident(t.Name)
		return
	}
	if t.Schema != "" {
		s.ident(t.Schema)
		s.kw(".")
	}
	s.ident(t.Name)
}

func (s *state) binary(b *expr.Binary) {
	opText := b.Op.SQL()
	if opText == "" {
		s.invalid("unknown binary operator")
		return
	}
	s.tok2(tBinary, byte(b.Op))
	if b.Op == expr.OpAnd || b.Op == expr.OpOr {
		// A hand-built Binary AND/OR: both sides parenthesized.
		s.kw("(")
		s.expr(b.Left)
		s.kw(")")
		s.kw(opText)
		s.kw("(")
		s.rightOperand(b.Left, b.Right)
		s.kw(")")
		return
	}
	if b.Op == expr.OpConcat && s.c.f.Has(ConcatFunc) {
		s.kw("CONCAT(")
		s.expr(b.Left)
		s.kw(", ")
		s.rightOperand(b.Left, b.Right)
		s.kw(")")
		return
	}
	s.leftOperand(b.Left, b.Right)
	s.kw(opText)
	s.rightOperand(b.Left, b.Right)
}

func (s *state) comparison(c *expr.Comparison) {
	if (c.Op < expr.OpEq || c.Op > expr.OpGe) && c.Op != expr.OpIsDistinctFrom && c.Op != expr.OpIsNotDistinctFrom {
		s.invalid("unknown comparison operator")
		return
	}
	opText := c.Op.SQL()
	s.tok2(tComparison, byte(c.Op))
	if s.flag(c.Right == nil) {
		s.nullComparison(c)
		return
	}
	if c.Op == expr.OpIsDistinctFrom || c.Op == expr.OpIsNotDistinctFrom {
		s.distinctFrom(c)
		return
	}
	s.leftOperand(c.Left, c.Right)
	if q, ok := c.Right.(*expr.Quantified); ok {
		s.tok(tQuantified)
		s.kw(opText)
		s.quantified(valueColumn(c.Left), q)
		return
	}
	s.kw(opText)
	s.rightOperand(c.Left, c.Right)
}

// nullComparison writes a comparison with nil: = and IS NOT DISTINCT
// FROM become IS NULL, <> and IS DISTINCT FROM become IS NOT NULL ("= NULL"
// would match no row). Other operators with NULL are NULL, as SQL says.
func (s *state) nullComparison(c *expr.Comparison) {
	s.operand(c.Left)
	switch c.Op {
	case expr.OpEq, expr.OpIsNotDistinctFrom:
		s.kw(" IS NULL")
	case expr.OpNe, expr.OpIsDistinctFrom:
		s.kw(" IS NOT NULL")
	default:
		s.kw(c.Op.SQL())
		s.kw("NULL")
	}
}

// distinctFrom writes IS [NOT] DISTINCT FROM, or MySQL's null-safe <=>.
func (s *state) distinctFrom(c *expr.Comparison) {
	if !s.c.f.Has(NullSafeEqual) {
		s.leftOperand(c.Left, c.Right)
		s.kw(c.Op.SQL())
		s.rightOperand(c.Left, c.Right)
		return
	}
	if c.Op == expr.OpIsDistinctFrom {
		s.kw("NOT (")
	}
	s.leftOperand(c.Left, c.Right)
	s.kw(" <=> ")
	s.rightOperand(c.Left, c.Right)
	if c.Op == expr.OpIsDistinctFrom {
		s.kw(")")
	}
}

// rightOperand writes the right side of an operator: an expression, or a
// value bound as a parameter (converted by the left column's type).
func (s *state) rightOperand(left expr.Expr, right any) {
	e, isExpr := right.(expr.Expr)
	if s.flag(!isExpr) {
		s.bindFor(valueColumn(left), right)
		return
	}
	if !s.operandBeside(left, e) {
		s.operand(e)
	}
}

// leftOperand writes the left side of an operator whose right side is
// right (an expression or a value).
func (s *state) leftOperand(left expr.Expr, right any) {
	other, _ := right.(expr.Expr)
	if !s.operandBeside(other, left) {
		s.operand(left)
	}
}

// operandBeside writes e when it is a bound value (or a tuple of them)
// that stands beside other, an operand with a type of its own, and
// reports whether it did. The server types such a value from other, so it
// is bound as a raw value is, without the cast a value standing alone
// gets (see casts.go): a cast could contradict other's type
// (date_col > CAST($1 AS TEXT) is an error on PostgreSQL). Beside another
// bound value, or nothing (other nil), e is left to the caller.
func (s *state) operandBeside(other, e expr.Expr) bool {
	how := besideNone
	b, isBind := e.(*expr.BindParam)
	t, isTuple := e.(*expr.TupleExpr)
	ot, otherTuple := other.(*expr.TupleExpr)
	col := valueColumn(other)
	switch {
	case !typed(other):
	case isBind && b.Name == "":
		how = besideBind
	case isBind && col != nil && (col.Type.User != nil || col.Sensitive):
		how = besideParam
	case isTuple && otherTuple && len(ot.Items) == len(t.Items):
		how = besideTuple
	}
	s.tok(how)
	switch how {
	case besideBind:
		s.bindFor(col, b.Value) // converted by the column's type, as a raw value is
	case besideParam:
		s.str(b.Name)
		s.paramFor(col, b.Name)
	case besideTuple:
		if s.enter() {
			s.tupleBeside(ot, t)
		}
		s.leave()
	default:
		return false
	}
	return true
}

// tupleBeside writes a tuple whose items stand beside other's items:
// (a, b) IN ((1, 'x')).
func (s *state) tupleBeside(other, t *expr.TupleExpr) {
	s.tok(tTuple)
	s.num(len(t.Items))
	s.kw("(")
	for i, it := range t.Items {
		if i > 0 {
			s.kw(", ")
		}
		if !s.operandBeside(other.Items[i], it) {
			s.expr(it)
		}
	}
	s.kw(")")
}

// What operandBeside does, as recorded in the shape.
const (
	besideNone byte = iota
	besideBind
	besideTuple
	besideParam // a named parameter converted by the column's user type, or marked sensitive
)

// typed reports whether e has a type the server can give a value beside
// it: not a bound value, which has none of its own.
func typed(e expr.Expr) bool {
	if e == nil {
		return false
	}
	_, bind := e.(*expr.BindParam)
	return !bind
}

// valueColumn is the column whose type converts the values e is compared
// with: e itself, or the column a label of e stands for; nil for others.
func valueColumn(e expr.Expr) *expr.Column {
	if l, ok := e.(*expr.Label); ok {
		e = l.X
	}
	c, _ := e.(*expr.Column)
	return c
}

// quantified writes ANY/ALL; col is the column on the left, whose values
// the array holds.
func (s *state) quantified(col *expr.Column, q *expr.Quantified) {
	if s.flag(q.All) {
		s.kw("ALL ")
	} else {
		s.kw("ANY ")
	}
	if s.flag(q.Sub != nil) {
		if s.need(QuantifiedSubquery, "ANY/ALL with a subquery") {
			s.subquery(q.Sub)
		}
		return
	}
	if s.need(ArrayBind, "ANY/ALL over an array parameter") {
		s.kw("(")
		s.bind(q.Array)
		s.markSensitive(col)
		s.kw(")")
	}
}

func (s *state) logical(l *expr.Logical) {
	s.tok2(tLogical, byte(l.Op))
	n := s.num(len(l.Items))
	if n == 0 {
		if l.Op == expr.OpOr {
			s.kw("1 = 0")
		} else {
			s.kw("1 = 1")
		}
		return
	}
	if n == 1 {
		// An AND or OR of one condition is that condition; the caller
		// decided on parentheses by looking through it (condParens).
		s.expr(l.Items[0])
		return
	}
	sep := " AND "
	if l.Op == expr.OpOr {
		sep = " OR "
	} else if l.Op != expr.OpAnd {
		s.invalid("unknown logical operator")
		return
	}
	for i, it := range l.Items {
		if i > 0 {
			s.kw(sep)
		}
		if needsParens(it) {
			s.kw("(")
			s.expr(it)
			s.kw(")")
		} else {
			s.expr(it)
		}
	}
}

// conds writes conditions joined with AND (WHERE, HAVING).
func (s *state) conds(items []expr.Expr) {
	n := s.num(len(items))
	if n == 1 {
		s.expr(items[0])
		return
	}
	for i, it := range items {
		if i > 0 {
			s.kw(" AND ")
		}
		if condParens(it) {
			s.kw("(")
			s.expr(it)
			s.kw(")")
		} else {
			s.expr(it)
		}
	}
}

// needsParens reports whether a condition joined with others by AND or OR
// must be parenthesized: a nested AND/OR, or a Text, which may hold an OR
// that would otherwise take in the conditions around it.
func needsParens(e expr.Expr) bool {
	e = unlabel(e)
	_, nested := e.(*expr.Logical)
	return nested || isText(e)
}

// condParens reports whether a condition ANDed with others (WHERE,
// HAVING) must be parenthesized: anything that renders an OR or a Text at
// its top — also through labels and AND/OR of one item, which render as
// their item. An AND of several reads the same without parentheses. The
// node kinds and counts it looks at are all recorded in the shape.
func condParens(e expr.Expr) bool {
	switch e.(type) {
	case *expr.Label, *expr.Logical, *expr.TextClause:
	default:
		return false // the usual condition: a comparison, LIKE, IN...
	}
	for range maxLookThrough {
		n, ok := unlabel(e).(*expr.Logical)
		if !ok || n == nil || len(n.Items) != 1 {
			break
		}
		e = n.Items[0]
	}
	switch n := unlabel(e).(type) {
	case *expr.Logical:
		return n != nil && n.Op == expr.OpOr && len(n.Items) > 1
	case *expr.TextClause:
		return true
	}
	return false
}

// unlabel returns the expression a label stands for, outside a select
// list, where the label itself writes nothing.
func unlabel(e expr.Expr) expr.Expr {
	for range maxLookThrough {
		l, ok := e.(*expr.Label)
		if !ok || l == nil {
			return e
		}
		e = l.X
	}
	return e // a runaway chain (a label of itself): the walk reports its depth
}

// maxLookThrough bounds how many labels and one-item AND/ORs the
// precedence checks look through, so that a hand-built cycle cannot loop
// them forever; the walk then reports the depth with a *LimitError.
const maxLookThrough = 64

func isText(e expr.Expr) bool {
	_, ok := e.(*expr.TextClause)
	return ok
}

func (s *state) unary(u *expr.Unary) {
	s.tok2(tUnary, byte(u.Op))
	switch u.Op {
	case expr.OpNot:
		s.kw("NOT (")
		s.expr(u.X)
		s.kw(")")
	case expr.OpNeg:
		s.kw("-(")
		s.expr(u.X)
		s.kw(")")
	case expr.OpIsNull:
		s.operand(u.X)
		s.kw(" IS NULL")
	case expr.OpIsNotNull:
		s.operand(u.X)
		s.kw(" IS NOT NULL")
	case expr.OpIsTrue:
		s.operand(u.X)
		s.kw(" IS TRUE")
	case expr.OpIsFalse:
		s.operand(u.X)
		s.kw(" IS FALSE")
	default:
		s.invalid("unknown unary operator")
	}
}

func (s *state) in(n *expr.InList) {
	s.tok(tIn)
	if s.flag(n.Sub != nil) {
		s.operand(n.X)
		if s.flag(n.Negated) {
			s.kw(" NOT")
		}
		s.kw(" IN ")
		s.subquery(n.Sub)
		return
	}
	col := valueColumn(n.X)
	_, tuple := n.X.(*expr.TupleExpr)
	asArray := s.c.f.Has(ArrayBind) && !tuple && plainValues(n.Values) && (col == nil || col.Type.User == nil)
	count := len(n.Values)
	if asArray && count > 0 {
		count = 1 // one array parameter, whatever its length: one shape
	}
	if s.num(count) == 0 {
		// An empty list: portable constant conditions, never "IN ()".
		if s.flag(n.Negated) {
			s.kw("1 = 1")
		} else {
			s.kw("1 = 0")
		}
		return
	}
	if s.flag(asArray) {
		s.operand(n.X)
		if s.flag(n.Negated) {
			s.kw(" <> ALL(")
		} else {
			s.kw(" = ANY(")
		}
		if n.Array != nil {
			s.bind(n.Array)
		} else {
			s.bind(n.Values) // a hand-built InList: boxing the slice allocates
		}
		s.markSensitive(col)
		s.kw(")")
		return
	}
	if len(n.Values) > s.c.maxIn {
		s.fail(&LimitError{What: "IN list length", Limit: s.c.maxIn, Got: len(n.Values)})
		return
	}
	s.operand(n.X)
	if s.flag(n.Negated) {
		s.kw(" NOT")
	}
	s.kw(" IN (")
	for i, v := range n.Values {
		if i > 0 {
			s.kw(", ")
		}
		if e, ok := v.(expr.Expr); s.flag(ok) {
			if !s.operandBeside(n.X, e) {
				s.expr(e)
			}
		} else {
			s.bindFor(col, v)
		}
	}
	s.kw(")")
}

func plainValues(vs []any) bool {
	for _, v := range vs {
		if _, ok := v.(expr.Expr); ok {
			return false
		}
	}
	return true
}

func (s *state) like(n *expr.LikeExpr) {
	insensitive := n.Insensitive
	if !s.render {
		s.shape = append(s.shape, tLike, n.Escape, bit(insensitive))
	}
	emulate := insensitive && !s.c.f.Has(ILike)
	if emulate {
		s.kw("lower(")
		s.expr(n.X)
		s.kw(")")
	} else {
		s.operand(n.X)
	}
	if s.flag(n.Negated) {
		s.kw(" NOT")
	}
	switch {
	case emulate:
		s.kw(" LIKE lower(")
		s.likePattern(n)
		s.kw(")")
	case insensitive:
		s.kw(" ILIKE ")
		s.likePattern(n)
	default:
		s.kw(" LIKE ")
		s.likePattern(n)
	}
	if n.Escape != 0 {
		i := strings.IndexByte(expr.EscapeChars, n.Escape)
		if i < 0 {
			s.invalid("LIKE escape character must be one of " + expr.EscapeChars)
			return
		}
		s.kw(" ESCAPE '")
		s.kw(expr.EscapeChars[i : i+1])
		s.kw("'")
	}
}

func (s *state) likePattern(n *expr.LikeExpr) {
	p, isExpr := n.Pattern.(expr.Expr)
	if s.flag(!isExpr) {
		s.bind(n.Pattern)
		s.markSensitive(valueColumn(n.X)) // a pattern tells of the values it matches
		return
	}
	if !s.operandBeside(n.X, p) {
		s.operand(p)
	}
}

func (s *state) excluded(n *expr.ExcludedRef) {
	s.tok(tExcluded)
	if n.Column == nil {
		s.invalid("Excluded of a nil column")
		return
	}
	s.str(n.Column.Name)
	if s.c.f.Has(ValuesForExcluded) {
		s.kw("VALUES(")
		s.ident(n.Column.Name)
		s.kw(")")
		return
	}
	s.kw("EXCLUDED.")
	s.ident(n.Column.Name)
}

func (s *state) caseExpr(c *expr.CaseExpr) {
	s.tok(tCase)
	if s.num(len(c.Whens)) == 0 {
		s.invalid("CASE without WHEN")
		return
	}
	s.kw("CASE")
	if s.flag(c.Operand != nil) {
		s.kw(" ")
		s.operand(c.Operand)
	}
	// The results are typed alike: a value among them takes the type of
	// the first typed result, and stands alone (is cast) only when all
	// of them are values.
	typedResult := firstTyped(c.ElseTo)
	for _, w := range c.Whens {
		if typedResult == nil {
			typedResult = firstTyped(w.Result)
		}
	}
	for _, w := range c.Whens {
		s.kw(" WHEN ")
		// CASE x WHEN v: v is compared with x.
		if c.Operand == nil || !s.operandBeside(c.Operand, w.Cond) {
			s.expr(w.Cond)
		}
		s.kw(" THEN ")
		s.sibling(typedResult, w.Result)
	}
	if s.flag(c.ElseTo != nil) {
		s.kw(" ELSE ")
		s.sibling(typedResult, c.ElseTo)
	}
	s.kw(" END")
}

// typ writes a type; its description goes into the shape.
func (s *state) typ(t expr.Type, use TypeUse) {
	s.tok(byte(t.Kind))
	s.tok(byte(use))
	s.num(t.Length)
	s.num(t.Precision)
	s.num(t.Scale)
	s.str(t.EnumName)
	s.num(len(t.EnumValues))
	for _, v := range t.EnumValues {
		s.str(v)
	}
	if !s.render || s.err != nil {
		return
	}
	var err error
	s.sql, err = s.c.d.AppendType(s.sql, t, use)
	if err != nil {
		s.fail(err)
	}
}

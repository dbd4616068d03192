package expr

import "slices"

// FuncCall is a SQL function call, optionally an aggregate with DISTINCT or
// FILTER, or a window function with OVER. Its name is set only by this
// package's constructors, from constants: a name never comes from a
// run-time string, so no input can call a function the code did not name.
type FuncCall struct {
	Ops
	name     string
	args     []Expr
	star     bool // name(*)
	distinct bool // name(DISTINCT args)
	filter   Expr
	window   *Window
	extract  ExtractField // set by Extract, whose SQL the dialect chooses
}

// FuncClauses are the parts of a function call, as Clauses returns them.
type FuncClauses struct {
	// Name is the function's name. The compiler accepts only names made
	// of letters, digits and underscores (optionally schema-qualified).
	Name     string
	Args     []Expr // read it, do not change it
	Star     bool   // name(*)
	Distinct bool   // name(DISTINCT args)
	Filter   Expr   // FILTER (WHERE ...); nil for none
	Window   *Window
	// Extract is the field of a call made by Extract (Name "extract",
	// one argument), 0 for every other call. The compiler writes the
	// dialect's SQL for it, and refuses a call named "extract" without
	// a valid field.
	Extract ExtractField
}

// Clauses returns the parts of the call.
func (f *FuncCall) Clauses() FuncClauses {
	return FuncClauses{Name: f.name, Args: slices.Clip(f.args), Star: f.star, Distinct: f.distinct, Filter: f.filter, Window: f.window, Extract: f.extract}
}

// Name returns the function's name.
func (f *FuncCall) Name() string { return f.name }

// Args returns the call's arguments. Read them; do not change them.
func (f *FuncCall) Args() []Expr { return slices.Clip(f.args) }

// Func calls a SQL function by name. The name is a compile-time constant;
// arguments are expressions or values (bound).
func Func(name constSQL, args ...any) *FuncCall { return newFunc(string(name), asExprs(args)...) }

func newFunc(name string, args ...Expr) *FuncCall {
	f := &FuncCall{name: name, args: args}
	f.self = f
	return f
}

// func1 calls a one-argument function.
func func1(name string, x any) *FuncCall { return newFunc(name, asExpr(x)) }

// func2 calls a two-argument function.
func func2(name string, x, y any) *FuncCall { return newFunc(name, asExpr(x), asExpr(y)) }

// Count is count(x).
func Count(x any) *FuncCall { return func1("count", x) }

// CountAll is count(*).
func CountAll() *FuncCall { f := newFunc("count"); f.star = true; return f }

// CountDistinct is count(DISTINCT x).
func CountDistinct(x any) *FuncCall { f := Count(x); f.distinct = true; return f }

// Sum is sum(x).
func Sum(x any) *FuncCall { return func1("sum", x) }

// Avg is avg(x).
func Avg(x any) *FuncCall { return func1("avg", x) }

// Min is min(x).
func Min(x any) *FuncCall { return func1("min", x) }

// Max is max(x).
func Max(x any) *FuncCall { return func1("max", x) }

// Coalesce is coalesce(args...).
func Coalesce(args ...any) *FuncCall { return Func("coalesce", args...) }

// Lower is lower(x).
func Lower(x any) *FuncCall { return func1("lower", x) }

// Upper is upper(x).
func Upper(x any) *FuncCall { return func1("upper", x) }

// Abs is abs(x).
func Abs(x any) *FuncCall { return func1("abs", x) }

// Length is the number of characters of a string, not of bytes, on every
// database: char_length on PostgreSQL and MySQL (MySQL's length counts
// bytes), length on SQLite, which counts the characters of a TEXT value
// (but the bytes of a BLOB).
func Length(x any) *FuncCall { return func1("char_length", x) }

// RowNumber is the window function row_number().
func RowNumber() *FuncCall { return newFunc("row_number") }

// Rank is the window function rank().
func Rank() *FuncCall { return newFunc("rank") }

// DenseRank is the window function dense_rank().
func DenseRank() *FuncCall { return newFunc("dense_rank") }

// Lag is the window function lag(x, offset).
func Lag(x any, offset int) *FuncCall {
	return func2("lag", x, offset)
}

// Lead is the window function lead(x, offset).
func Lead(x any, offset int) *FuncCall {
	return func2("lead", x, offset)
}

// Filter returns the aggregate restricted to rows matching cond (FILTER
// (WHERE cond)), PostgreSQL and SQLite only. f is left as it was, so one
// call kept in a variable can be filtered differently per query.
func (f *FuncCall) Filter(cond Expr) *FuncCall { n := f.copy(); n.filter = cond; return n }

// Over returns f as a window function over w; f is left as it was.
func (f *FuncCall) Over(w *Window) *FuncCall { n := f.copy(); n.window = w; return n }

func (f *FuncCall) copy() *FuncCall {
	n := *f
	n.self = &n
	return &n
}

// Window is an OVER clause: PARTITION BY, ORDER BY and an optional frame.
type Window struct {
	Partition []Expr
	Order     []Expr
	Frame     *Frame
}

// Frame is a window frame: ROWS or RANGE BETWEEN Start AND End.
type Frame struct {
	Range      bool
	Start, End FrameBound
}

// FrameBound is one end of a window frame.
type FrameBound struct {
	Kind   BoundKind
	Offset any // bound parameter for Preceding and Following
}

// BoundKind says where a frame bound lies.
type BoundKind uint8

// Frame bound kinds.
const (
	BoundUnboundedPreceding BoundKind = iota + 1
	BoundPreceding
	BoundCurrentRow
	BoundFollowing
	BoundUnboundedFollowing
)

// Frame bounds.
var (
	UnboundedPreceding = FrameBound{Kind: BoundUnboundedPreceding}
	CurrentRow         = FrameBound{Kind: BoundCurrentRow}
	UnboundedFollowing = FrameBound{Kind: BoundUnboundedFollowing}
)

// Preceding is "n PRECEDING".
func Preceding(n int) FrameBound { return FrameBound{Kind: BoundPreceding, Offset: n} }

// Following is "n FOLLOWING".
func Following(n int) FrameBound { return FrameBound{Kind: BoundFollowing, Offset: n} }

// Over starts a window definition.
func Over() *Window { return &Window{} }

// PartitionBy sets PARTITION BY.
func (w *Window) PartitionBy(exprs ...Expr) *Window {
	w.Partition = appendNew(w.Partition, exprs)
	return w
}

// OrderBy sets the window's ORDER BY (columns or orderings).
func (w *Window) OrderBy(items ...Expr) *Window { w.Order = appendNew(w.Order, items); return w }

// Rows sets a ROWS frame.
func (w *Window) Rows(start, end FrameBound) *Window {
	w.Frame = &Frame{Start: start, End: end}
	return w
}

// RangeBetween sets a RANGE frame.
func (w *Window) RangeBetween(start, end FrameBound) *Window {
	w.Frame = &Frame{Range: true, Start: start, End: end}
	return w
}

// CaseExpr is CASE [operand] WHEN ... THEN ... [ELSE ...] END.
type CaseExpr struct {
	Ops
	Operand Expr
	Whens   []When
	ElseTo  Expr
}

// When is one WHEN ... THEN ... arm.
type When struct{ Cond, Result Expr }

// Case starts a searched CASE: Case().When(cond, result)...Else(v).
func Case() *CaseExpr { c := &CaseExpr{}; c.self = c; return c }

// CaseOf starts a simple CASE on operand: CaseOf(x).When(value, result).
func CaseOf(operand any) *CaseExpr { c := Case(); c.Operand = asExpr(operand); return c }

// When adds an arm; cond is a condition, or a value for CaseOf. Like a
// statement's builders, When and Else change the receiver and return it.
func (c *CaseExpr) When(cond, result any) *CaseExpr {
	c.Whens = append(slices.Clip(c.Whens), When{Cond: asExpr(cond), Result: asExpr(result)})
	return c
}

// Else sets the ELSE result.
func (c *CaseExpr) Else(result any) *CaseExpr { c.ElseTo = asExpr(result); return c }

// CastExpr is CAST(X AS Type).
type CastExpr struct {
	Ops
	X    Expr
	Type Type
}

// Cast converts x to t.
func Cast(x any, t Type) *CastExpr { c := &CastExpr{X: asExpr(x), Type: t}; c.self = c; return c }

// ExistsExpr is [NOT] EXISTS (subquery).
type ExistsExpr struct {
	Ops
	Sub     Selectable
	Negated bool // NOT EXISTS
}

// Exists is EXISTS (sub).
func Exists(sub Selectable) *ExistsExpr { e := &ExistsExpr{Sub: sub}; e.self = e; return e }

// NotExists is NOT EXISTS (sub).
func NotExists(sub Selectable) *ExistsExpr { e := Exists(sub); e.Negated = true; return e }

func (*FuncCall) exprNode()   {}
func (*CaseExpr) exprNode()   {}
func (*CastExpr) exprNode()   {}
func (*ExistsExpr) exprNode() {}

package expr

// FuncCall is a SQL function call, optionally an aggregate with DISTINCT or
// FILTER, or a window function with OVER.
type FuncCall struct {
	Ops
	// Name is the function's name. The compiler accepts only names made of
	// letters, digits and underscores (optionally schema-qualified), so a
	// name can never carry SQL.
	Name     string
	Star     bool // name(*)
	Distinct bool // name(DISTINCT args)
	nargs    uint8
	// Extras holds FILTER and OVER, which most calls do without; nil
	// when neither is set.
	Extras *FuncExtras

	// Up to two arguments (nargs) live in the call itself (see Args), so
	// most calls, labelled or not, are one 112-byte allocation.
	argBuf [2]Expr
	label  Label // the first label made by As, kept in the call
}

// Args returns the call's arguments. The slice shares the call's storage:
// read it, do not change it.
func (f *FuncCall) Args() []Expr {
	if f.Extras != nil && f.Extras.moreArgs != nil {
		return f.Extras.moreArgs
	}
	return f.argBuf[:f.nargs:f.nargs]
}

// Func calls a SQL function by name. The name is a compile-time constant;
// arguments are expressions or values (bound).
func Func(name constSQL, args ...any) *FuncCall {
	f := newFunc(string(name))
	if len(args) > len(f.argBuf) {
		f.extras().moreArgs = asExprs(args)
		return f
	}
	for i, a := range args {
		f.argBuf[i] = asExpr(a)
	}
	f.nargs = uint8(len(args))
	return f
}

func newFunc(name string) *FuncCall {
	f := &FuncCall{Name: name}
	f.self = f
	return f
}

// func1 calls a one-argument function.
func func1(name string, x any) *FuncCall {
	f := newFunc(name)
	f.argBuf[0] = asExpr(x)
	f.nargs = 1
	return f
}

// func2 calls a two-argument function.
func func2(name string, x, y any) *FuncCall {
	f := newFunc(name)
	f.argBuf = [2]Expr{asExpr(x), asExpr(y)}
	f.nargs = 2
	return f
}

// Count is count(x).
func Count(x any) *FuncCall { return func1("count", x) }

// CountAll is count(*).
func CountAll() *FuncCall { f := newFunc("count"); f.Star = true; return f }

// CountDistinct is count(DISTINCT x).
func CountDistinct(x any) *FuncCall { f := Count(x); f.Distinct = true; return f }

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

// Length is the character length of a string: char_length on PostgreSQL
// and MySQL, length on SQLite.
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

// As labels the call in a select list. The first label is kept inside the
// call, so labelling an aggregate costs no allocation of its own.
func (f *FuncCall) As(name string) *Label {
	if f.label.X != nil {
		return newLabel(f, name) // labelled before: a label of its own
	}
	f.label = Label{X: f, Name: name}
	return &f.label
}

// FuncExtras are the clauses of a function call most calls do without.
type FuncExtras struct {
	FilterBy Expr    // FILTER (WHERE ...)
	Window   *Window // OVER (...)

	moreArgs []Expr // the arguments of a call with more than two
}

func (f *FuncCall) extras() *FuncExtras {
	if f.Extras == nil {
		f.Extras = &FuncExtras{}
	}
	return f.Extras
}

// Filter restricts an aggregate to rows matching cond (FILTER (WHERE cond)).
// PostgreSQL and SQLite only.
func (f *FuncCall) Filter(cond Expr) *FuncCall { f.extras().FilterBy = cond; return f }

// Over makes f a window function over w.
func (f *FuncCall) Over(w *Window) *FuncCall { f.extras().Window = w; return f }

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
	w.Partition = append(w.Partition, exprs...)
	return w
}

// OrderBy sets the window's ORDER BY (columns or orderings).
func (w *Window) OrderBy(items ...Expr) *Window { w.Order = append(w.Order, items...); return w }

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

// When adds an arm; cond is a condition, or a value for CaseOf.
func (c *CaseExpr) When(cond, result any) *CaseExpr {
	c.Whens = append(c.Whens, When{Cond: asExpr(cond), Result: asExpr(result)})
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
	Sub Selectable
	Not bool
}

// Exists is EXISTS (sub).
func Exists(sub Selectable) *ExistsExpr { e := &ExistsExpr{Sub: sub}; e.self = e; return e }

// NotExists is NOT EXISTS (sub).
func NotExists(sub Selectable) *ExistsExpr { e := Exists(sub); e.Not = true; return e }

func (*FuncCall) exprNode()   {}
func (*CaseExpr) exprNode()   {}
func (*CastExpr) exprNode()   {}
func (*ExistsExpr) exprNode() {}

package expr

import "unsafe"

type constSQL string

type constInt int

type TextClause struct{}

type SelectStmt struct{}

type FuncCall struct{}

type LiteralExpr struct{}

type TableOption interface{}

type ColumnOption interface{}

func UnsafeRawSQL(sql string) *TextClause { return nil }

func Text(sql constSQL) *TextClause { return nil }

func Func(name constSQL, args ...any) *FuncCall { return nil }

func Check(name string, condition constSQL) TableOption { return nil }

func ServerDefault(sql constSQL) ColumnOption {
	t := Text(sql) // a constant-only value passed on: its caller gave a constant
	return t
}

func Literal(sql constSQL) *LiteralExpr { return nil }

func (s *SelectStmt) LimitConst(n constInt) *SelectStmt { return s }

func (s *SelectStmt) Limit(n int) *SelectStmt { return s }

// Conversions inside the package: from a constant, fine; from a run-time
// value, directly or through unsafe, the constant-only rule is broken.
var star = Text(constSQL("*"))

func fromRuntime(s string) *TextClause {
	return Text(constSQL(s)) // want `conversion of a run-time value to expr.constSQL`
}

func throughUnsafe(s string) *TextClause {
	return Text(*(*constSQL)(unsafe.Pointer(&s))) // want `conversion of a run-time value to \*expr.constSQL`
}

// errText is unexported but no exported function takes it: not constant-only.
type errText string

func (e errText) Error() string { return string(e) }

func wrap(s string) error { return errText(s) }

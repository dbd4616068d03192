package app

import (
	"reflect"

	"github.com/sqlforge/sqlforge/expr"
)

// forge passes run-time values to the constant-only functions through a
// type parameter, which Go infers as their unexported parameter types.
func forge[S ~string](f func(S) *expr.TextClause, s string) *expr.TextClause { return f(S(s)) }

func forgeInt[T ~int](f func(T) *expr.SelectStmt, n int) *expr.SelectStmt { return f(T(n)) }

// limiter lets Go infer T from the method of the type passed as l.
type limiter[T any] interface{ LimitConst(T) *expr.SelectStmt }

func forgeMethod[T ~int](l limiter[T], n int) *expr.SelectStmt { return l.LimitConst(T(n)) }

type holder[F any] struct{ f F }

func holes(q *expr.SelectStmt, userInput string, size int) {
	_ = forge(expr.Text, userInput)                                              // want `forge instantiated with expr.constSQL` `expr.Text used as a value`
	_ = forgeInt(q.LimitConst, size)                                             // want `forgeInt instantiated with expr.constInt` `\(\*expr.SelectStmt\).LimitConst used as a value`
	_ = forgeMethod(q, size)                                                     // want `forgeMethod instantiated with expr.constInt`
	g := (*expr.SelectStmt).LimitConst                                           // want `LimitConst used as a value`
	raw := expr.UnsafeRawSQL                                                     // want `expr.UnsafeRawSQL used as a value`
	_ = raw(userInput)                                                           //
	fns := map[string]any{"text": expr.Text, "raw": expr.UnsafeRawSQL}           // want `expr.Text used as a value` `expr.UnsafeRawSQL used as a value`
	_ = holder[func(string) *expr.TextClause]{expr.UnsafeRawSQL}                 // want `expr.UnsafeRawSQL used as a value`
	reflect.ValueOf(expr.Text).Call([]reflect.Value{reflect.ValueOf(userInput)}) // want `expr.Text used as a value`
	reflect.ValueOf(expr.Func)                                                   // want `expr.Func used as a value`
	reflect.ValueOf(q).MethodByName("LimitConst")                                // want `MethodByName\("LimitConst"\) finds a method that takes SQL`
	reflect.ValueOf(q).MethodByName("Limit")
	check, def, lit := expr.Check, expr.ServerDefault, expr.Literal // want `expr.Check used as a value` `expr.ServerDefault used as a value` `expr.Literal used as a value`
	_, _, _, _, _ = g, fns, check, def, lit
}

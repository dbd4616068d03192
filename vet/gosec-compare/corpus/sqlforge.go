package corpus

import (
	"fmt"
	"net/http"
	"reflect"

	"github.com/sqlforge/sqlforge/expr"
)

// unsafe: user input concatenated into expr.UnsafeRawSQL.
func unsafeRawConcat(table string) *expr.TextClause {
	return expr.UnsafeRawSQL("SELECT * FROM " + table)
}

// unsafe: user input concatenated into a variable, then expr.UnsafeRawSQL
// (expr.Text with the same variable does not compile).
func unsafeRawVariable(name string) *expr.TextClause {
	q := "SELECT id FROM users WHERE name = '" + name + "'"
	return expr.UnsafeRawSQL(q)
}

// unsafe: fmt.Sprintf into expr.UnsafeRawSQL.
func unsafeRawSprintf(order string) *expr.TextClause {
	return expr.UnsafeRawSQL(fmt.Sprintf("SELECT id FROM users ORDER BY %s", order))
}

// unsafe: a request parameter concatenated into expr.UnsafeRawSQL.
func unsafeRawRequest(r *http.Request) *expr.TextClause {
	return expr.UnsafeRawSQL("SELECT id FROM users ORDER BY " + r.FormValue("order"))
}

// unsafe: expr.UnsafeRawSQL as a function value.
func unsafeRawValue(userInput string) *expr.TextClause {
	raw := expr.UnsafeRawSQL
	return raw(userInput)
}

// unsafe: a map of SQL-taking functions.
func unsafeRawMap(kind, userInput string) *expr.TextClause {
	fns := map[string]func(string) *expr.TextClause{"raw": expr.UnsafeRawSQL}
	return fns[kind](userInput)
}

// conv forges constant-only SQL: Go infers S as expr's unexported type.
func conv[S ~string](f func(S) *expr.TextClause, s string) *expr.TextClause { return f(S(s)) }

// unsafe: expr.Text passed to a generic helper that converts user input.
func genericText(userInput string) *expr.TextClause {
	return conv(expr.Text, userInput)
}

// unsafe: expr.Func (a SQL function name) through the same kind of helper.
func genericFunc(userInput string) *expr.FuncCall {
	return convFunc(expr.Func, userInput)
}

func convFunc[S ~string](f func(S, ...any) *expr.FuncCall, s string) *expr.FuncCall { return f(S(s)) }

type limiter[T any] interface{ LimitConst(T) *expr.SelectStmt }

func lim[T ~int](l limiter[T], n int) *expr.SelectStmt { return l.LimitConst(T(n)) }

// unsafe: LimitConst's constant-only type inferred from an interface method.
func genericInterface(q *expr.SelectStmt, size int) *expr.SelectStmt {
	return lim(q, size)
}

// unsafe: reflect.ValueOf(expr.Text).Call with user input.
func reflectCall(userInput string) *expr.TextClause {
	f := reflect.ValueOf(expr.Text)
	out := f.Call([]reflect.Value{reflect.ValueOf(userInput).Convert(f.Type().In(0))})
	return out[0].Interface().(*expr.TextClause)
}

// unsafe: reflect's MethodByName finds LimitConst.
func reflectMethod(q *expr.SelectStmt, size int) *expr.SelectStmt {
	m := reflect.ValueOf(q).MethodByName("LimitConst")
	out := m.Call([]reflect.Value{reflect.ValueOf(size).Convert(m.Type().In(0))})
	return out[0].Interface().(*expr.SelectStmt)
}

// safe: expr.Text with a constant, the value bound.
func textBound(email string) *expr.TextClause {
	return expr.Text("SELECT id FROM users WHERE email = :email").Bind("email", email)
}

// safe: expr.Text with a constant concatenation.
func textConstConcat() *expr.TextClause {
	return expr.Text(usersQuery + " WHERE id = :id")
}

// safe: the other constant-only functions called with constants.
func constantOnlyCalls(q *expr.SelectStmt) *expr.SelectStmt {
	_ = expr.Func("lower", "X")
	_ = expr.Literal("1")
	_ = expr.ServerDefault("CURRENT_TIMESTAMP")
	_ = expr.Check("positive", "qty > 0")
	return q.LimitConst(100)
}

var migrations = map[int]string{1: "CREATE TABLE t (id INT)"}

// safe: expr.UnsafeRawSQL of trusted SQL, marked reviewed.
func unsafeRawReviewed(version int) *expr.TextClause {
	return expr.UnsafeRawSQL(migrations[version]) // sqlforgevet:reviewed: SQL from the program's own migration list
}

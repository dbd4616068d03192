package expr

// constInt is LimitConst's parameter type: an untyped integer constant
// converts to it and a variable of type int does not, so only a number
// written in the program reaches it, as constSQL does for SQL text.
type constInt int

// ConstInt is a LIMIT that the compiler writes into the SQL as digits.
// Only LimitConst makes one, from a Go constant, so SQL text still never
// holds a run-time value, and each constant is one shape in the cache.
type ConstInt struct{ n int }

// Int returns the number.
func (c ConstInt) Int() int { return c.n }

// LimitConst sets LIMIT n with n written into the SQL text; n must be a
// constant (q.LimitConst(100) compiles, q.LimitConst(size) with an int
// variable does not). It is for a page size fixed in the program: for a
// prepared statement whose LIMIT is a parameter, PostgreSQL never adopts
// a generic plan (it estimates an unknown LIMIT as a tenth of the table,
// far costlier than the custom plan) and so plans every execution again;
// with a literal it plans once. A negative n fails to compile, as with
// Limit.
func (s *SelectStmt) LimitConst(n constInt) *SelectStmt { s.limit = ConstInt{int(n)}; return s }

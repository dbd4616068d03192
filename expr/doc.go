// Package expr is sqlforge's SQL expression language: schema metadata
// (MetaData, Table, Column, constraints, types) and the trees of
// expressions and statements built from it. It depends on nothing; the
// compile package turns its statements into SQL for a dialect.
//
// # Schema
//
// Tables are defined once, usually in package-level variables:
//
//	var (
//		meta  = expr.NewMetaData()
//		users = meta.MustTable("users",
//			expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
//			expr.Col("name", expr.Varchar(100), expr.NotNull),
//			expr.Col("org_id", expr.BigInt, expr.References("orgs.id", expr.OnDelete(expr.Cascade))),
//		)
//	)
//
// Table.C returns a column and panics on a misspelt name, so typos stop the
// program at start-up. MetaData.SortedTables orders tables by their foreign
// keys for CREATE (and, reversed, DROP) and reports cycles.
//
// # Expressions and statements
//
// Every expression — columns, function calls, arithmetic, CASE, CAST,
// comparisons and the other conditions — embeds Ops, which gives it the
// operators, And, Or and Not, and As:
//
//	q := expr.Select(users.C("id"), users.C("name")).
//		Where(users.C("age").Gt(18).Or(users.C("vip").IsTrue()), users.C("name").Contains(search)).
//		OrderBy(users.C("name").Asc()).
//		Limit(10)
//
// Statements (Select, Insert, Update, Delete, the compound selects) are
// plain values. Their builders change and return their receiver, and never
// write into a list a copy may share, so a copy made by assignment or
// Clone is independent of the original both ways: derive variants of a
// base query freely. Each statement's Clauses method returns what it
// holds, for compilers and inspection. Compiling only reads a statement,
// so one built once can be compiled from many goroutines at a time. UPDATE
// and DELETE without WHERE are refused at compile time unless AllRows says
// that every row is meant. Values makes a VALUES list, rows of bound values
// used as a table in FROM: the way to update many rows in one statement,
// each to values of its own.
//
// # Safety
//
// Go values are always bound parameters; nothing a caller passes as a
// value can change the SQL text. Identifiers are quoted by the dialect.
// SQL text is accepted only from compile-time constants: Text, Func,
// Literal, Check and ServerDefault take an unexported string type that a
// string literal or constant converts to and a run-time string does not
// (and Literal, which writes a number into the SQL, accepts only numbers). Names
// that come from users go through Table.Lookup or an Allow list, which
// return an *UnknownColumnError for anything else. UnsafeRawSQL is the one,
// loudly named, exception.
package expr

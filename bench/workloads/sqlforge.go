package workloads

import (
	"database/sql"

	"github.com/sqlforge/sqlforge/compile"

	"github.com/sqlforge/sqlforge/expr"
)

// FilterUsersStmt builds workload (a):
//
//	SELECT id, name, email FROM users
//	WHERE age > ? AND status = ? AND name LIKE ?
//	ORDER BY created_at DESC LIMIT ?
func FilterUsersStmt(f Filter) *expr.SelectStmt {
	return expr.Select(usersID, usersName, usersEmail).
		Where(usersAge.Gt(f.MinAge), usersStatus.Eq(f.Status), usersName.Like(f.NameLike)).
		OrderBy(usersCreatedAt.Desc()).
		Limit(f.Limit)
}

// OrderTotalsStmt builds workload (b): the active users' order counts and
// totals, for users with a recent order and a large enough total.
//
//	SELECT users.id, users.name, count(orders.id) AS order_count, sum(orders.amount) AS total
//	FROM users JOIN orders ON orders.user_id = users.id
//	WHERE users.status = ? AND users.id IN (SELECT user_id FROM orders WHERE created_at >= ?)
//	GROUP BY users.id, users.name HAVING sum(orders.amount) > ?
func OrderTotalsStmt(t Totals) *expr.SelectStmt {
	recent := expr.Select(ordersUserID).Where(ordersCreatedAt.Ge(t.Since))
	return expr.Select(usersID, usersName,
		expr.Count(ordersID).As("order_count"),
		expr.Sum(ordersAmount).As("total")).
		From(Users).
		Join(Orders, ordersUserID.Eq(usersID)).
		Where(usersStatus.Eq(t.Status), usersID.In(recent)).
		GroupBy(usersID, usersName).
		Having(expr.Sum(ordersAmount).Gt(t.MinTotal))
}

// InsertUserStmt builds workload (c): INSERT INTO users (six columns)
// VALUES (one row).
func InsertUserStmt(u User) *expr.InsertStmt {
	return expr.Insert(Users).Columns(userColumns...).
		Values(u.ID, u.Name, u.Email, u.Age, u.Status, u.CreatedAt)
}

// InsertUsersStmt builds workload (d): INSERT INTO users (six columns)
// VALUES one row per user.
func InsertUsersStmt(users []User) *expr.InsertStmt {
	q := expr.Insert(Users).Columns(userColumns...).Grow(len(users))
	for _, u := range users {
		q.Values(u.ID, u.Name, u.Email, u.Age, u.Status, u.CreatedAt)
	}
	return q
}

// UpdateUserStmt builds workload (e):
//
//	UPDATE users SET name = ?, email = ?, status = ? WHERE id = ?
func UpdateUserStmt(c Change) *expr.UpdateStmt {
	return expr.Update(Users).
		Set(usersName, c.Name).
		Set(usersEmail, c.Email).
		Set(usersStatus, c.Status).
		Where(usersID.Eq(c.ID))
}

// FilterUsers builds and compiles workload (a), appending its arguments
// to args.
func FilterUsers(f Filter, args []any) (string, []any) {
	return compileStmt(FilterUsersStmt(f), args)
}

// OrderTotals builds and compiles workload (b), appending its arguments
// to args.
func OrderTotals(t Totals, args []any) (string, []any) {
	return compileStmt(OrderTotalsStmt(t), args)
}

// InsertUser builds and compiles workload (c), appending its arguments
// to args.
func InsertUser(u User, args []any) (string, []any) {
	return compileStmt(InsertUserStmt(u), args)
}

// InsertUsers builds and compiles workload (d), appending its arguments
// to args.
func InsertUsers(users []User, args []any) (string, []any) {
	return compileStmt(InsertUsersStmt(users), args)
}

// UpdateUser builds and compiles workload (e), appending its arguments
// to args.
func UpdateUser(c Change, args []any) (string, []any) {
	return compileStmt(UpdateUserStmt(c), args)
}

// The prepared forms: workloads (a), (b), (c) and (e) built once, with a
// named parameter (expr.Param) where the per-call forms take a value, and
// prepared once (compile.Compiler.Prepare): a call only collects its
// values into args, with no walk and no cache lookup. (LIMIT takes no
// parameter: (a)'s is the same, 10, on every call.)
var (
	filterUsersPrepared = mustPrepare(expr.Select(usersID, usersName, usersEmail).
				Where(usersAge.Gt(expr.Param("min_age")), usersStatus.Eq(expr.Param("status")), usersName.Like(expr.Param("name_like"))).
				OrderBy(usersCreatedAt.Desc()).
				Limit(10))
	orderTotalsPrepared = mustPrepare(expr.Select(usersID, usersName,
		expr.Count(ordersID).As("order_count"),
		expr.Sum(ordersAmount).As("total")).
		From(Users).
		Join(Orders, ordersUserID.Eq(usersID)).
		Where(usersStatus.Eq(expr.Param("status")),
			usersID.In(expr.Select(ordersUserID).Where(ordersCreatedAt.Ge(expr.Param("since"))))).
		GroupBy(usersID, usersName).
		Having(expr.Sum(ordersAmount).Gt(expr.Param("min_total"))))
	insertUserPrepared = mustPrepare(expr.Insert(Users).Columns(userColumns...).
				Values(expr.Param("id"), expr.Param("name"), expr.Param("email"),
			expr.Param("age"), expr.Param("status"), expr.Param("created_at")))
	updateUserPrepared = mustPrepare(expr.Update(Users).
				Set(usersName, expr.Param("name")).
				Set(usersEmail, expr.Param("email")).
				Set(usersStatus, expr.Param("status")).
				Where(usersID.Eq(expr.Param("id"))))
)

// FilterUsersPrepared runs workload (a) prepared once, with f's values as
// its parameters.
func FilterUsersPrepared(f Filter, args []any) (string, []any) {
	return execPrepared(filterUsersPrepared, args,
		sql.Named("min_age", f.MinAge), sql.Named("status", f.Status), sql.Named("name_like", f.NameLike))
}

// OrderTotalsPrepared runs workload (b) prepared once, with t's values as
// its parameters.
func OrderTotalsPrepared(t Totals, args []any) (string, []any) {
	return execPrepared(orderTotalsPrepared, args,
		sql.Named("status", t.Status), sql.Named("since", t.Since), sql.Named("min_total", t.MinTotal))
}

// InsertUserPrepared runs workload (c) prepared once, with u's values as
// its parameters.
func InsertUserPrepared(u User, args []any) (string, []any) {
	return execPrepared(insertUserPrepared, args,
		sql.Named("id", u.ID), sql.Named("name", u.Name), sql.Named("email", u.Email),
		sql.Named("age", u.Age), sql.Named("status", u.Status), sql.Named("created_at", u.CreatedAt))
}

// UpdateUserPrepared runs workload (e) prepared once, with c's values as
// its parameters.
func UpdateUserPrepared(c Change, args []any) (string, []any) {
	return execPrepared(updateUserPrepared, args,
		sql.Named("name", c.Name), sql.Named("email", c.Email), sql.Named("status", c.Status), sql.Named("id", c.ID))
}

func mustPrepare(st expr.Statement) *compile.Prepared {
	p, err := Compiler.Prepare(st)
	if err != nil {
		panic("workloads: " + err.Error())
	}
	return p
}

func execPrepared(p *compile.Prepared, args []any, params ...sql.NamedArg) (string, []any) {
	args, err := p.Args(args, params...)
	if err != nil {
		panic("workloads: " + err.Error())
	}
	return p.SQL(), args
}

// compileStmt compiles with Compiler. The workloads' statements are fixed
// and valid, so an error is a bug in sqlforge or here: it panics.
func compileStmt(st expr.Statement, args []any, params ...sql.NamedArg) (string, []any) {
	text, args, err := Compiler.Compile(st, args, params...)
	if err != nil {
		panic("workloads: " + err.Error())
	}
	return text, args
}

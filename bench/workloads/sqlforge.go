package workloads

import "github.com/sqlforge/sqlforge/expr"

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

// compileStmt compiles with Compiler. The workloads' statements are fixed
// and valid, so an error is a bug in sqlforge or here: it panics.
func compileStmt(st expr.Statement, args []any) (string, []any) {
	sql, args, err := Compiler.Compile(st, args)
	if err != nil {
		panic("workloads: " + err.Error())
	}
	return sql, args
}

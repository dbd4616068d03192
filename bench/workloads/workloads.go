package workloads

import "github.com/sqlforge/sqlforge/expr"

// Workload is one benchmark statement, in the form table-driven benchmarks
// and tests use: each function takes the call's number i, derives its
// input from it (FilterAt, TotalsAt, UserAt, BatchAt or ChangeAt), and
// appends the statement's arguments to args.
type Workload struct {
	// Name is the benchmark name: "a-select", "b-join", "c-insert",
	// "d-insert100" or "e-update".
	Name string
	// Args is the number of arguments sqlforge and the baseline bind.
	Args int
	// Build builds the sqlforge statement of call i without compiling it.
	Build func(i int) expr.Statement
	// SQLForge builds the statement of call i and compiles it with Compiler.
	SQLForge func(i int, args []any) (string, []any)
	// Baseline renders the same SQL and arguments by hand.
	Baseline func(i int, args []any) (string, []any)
	// Prepared runs the statement built with named parameters
	// (expr.Param) and prepared once, binding call i's values; nil for (d), whose 600
	// values are no statement to name one by one.
	Prepared func(i int, args []any) (string, []any)
}

// All lists workloads (a) to (e) in order.
var All = []Workload{
	{
		Name:     "a-select",
		Args:     4,
		Build:    func(i int) expr.Statement { return FilterUsersStmt(FilterAt(i)) },
		SQLForge: func(i int, args []any) (string, []any) { return FilterUsers(FilterAt(i), args) },
		Baseline: func(i int, args []any) (string, []any) { return FilterUsersBaseline(FilterAt(i), args) },
		Prepared: func(i int, args []any) (string, []any) { return FilterUsersPrepared(FilterAt(i), args) },
	},
	{
		Name:     "b-join",
		Args:     3,
		Build:    func(i int) expr.Statement { return OrderTotalsStmt(TotalsAt(i)) },
		SQLForge: func(i int, args []any) (string, []any) { return OrderTotals(TotalsAt(i), args) },
		Baseline: func(i int, args []any) (string, []any) { return OrderTotalsBaseline(TotalsAt(i), args) },
		Prepared: func(i int, args []any) (string, []any) { return OrderTotalsPrepared(TotalsAt(i), args) },
	},
	{
		Name:     "c-insert",
		Args:     6,
		Build:    func(i int) expr.Statement { return InsertUserStmt(UserAt(i)) },
		SQLForge: func(i int, args []any) (string, []any) { return InsertUser(UserAt(i), args) },
		Baseline: func(i int, args []any) (string, []any) { return InsertUserBaseline(UserAt(i), args) },
		Prepared: func(i int, args []any) (string, []any) { return InsertUserPrepared(UserAt(i), args) },
	},
	{
		Name:     "d-insert100",
		Args:     6 * BatchSize,
		Build:    func(i int) expr.Statement { return InsertUsersStmt(BatchAt(i)) },
		SQLForge: func(i int, args []any) (string, []any) { return InsertUsers(BatchAt(i), args) },
		Baseline: func(i int, args []any) (string, []any) { return InsertUsersBaseline(BatchAt(i), args) },
	},
	{
		Name:     "e-update",
		Args:     4,
		Build:    func(i int) expr.Statement { return UpdateUserStmt(ChangeAt(i)) },
		SQLForge: func(i int, args []any) (string, []any) { return UpdateUser(ChangeAt(i), args) },
		Baseline: func(i int, args []any) (string, []any) { return UpdateUserBaseline(ChangeAt(i), args) },
		Prepared: func(i int, args []any) (string, []any) { return UpdateUserPrepared(ChangeAt(i), args) },
	},
}

package app

import "github.com/sqlforge/sqlforge/expr"

const migration = "CREATE TABLE t (id INT)"

func queries(table, userInput string) {
	expr.UnsafeRawSQL("SELECT 1")               // want `constant SQL: use expr.Text`
	expr.UnsafeRawSQL(migration)                // want `constant SQL: use expr.Text`
	expr.UnsafeRawSQL("SELECT * FROM " + table) // want `built at run time`
	expr.UnsafeRawSQL(userInput)                // want `built at run time`
	// sqlforgevet:reviewed: table names come from a fixed list
	expr.UnsafeRawSQL("SELECT * FROM " + table)
	expr.UnsafeRawSQL(table)   // sqlforgevet:reviewed
	(expr.UnsafeRawSQL)(table) // sqlforgevet:reviewed
	sql := "SELECT * FROM " + table
	expr.UnsafeRawSQL(sql) // want `built at run time`
}

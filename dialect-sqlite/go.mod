module github.com/sqlforge/sqlforge/dialect-sqlite

go 1.26

require (
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/engine v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
)

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/engine => ../engine
	github.com/sqlforge/sqlforge/expr => ../expr
)

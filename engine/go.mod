module github.com/sqlforge/sqlforge/engine

go 1.26

require (
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
)

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/expr => ../expr
)

module github.com/sqlforge/sqlforge/bench

go 1.26

require (
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/dialect-postgres v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
)

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/dialect-postgres => ../dialect-postgres
	github.com/sqlforge/sqlforge/expr => ../expr
)

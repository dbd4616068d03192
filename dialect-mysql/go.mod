module github.com/sqlforge/sqlforge/dialect-mysql

go 1.26

require (
	github.com/go-sql-driver/mysql v1.10.1
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/engine v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
)

require filippo.io/edwards25519 v1.2.0 // indirect

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/engine => ../engine
	github.com/sqlforge/sqlforge/expr => ../expr
)

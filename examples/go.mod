module github.com/sqlforge/sqlforge/examples

go 1.26

require (
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/dialect-sqlite v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
	github.com/sqlforge/sqlforge/pool v0.0.0
)

require (
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	github.com/sqlforge/sqlforge/dialect-mysql v0.0.0
	github.com/sqlforge/sqlforge/dialect-postgres v0.0.0
	github.com/sqlforge/sqlforge/mapper v0.0.0
)

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/dialect-sqlite => ../dialect-sqlite
	github.com/sqlforge/sqlforge/expr => ../expr
	github.com/sqlforge/sqlforge/pool => ../pool
)

replace github.com/sqlforge/sqlforge/dialect-postgres => ../dialect-postgres

replace github.com/sqlforge/sqlforge/dialect-mysql => ../dialect-mysql

replace github.com/sqlforge/sqlforge/mapper => ../mapper

replace github.com/sqlforge/sqlforge/engine => ../engine

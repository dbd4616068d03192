module github.com/sqlforge/sqlforge/unitofwork

go 1.26

require (
	github.com/sqlforge/sqlforge/dialect-sqlite v0.0.0
	github.com/sqlforge/sqlforge/engine v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
	github.com/sqlforge/sqlforge/identity v0.0.0
	github.com/sqlforge/sqlforge/mapper v0.0.0
)

require (
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	github.com/sqlforge/sqlforge/compile v0.0.0 // indirect
)

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/dialect-sqlite => ../dialect-sqlite
	github.com/sqlforge/sqlforge/engine => ../engine
	github.com/sqlforge/sqlforge/expr => ../expr
	github.com/sqlforge/sqlforge/identity => ../identity
	github.com/sqlforge/sqlforge/mapper => ../mapper
)

module github.com/sqlforge/sqlforge/clustertest

go 1.26

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/expr => ../expr
)

require github.com/sqlforge/sqlforge/compile v0.0.0

require github.com/sqlforge/sqlforge/expr v0.0.0 // indirect

module github.com/sqlforge/sqlforge/mapper

go 1.26

require github.com/sqlforge/sqlforge/expr v0.0.0

replace github.com/sqlforge/sqlforge/expr => ../expr

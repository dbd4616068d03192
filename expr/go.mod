module github.com/sqlforge/sqlforge/expr

go 1.26

module github.com/sqlforge/sqlforge/identity

go 1.26

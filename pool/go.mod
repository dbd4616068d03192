module github.com/sqlforge/sqlforge/pool

go 1.26

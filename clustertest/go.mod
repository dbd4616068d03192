module github.com/sqlforge/sqlforge/clustertest

go 1.26

replace (
	github.com/sqlforge/sqlforge/compile => ../compile
	github.com/sqlforge/sqlforge/dialect-mysql => ../dialect-mysql
	github.com/sqlforge/sqlforge/dialect-postgres => ../dialect-postgres
	github.com/sqlforge/sqlforge/dialect-sqlite => ../dialect-sqlite
	github.com/sqlforge/sqlforge/engine => ../engine
	github.com/sqlforge/sqlforge/expr => ../expr
	github.com/sqlforge/sqlforge/identity => ../identity
	github.com/sqlforge/sqlforge/mapper => ../mapper
	github.com/sqlforge/sqlforge/unitofwork => ../unitofwork
)

require (
	github.com/jackc/pgx/v5 v5.12.0
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/dialect-mysql v0.0.0
	github.com/sqlforge/sqlforge/dialect-postgres v0.0.0
	github.com/sqlforge/sqlforge/engine v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
	github.com/sqlforge/sqlforge/mapper v0.0.0
	github.com/sqlforge/sqlforge/unitofwork v0.0.0
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/go-sql-driver/mysql v1.10.1 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/sqlforge/sqlforge/identity v0.0.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)

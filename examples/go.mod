module github.com/sqlforge/sqlforge/examples

go 1.26.0

require (
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/dialect-sqlite v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
	github.com/sqlforge/sqlforge/pool v0.0.0
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/go-sql-driver/mysql v1.10.1 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/pgx/v5 v5.12.0 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/sqlforge/sqlforge/identity v0.0.0 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel v1.47.0 // indirect
	go.opentelemetry.io/otel/log v1.47.0 // indirect
	go.opentelemetry.io/otel/metric v1.47.0 // indirect
	go.opentelemetry.io/otel/trace v1.47.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)

require (
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/sqlforge/sqlforge/dialect-mysql v0.0.0
	github.com/sqlforge/sqlforge/dialect-postgres v0.0.0
	github.com/sqlforge/sqlforge/engine v0.0.0
	github.com/sqlforge/sqlforge/mapper v0.0.0
	github.com/sqlforge/sqlforge/otelhook v0.0.0-00010101000000-000000000000
	github.com/sqlforge/sqlforge/unitofwork v0.0.0
	go.opentelemetry.io/otel/exporters/stdout/stdouttrace v1.47.0
	go.opentelemetry.io/otel/sdk v1.47.0
	go.opentelemetry.io/otel/sdk/metric v1.47.0
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

replace github.com/sqlforge/sqlforge/unitofwork => ../unitofwork

replace github.com/sqlforge/sqlforge/identity => ../identity

replace github.com/sqlforge/sqlforge/otelhook => ../otelhook

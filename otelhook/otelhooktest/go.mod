module github.com/sqlforge/sqlforge/otelhook/otelhooktest

go 1.26.0

replace (
	github.com/sqlforge/sqlforge/compile => ../../compile
	github.com/sqlforge/sqlforge/dialect-mysql => ../../dialect-mysql
	github.com/sqlforge/sqlforge/dialect-postgres => ../../dialect-postgres
	github.com/sqlforge/sqlforge/dialect-sqlite => ../../dialect-sqlite
	github.com/sqlforge/sqlforge/engine => ../../engine
	github.com/sqlforge/sqlforge/expr => ../../expr
	github.com/sqlforge/sqlforge/identity => ../../identity
	github.com/sqlforge/sqlforge/mapper => ../../mapper
	github.com/sqlforge/sqlforge/otelhook => ..
	github.com/sqlforge/sqlforge/unitofwork => ../../unitofwork
)

require (
	github.com/sqlforge/sqlforge/dialect-sqlite v0.0.0-00010101000000-000000000000
	github.com/sqlforge/sqlforge/engine v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
	github.com/sqlforge/sqlforge/otelhook v0.0.0-00010101000000-000000000000
	go.opentelemetry.io/otel/metric v1.47.0
	go.opentelemetry.io/otel/trace v1.47.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	github.com/sqlforge/sqlforge/compile v0.0.0 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel v1.47.0 // indirect
	go.opentelemetry.io/otel/log v1.47.0 // indirect
)

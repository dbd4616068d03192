module github.com/sqlforge/sqlforge/bench/peers

go 1.26.0

require (
	github.com/XSAM/otelsql v0.44.0
	github.com/go-sql-driver/mysql v1.10.1
	github.com/sqlforge/sqlforge/bench v0.0.0
	github.com/sqlforge/sqlforge/clustertest v0.0.0
	github.com/sqlforge/sqlforge/compile v0.0.0
	github.com/sqlforge/sqlforge/dialect-mysql v0.0.0
	github.com/sqlforge/sqlforge/dialect-postgres v0.0.0
	github.com/sqlforge/sqlforge/dialect-sqlite v0.0.0
	github.com/sqlforge/sqlforge/expr v0.0.0
	github.com/sqlforge/sqlforge/otelhook v0.0.0-00010101000000-000000000000
	github.com/sqlforge/sqlforge/otelhook/otelhooktest v0.0.0-00010101000000-000000000000
	github.com/sqlforge/sqlforge/pool v0.0.0
	github.com/sqlforge/sqlforge/unitofwork v0.0.0
	github.com/uptrace/bun/dialect/sqlitedialect v1.3.0
	go.opentelemetry.io/otel v1.47.0
	go.opentelemetry.io/otel/metric v1.47.0
	go.opentelemetry.io/otel/sdk v1.47.0
	go.opentelemetry.io/otel/sdk/metric v1.47.0
	go.opentelemetry.io/otel/trace v1.47.0
	gorm.io/driver/mysql v1.6.0
	gorm.io/driver/postgres v1.6.3
	gorm.io/driver/sqlite v1.6.0
	gorm.io/gorm v1.31.2
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/jinzhu/now v1.1.5 // indirect
	github.com/sqlforge/sqlforge/identity v0.0.0 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel/log v1.47.0 // indirect
	golang.org/x/crypto v0.57.0 // indirect
)

require (
	github.com/Masterminds/squirrel v1.5.4
	github.com/doug-martin/goqu/v9 v9.19.0
	github.com/georgysavva/scany/v2 v2.1.4
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/pgx/v5 v5.12.0
	github.com/jackc/puddle/v2 v2.2.3
	github.com/jinzhu/inflection v1.0.0 // indirect
	github.com/jmoiron/sqlx v1.4.0
	github.com/lann/builder v0.0.0-20180802200727-47ae307949d0 // indirect
	github.com/lann/ps v0.0.0-20150810152359-62de8c46ede0 // indirect
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/puzpuzpuz/xsync/v3 v3.5.1 // indirect
	github.com/sqlforge/sqlforge/engine v0.0.0
	github.com/sqlforge/sqlforge/mapper v0.0.0
	github.com/tmthrgd/go-hex v0.0.0-20190904060850-447a3041c3bc // indirect
	github.com/uptrace/bun v1.3.0
	github.com/uptrace/bun/dialect/mysqldialect v1.3.0
	github.com/uptrace/bun/dialect/pgdialect v1.3.0
	github.com/vmihailenco/msgpack/v5 v5.4.1 // indirect
	github.com/vmihailenco/tagparser/v2 v2.0.0 // indirect
	golang.org/x/mod v0.41.0 // indirect
	golang.org/x/sync v0.23.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
)

replace github.com/sqlforge/sqlforge/bench => ..

replace github.com/sqlforge/sqlforge/expr => ../../expr

replace github.com/sqlforge/sqlforge/compile => ../../compile

replace github.com/sqlforge/sqlforge/dialect-postgres => ../../dialect-postgres

replace github.com/sqlforge/sqlforge/pool => ../../pool

replace github.com/sqlforge/sqlforge/mapper => ../../mapper

replace github.com/sqlforge/sqlforge/engine => ../../engine

replace github.com/sqlforge/sqlforge/dialect-mysql => ../../dialect-mysql

replace github.com/sqlforge/sqlforge/dialect-sqlite => ../../dialect-sqlite

replace github.com/sqlforge/sqlforge/unitofwork => ../../unitofwork

replace github.com/sqlforge/sqlforge/identity => ../../identity

replace github.com/sqlforge/sqlforge/otelhook => ../../otelhook

replace github.com/sqlforge/sqlforge/otelhook/otelhooktest => ../../otelhook/otelhooktest

replace github.com/sqlforge/sqlforge/clustertest => ../../clustertest

package peers_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mattn/go-sqlite3"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/sqlforge/sqlforge/compile/compiletest"
)

// otelBackend is one database for the tracing tests and benchmarks: a
// connector to a fresh database holding the table otel_users (id, a
// UNIQUE email, an integer age), and its SQL.
type otelBackend struct {
	name      string
	connector driver.Connector
	// insert takes (id, email); get takes (id) and returns email; cast
	// takes one text value and casts it to an integer on the server.
	insert, get, cast string
}

// otelSentinel is the parameter value the tracing tests look for in
// every recorded attribute, event, status and metric label: the servers
// quote it in their error messages (MariaDB's "Duplicate entry",
// PostgreSQL's DETAIL line and "invalid input syntax").
const otelSentinel = "sentinel-7f3a@example.test"

type dsnConnector struct {
	dsn string
	d   driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

func otelSQLite(tb testing.TB) otelBackend {
	dsn := "file:" + filepath.Join(tb.TempDir(), "otel.db") + "?_busy_timeout=5000"
	b := otelBackend{name: "sqlite", connector: dsnConnector{dsn, &sqlite3.SQLiteDriver{}},
		insert: "INSERT INTO otel_users (id, email) VALUES (?, ?)",
		get:    "SELECT email FROM otel_users WHERE id = ?",
		cast:   "SELECT CAST(? AS INTEGER)",
	}
	otelCreate(tb, b, "CREATE TABLE otel_users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER)")
	return b
}

func otelPostgres(tb testing.TB) otelBackend {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	schema := pgBenchSchema(tb, ctx, "sqlforge_otel_")
	cfg, err := pgx.ParseConfig(pgDSN())
	if err != nil {
		tb.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = schema
	b := otelBackend{name: "postgres", connector: stdlib.GetConnector(*cfg),
		insert: "INSERT INTO otel_users (id, email) VALUES ($1, $2)",
		get:    "SELECT email FROM otel_users WHERE id = $1",
		cast:   "SELECT $1::text::integer",
	}
	otelCreate(tb, b, "CREATE TABLE otel_users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER)")
	return b
}

// otelMariaDB opens a database of its own; interpolate sets the driver's
// InterpolateParams (without it, an Exec with arguments answers
// driver.ErrSkip and database/sql prepares the statement instead).
func otelMariaDB(tb testing.TB, interpolate bool) otelBackend {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg, err := mysql.ParseDSN(compiletest.EnvOr("SQLFORGE_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/test"))
	if err != nil {
		tb.Fatal(err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		compiletest.Unreachable(tb, "MariaDB at SQLFORGE_MYSQL_DSN", err)
	}
	tb.Cleanup(func() { admin.Close() })
	name := compiletest.UniqueName("sqlforge_otel_")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
	cfg.DBName = name
	cfg.InterpolateParams = interpolate
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	b := otelBackend{name: "mariadb", connector: c,
		insert: "INSERT INTO otel_users (id, email) VALUES (?, ?)",
		get:    "SELECT email FROM otel_users WHERE id = ?",
		cast:   "SELECT CAST(? AS INTEGER)",
	}
	otelCreate(tb, b, "CREATE TABLE otel_users (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, age INT) ENGINE=InnoDB")
	return b
}

func otelCreate(tb testing.TB, b otelBackend, ddl string) {
	tb.Helper()
	db := sql.OpenDB(b.connector)
	defer db.Close()
	if _, err := db.Exec(ddl); err != nil {
		tb.Fatal(err)
	}
}

// otelBackends returns the three databases (MariaDB without
// InterpolateParams, the driver's default).
func otelBackends(t *testing.T) []func(testing.TB) otelBackend {
	return []func(testing.TB) otelBackend{
		otelSQLite,
		otelPostgres,
		func(tb testing.TB) otelBackend { return otelMariaDB(tb, false) },
	}
}

// sentinelHits lists every place of the recorded spans and metrics whose
// text contains s: span names, attribute keys and values, event names
// and attributes, status descriptions, link attributes and metric data
// point attributes.
func sentinelHits(spans tracetest.SpanStubs, rm *metricdata.ResourceMetrics, s string) []string {
	var hits []string
	attrs := func(where string, kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			if strings.Contains(string(kv.Key), s) || strings.Contains(kv.Value.Emit(), s) {
				hits = append(hits, where+" attribute "+string(kv.Key)+"="+kv.Value.Emit())
			}
		}
	}
	for _, sp := range spans {
		where := "span " + sp.Name
		if strings.Contains(sp.Name, s) {
			hits = append(hits, where+" name")
		}
		if strings.Contains(sp.Status.Description, s) {
			hits = append(hits, where+" status "+sp.Status.Description)
		}
		attrs(where, sp.Attributes)
		for _, ev := range sp.Events {
			if strings.Contains(ev.Name, s) {
				hits = append(hits, where+" event name "+ev.Name)
			}
			attrs(where+" event "+ev.Name, ev.Attributes)
		}
		for _, l := range sp.Links {
			attrs(where+" link", l.Attributes)
		}
	}
	if rm != nil {
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				for _, set := range metricAttrSets(m.Data) {
					attrs("metric "+m.Name, set.ToSlice())
				}
			}
		}
	}
	return hits
}

// metricAttrSets returns the attribute sets of a metric's data points.
func metricAttrSets(data metricdata.Aggregation) []attribute.Set {
	var out []attribute.Set
	switch d := data.(type) {
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	}
	return out
}

// collect reads the reader's metrics.
func collect(tb testing.TB, r *sdkmetric.ManualReader) *metricdata.ResourceMetrics {
	tb.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		tb.Fatal(err)
	}
	return &rm
}

// otelWorkload runs on db what the tracing tests record: an insert, the
// same insert again (a unique violation quoting the email on MariaDB and
// in PostgreSQL's DETAIL), a cast of the email to an integer (PostgreSQL
// quotes it in its message), a query and a committed transaction.
// It returns the errors of the two failing statements.
func otelWorkload(t *testing.T, ctx context.Context, db *sql.DB, b otelBackend) (dup, cast error) {
	t.Helper()
	if _, err := db.ExecContext(ctx, b.insert, 1, otelSentinel); err != nil {
		t.Fatal(err)
	}
	_, dup = db.ExecContext(ctx, b.insert, 2, otelSentinel)
	if dup == nil {
		t.Fatal("second insert of the same email: no error")
	}
	var n int64
	cast = db.QueryRowContext(ctx, b.cast, otelSentinel).Scan(&n)
	var email string
	if err := db.QueryRowContext(ctx, b.get, 1).Scan(&email); err != nil || email != otelSentinel {
		t.Fatalf("get: %q, %v", email, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, b.insert, 3, "other@example.test"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return dup, cast
}

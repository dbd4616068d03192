package otelhook

import (
	"context"
	"database/sql/driver"
	"io"
	"reflect"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/sqlforge/sqlforge/engine"
)

// wrapOptions are the settings of WrapConnector and WrapDriver that the
// engine hook does not use.
type wrapOptions struct {
	classifier engine.Classifier
	describer  engine.Describer
	errorText  bool
	poolName   string
}

// WithClassifier gives the driver wrapper the dialect module's error
// classifier (pgdialect.Classifier{}, mysqldialect.Classifier{},
// sqlitedialect.Classifier{}), from which a failed statement's span gets
// error.type and db.response.status_code: the SQLSTATE on PostgreSQL,
// the error number on MySQL and MariaDB, the extended result code on
// SQLite. Without it the wrapper still finds a SQLSTATE through a
// SQLState() string method of the driver's error (pgx's *pgconn.PgError
// has one) and the failures every driver shares (a canceled context, a
// broken connection). The engine hook takes its codes from the engine and
// ignores this option.
func WithClassifier(c engine.Classifier) Option {
	return optionFunc(func(cfg *config) {
		cfg.wrap.classifier = c
		cfg.wrap.describer, _ = c.(engine.Describer)
	})
}

// WithDriverErrorText makes the driver wrapper record a failed
// statement's error message, as the span's status description and an
// "exception" event. Servers quote parameter values in their messages
// (MariaDB's "Duplicate entry 'ann@example.com' for key 'email'",
// PostgreSQL's `invalid input syntax for type integer: "abc"`), so those
// values then reach the tracing backend: turn it on only where that is
// acceptable. Without it a span holds error.type and
// db.response.status_code, never the message.
func WithDriverErrorText() Option {
	return optionFunc(func(cfg *config) { cfg.wrap.errorText = true })
}

// WithPoolName sets db.client.connection.pool.name of the
// db.client.connection.create_time histogram the driver wrapper records
// for each new connection. Without it the name is the conventions'
// fallback, server.address:server.port/db.namespace (see WithServer and
// WithNamespace), or db.system.name when neither is set.
func WithPoolName(name string) Option {
	return optionFunc(func(cfg *config) { cfg.wrap.poolName = name })
}

// wrapper is what every connection of a wrapped driver or connector
// shares: the configuration, the tracer, the instruments and the cache
// of statement summaries.
type wrapper struct {
	cfg     config
	tracers tracers
	inst    instruments
	sums    summaries
	system  attribute.KeyValue
	// create is db.client.connection.create_time; createAttrs its
	// attributes, one option ready to pass.
	create      metric.Float64Histogram
	createAttrs []metric.RecordOption
}

// newWrapper configures the wrapper of driver d's connections. The
// instruments cannot be refused by a working meter provider; if one is,
// the error goes to otel.Handle and the wrapper records what it can.
func newWrapper(d driver.Driver, opts []Option) *wrapper {
	w := &wrapper{cfg: newConfig(opts)}
	w.tracers.fixed = w.cfg.tp
	inst, err := newInstruments(w.cfg.mp)
	if err != nil {
		otel.Handle(err)
	}
	w.inst = inst
	w.system = w.cfg.system(driverDialect(d))
	w.sums.backslash = backslashEscapes(w.system)
	ph, err := newPoolHistograms(w.cfg.mp, w.poolName())
	if err != nil {
		otel.Handle(err)
	}
	w.create, w.createAttrs = ph.create, ph.attrs
	return w
}

// poolName is WithPoolName's name, or the conventions' fallback.
func (w *wrapper) poolName() string {
	if w.cfg.wrap.poolName != "" {
		return w.cfg.wrap.poolName
	}
	name := serverPort(w.cfg.address, w.cfg.port)
	if w.cfg.namespace != "" {
		name += "/" + w.cfg.namespace
	}
	if name == "" {
		name = w.system.Value.AsString()
	}
	return name
}

// driverDialect names the database of a driver from its package, for
// db.system.name (WithSystem overrides it): the drivers sqlforge's
// dialects use and the other common ones. It runs once per wrapper.
func driverDialect(d driver.Driver) string {
	if d == nil {
		return ""
	}
	t := reflect.TypeOf(d)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pkg := t.PkgPath()
	switch {
	case strings.HasPrefix(pkg, "github.com/jackc/pgx"), pkg == "github.com/lib/pq":
		return "postgres"
	case pkg == "github.com/go-sql-driver/mysql":
		return "mysql"
	case pkg == "github.com/mattn/go-sqlite3", strings.HasPrefix(pkg, "modernc.org/sqlite"):
		return "sqlite"
	}
	return ""
}

// WrapConnector returns a connector whose connections record, for every
// statement run through them, the same span and
// db.client.operation.duration measurement as the engine hook (Hook), a
// span per transaction with its statements as children, and
// db.client.connection.create_time per new connection. Use it with
// database/sql or sqlforge's pool:
//
//	db := sql.OpenDB(otelhook.WrapConnector(connector, otelhook.WithClassifier(pgdialect.Classifier{})))
//
// The wrapped connections have the optional interfaces of database/sql/driver
// wherever database/sql's behaviour without them can be reproduced, and
// reproduce it when the driver's connection lacks one; so a program
// behaves the same wrapped or not. A statement's span is started when
// the driver's call returns, with the call's start time, so that a
// driver.ErrSkip (the driver asking database/sql to prepare the
// statement instead) leaves no span and no measurement behind; the
// driver's own instrumentation, if any, does not see it as a parent.
func WrapConnector(c driver.Connector, opts ...Option) driver.Connector {
	return &connector{inner: c, w: newWrapper(c.Driver(), opts)}
}

// WrapDriver is WrapConnector for a driver: register the result with
// sql.Register, or pass its OpenConnector's connector to sql.OpenDB.
func WrapDriver(d driver.Driver, opts ...Option) driver.Driver {
	return &wrappedDriver{inner: d, w: newWrapper(d, opts)}
}

type connector struct {
	inner driver.Connector
	w     *wrapper
}

var (
	_ driver.Connector = (*connector)(nil)
	_ io.Closer        = (*connector)(nil)
)

// Connect connects through the wrapped connector and records the time
// it took.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	start := time.Now()
	ic, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	c.w.create.Record(ctx, time.Since(start).Seconds(), c.w.createAttrs...)
	return newConn(ic, c.w), nil
}

// Driver returns the wrapped connector's driver, wrapped.
func (c *connector) Driver() driver.Driver { return &wrappedDriver{inner: c.inner.Driver(), w: c.w} }

// Close closes the wrapped connector if it is an io.Closer, as
// sql.DB.Close would.
func (c *connector) Close() error {
	if cl, ok := c.inner.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

type wrappedDriver struct {
	inner driver.Driver
	w     *wrapper
}

var _ driver.DriverContext = (*wrappedDriver)(nil)

// Open opens a connection of the wrapped driver.
func (d *wrappedDriver) Open(name string) (driver.Conn, error) {
	start := time.Now()
	ic, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	d.w.create.Record(context.Background(), time.Since(start).Seconds(), d.w.createAttrs...)
	return newConn(ic, d.w), nil
}

// OpenConnector returns the wrapped driver's connector for name, or,
// for a driver without one, a connector calling its Open as database/sql
// would, wrapped.
func (d *wrappedDriver) OpenConnector(name string) (driver.Connector, error) {
	if dc, ok := d.inner.(driver.DriverContext); ok {
		ic, err := dc.OpenConnector(name)
		if err != nil {
			return nil, err
		}
		return &connector{inner: ic, w: d.w}, nil
	}
	return &connector{inner: dsnConnector{name: name, d: d.inner}, w: d.w}, nil
}

// dsnConnector connects by calling a driver's Open with a name.
type dsnConnector struct {
	name string
	d    driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.name) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

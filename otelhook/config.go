package otelhook

import (
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Option configures New.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// config is what the options set. The statement, transaction and flush
// spans of the engine hook and the driver wrapper share it.
type config struct {
	// tp is the tracer provider; nil means the global one, looked up
	// for each statement so that one set later takes effect.
	tp trace.TracerProvider
	// mp is the meter provider; nil means the global one.
	mp metric.MeterProvider
	// system overrides db.system.name ("" : from the dialect's name).
	systemName string
	// namespace is db.namespace ("": not recorded).
	namespace string
	// address and port are server.address and server.port ("" and 0:
	// not recorded).
	address string
	port    int
	// noQueryText leaves db.query.text out of the spans.
	noQueryText bool
	// wrap holds the settings of the driver wrapper only (wrap.go).
	wrap wrapOptions
	// fixed holds the attributes every span and measurement carries:
	// db.namespace, server.address, server.port. Built once in newConfig.
	fixed []attribute.KeyValue
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		o.apply(&c)
	}
	if c.namespace != "" {
		c.fixed = append(c.fixed, attribute.String("db.namespace", c.namespace))
	}
	if c.address != "" {
		c.fixed = append(c.fixed, attribute.String("server.address", c.address))
		if c.port > 0 {
			c.fixed = append(c.fixed, attribute.Int("server.port", c.port))
		}
	}
	return c
}

// WithTracerProvider makes the hook start its spans with tp's tracer.
// Without it the hook uses the global provider (otel.GetTracerProvider)
// at each statement, so that a provider set after New takes effect.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tp = tp })
}

// WithMeterProvider makes the hook record its metrics with mp's meter.
// Without it the hook uses the global provider (otel.GetMeterProvider),
// whose instruments follow a provider set later.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.mp = mp })
}

// WithNamespace sets db.namespace: the database (PostgreSQL, MySQL,
// MariaDB: the database name; SQLite: the file's name, or "main") the
// engine is connected to. The engine does not know it without asking the
// server, so the application says it, usually from its configuration.
func WithNamespace(name string) Option {
	return optionFunc(func(c *config) { c.namespace = name })
}

// WithServer sets server.address and server.port: the host name (or IP
// address, or Unix socket path) and port the engine connects to, as
// written in the application's configuration. A port of 0 is not
// recorded. Pass the host only — never a DSN, which may hold a password.
func WithServer(address string, port int) Option {
	return optionFunc(func(c *config) { c.address, c.port = address, port })
}

// WithSystem sets db.system.name for a database the hook does not know by
// its dialect's name; the names of the conventions are "postgresql",
// "mysql", "mariadb", "sqlite" and "other_sql".
func WithSystem(name string) Option {
	return optionFunc(func(c *config) { c.systemName = name })
}

// WithoutQueryText leaves db.query.text out of the spans. The text is
// the statement with placeholders, never values, and the hook records it
// by default; leave it out where even the shape of the statements must
// not reach the tracing backend, or to make spans smaller.
func WithoutQueryText() Option {
	return optionFunc(func(c *config) { c.noQueryText = true })
}

// serverPort formats a port for a span name target ("host:5432").
func serverPort(address string, port int) string {
	if port <= 0 {
		return address
	}
	return address + ":" + strconv.Itoa(port)
}

package mysqldialect

import (
	"context"
	"crypto/tls"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/engine"
)

// Option configures Open.
type Option interface{ apply(*openConfig) }

type optionFunc func(*openConfig)

func (f optionFunc) apply(c *openConfig) { f(c) }

type openConfig struct {
	engineOpts      []engine.Option
	password        func(ctx context.Context) (string, error)
	allowPlaintext  bool
	allowUnverified bool
	db              []func(*sql.DB)
	privileges      PrivilegePolicy
}

// WithEngineOptions passes options to engine.New.
func WithEngineOptions(opts ...engine.Option) Option {
	return optionFunc(func(c *openConfig) { c.engineOpts = append(c.engineOpts, opts...) })
}

// WithDBConfig lets fn adjust the *sql.DB (pool sizes, lifetimes) before
// the first connection.
func WithDBConfig(fn func(*sql.DB)) Option {
	return optionFunc(func(c *openConfig) { c.db = append(c.db, fn) })
}

// WithPasswordFunc makes every new physical connection ask fn for the
// password, for rotating credentials. It overrides a password in the DSN.
func WithPasswordFunc(fn func(ctx context.Context) (string, error)) Option {
	return optionFunc(func(c *openConfig) { c.password = fn })
}

// WithPasswordFromEnv takes the password from the environment variable
// name, read for each new connection.
func WithPasswordFromEnv(name string) Option {
	return WithPasswordFunc(engine.PasswordFromEnv(name))
}

// WithPasswordFromFile takes the password from a file (a container
// secret), read for each new connection; a trailing newline is dropped.
func WithPasswordFromFile(path string) Option {
	return WithPasswordFunc(engine.PasswordFromFile(path))
}

// InsecureAllowPlaintext allows connections without TLS (tls=false, or the
// plain-text fallback of tls=preferred) to hosts that are not local (see
// engine.IsLocalHost).
func InsecureAllowPlaintext() Option {
	return optionFunc(func(c *openConfig) { c.allowPlaintext = true })
}

// InsecureAllowUnverifiedTLS allows TLS without certificate verification
// (tls=skip-verify, tls=preferred) to hosts that are not local.
func InsecureAllowUnverifiedTLS() Option {
	return optionFunc(func(c *openConfig) { c.allowUnverified = true })
}

// Open connects to MySQL or MariaDB (go-sql-driver/mysql DSN syntax) and
// returns an Engine with the flavour of the server's VERSION() and this
// module's Classifier. It checks the connection before returning.
//
// TLS: for a host that is not local (engine.IsLocalHost), TLS with
// certificate and host name verification is used when the DSN has no tls
// parameter; tls=false, skip-verify and preferred are refused with
// engine.ErrInsecure unless InsecureAllowPlaintext or
// InsecureAllowUnverifiedTLS allows them.
//
// Credentials come from the DSN, or from WithPasswordFunc,
// WithPasswordFromEnv or WithPasswordFromFile, asked for each new
// connection. Errors from Open never contain the password.
//
// So that results mean the same as on PostgreSQL and SQLite, Open sets
// parseTime=true (DATE and DATETIME scan into time.Time; the driver's
// default returns bytes and every time.Time scan fails), loc=UTC and
// clientFoundRows=true (RowsAffected counts the rows an UPDATE matched,
// not only those whose value changed), unless the DSN sets them.
func Open(ctx context.Context, dsn string, opts ...Option) (*engine.Engine, error) {
	var oc openConfig
	for _, o := range opts {
		o.apply(&oc)
	}
	secrets := []string{dsnPassword(dsn)}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, engine.RedactError(err, secrets...)
	}
	secrets = append(secrets, cfg.Passwd)
	applyDefaults(cfg, dsn)
	if err := applyTLSPolicy(cfg, &oc); err != nil {
		return nil, err
	}
	if oc.password != nil {
		fn := oc.password
		if err := cfg.Apply(mysql.BeforeConnect(func(ctx context.Context, c *mysql.Config) error {
			pw, err := fn(ctx)
			if err != nil {
				return err
			}
			c.Passwd = pw
			return nil
		})); err != nil {
			return nil, err
		}
	}
	inner, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, engine.RedactError(err, secrets...)
	}
	conn := &notifyingConnector{inner: inner, secrets: secrets}
	db := sql.OpenDB(conn)
	for _, fn := range oc.db {
		fn(db)
	}
	var version string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		db.Close()
		return nil, engine.RedactError(err, secrets...)
	}
	eng, err := engine.New(engine.SQLDB(db), ForVersion(version),
		append([]engine.Option{engine.WithClassifier(Classifier{})}, oc.engineOpts...)...)
	if err != nil {
		db.Close()
		return nil, err
	}
	conn.setEngine(eng)
	if err := checkPrivileges(ctx, eng, oc.privileges); err != nil {
		eng.Close()
		return nil, err
	}
	return eng, nil
}

// applyDefaults sets parseTime and clientFoundRows where dsn does not set
// them. loc is already UTC in the driver's own defaults.
func applyDefaults(cfg *mysql.Config, dsn string) {
	if !dsnHasParam(dsn, "parseTime") {
		cfg.ParseTime = true
	}
	if !dsnHasParam(dsn, "clientFoundRows") {
		cfg.ClientFoundRows = true
	}
}

// dsnHasParam reports whether key is among the parameters after the "?"
// that follows the DSN's last "/", where mysql.ParseDSN reads them.
func dsnHasParam(dsn, key string) bool {
	_, params, ok := strings.Cut(dsn[strings.LastIndexByte(dsn, '/')+1:], "?")
	if !ok {
		return false
	}
	for p := range strings.SplitSeq(params, "&") {
		if k, _, _ := strings.Cut(p, "="); k == key {
			return true
		}
	}
	return false
}

// applyTLSPolicy enforces the TLS policy, turning verified TLS on for a
// remote host when the DSN does not choose.
func applyTLSPolicy(cfg *mysql.Config, oc *openConfig) error {
	if cfg.Net == "unix" {
		return nil
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		host = cfg.Addr
	}
	if engine.IsLocalHost(host) {
		return nil
	}
	switch {
	case cfg.TLS == nil && cfg.TLSConfig == "":
		cfg.TLS = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	case cfg.TLS == nil && !oc.allowPlaintext:
		return fmt.Errorf("%w: plain-text connection to %s (drop tls=false, or use the InsecureAllowPlaintext option)", engine.ErrInsecure, host)
	case cfg.TLS != nil && cfg.TLS.InsecureSkipVerify && !oc.allowUnverified:
		return fmt.Errorf("%w: TLS to %s without certificate verification (use tls=true, or the InsecureAllowUnverifiedTLS option)", engine.ErrInsecure, host)
	case cfg.AllowFallbackToPlaintext && !oc.allowPlaintext:
		return fmt.Errorf("%w: TLS to %s may fall back to plain text (use tls=true, or the InsecureAllowPlaintext option)", engine.ErrInsecure, host)
	}
	return nil
}

// dsnPassword extracts the password of a DSN that may not parse
// ("user:password@..."), so that it can be redacted from error text.
func dsnPassword(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	if at < 0 {
		return ""
	}
	if colon := strings.Index(dsn[:at], ":"); colon >= 0 {
		return dsn[colon+1 : at]
	}
	return ""
}

// notifyingConnector reports new connections to the engine's hooks, with
// errors redacted. Connections made before the engine exists (the
// version query) are reported once it does.
type notifyingConnector struct {
	inner   driver.Connector
	secrets []string
	mu      sync.Mutex // guards eng and pending
	eng     *engine.Engine
	pending []engine.ConnectEvent
}

func (c *notifyingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	start := time.Now()
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		err = engine.RedactError(err, c.secrets...)
	}
	ev := engine.ConnectEvent{Duration: time.Since(start), Err: err}
	c.mu.Lock()
	eng := c.eng
	if eng == nil {
		c.pending = append(c.pending, ev)
	}
	c.mu.Unlock()
	if eng != nil {
		eng.NotifyConnect(ctx, &ev)
	}
	return conn, err
}

func (c *notifyingConnector) Driver() driver.Driver { return c.inner.Driver() }

func (c *notifyingConnector) setEngine(e *engine.Engine) {
	c.mu.Lock()
	c.eng = e
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	for i := range pending {
		e.NotifyConnect(context.Background(), &pending[i])
	}
}

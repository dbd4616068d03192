package mysqldialect

import (
	"context"
	"crypto/tls"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
)

// WithDBConfig lets fn adjust the *sql.DB (pool sizes, lifetimes) before
// the first connection. Open has set its connection limit to
// engine.DefaultMaxConns.
func WithDBConfig(fn func(*sql.DB)) engine.OpenOption { return engine.DriverOption(fn) }

// insecureSettings holds the choices of the Insecure options of this
// module.
type insecureSettings struct {
	allowAllFiles         bool
	allowCleartextPasswds bool
}

// InsecureAllowAllFiles allows the DSN parameter allowAllFiles=true, with
// which the driver lets LOAD DATA LOCAL INFILE read any file of the client:
// a rogue or compromised server can then ask for any file the program may
// read (keys, credentials). Without this option Open refuses the DSN with
// engine.ErrInsecure. Prefer mysql.RegisterLocalFile for the files meant.
func InsecureAllowAllFiles() engine.OpenOption {
	return engine.DriverOption(func(s *insecureSettings) { s.allowAllFiles = true })
}

// InsecureAllowCleartextPasswords allows the DSN parameter
// allowCleartextPasswords=true to a host that is not local over a
// connection without verified TLS, where the password would cross the
// network readable, or go to whoever intercepts the connection. Without
// this option Open refuses such a DSN with engine.ErrInsecure.
func InsecureAllowCleartextPasswords() engine.OpenOption {
	return engine.DriverOption(func(s *insecureSettings) { s.allowCleartextPasswds = true })
}

// Open connects to MySQL or MariaDB (go-sql-driver/mysql DSN syntax) and
// returns an Engine with the flavour of the server's VERSION() and this
// module's Classifier. It checks the connection before returning. opts
// are engine.OpenOptions (engine options, password sources, TLS switches,
// role checks) and WithDBConfig.
//
// TLS: for a host that is not local (engine.IsLocalHost), TLS with
// certificate and host name verification is used when the DSN has no tls
// parameter; tls=false, skip-verify and preferred are refused with
// engine.ErrInsecure unless engine.InsecureAllowPlaintext or
// engine.InsecureAllowUnverifiedTLS allows them, and so is
// allowFallbackToPlaintext=true with any tls setting unless
// InsecureAllowPlaintext is given: the driver would fall back to plain
// text when the server offers no TLS. allowAllFiles=true is
// refused unless InsecureAllowAllFiles is given, and
// allowCleartextPasswords=true to such a host without verified TLS unless
// InsecureAllowCleartextPasswords is.
//
// Credentials come from the DSN, or from engine.WithPasswordFunc,
// WithPasswordFromEnv or WithPasswordFromFile, asked for each new
// connection. Errors from Open never contain the password (see
// engine.Open for what they keep); a DSN that does not parse is refused
// with engine.ErrInvalidDSN.
//
// A statement whose context ends (engine.WithStatementTimeout,
// engine.Timeout, a canceled context) is ended on the server with KILL
// QUERY, sent on a side connection, and its connection stays open; the
// driver alone would close the connection and leave the statement
// running on the server. Each connection asks for its CONNECTION_ID()
// once, when it is made.
//
// The pool opens at most engine.DefaultMaxConns connections (database/sql
// alone has no limit); WithDBConfig can change it.
//
// So that results mean the same as on PostgreSQL and SQLite, Open sets
// parseTime=true (DATE and DATETIME scan into time.Time; the driver's
// default returns bytes and every time.Time scan fails), loc=UTC and
// clientFoundRows=true (RowsAffected counts the rows an UPDATE matched,
// not only those whose value changed), unless the DSN sets them.
//
// On a MariaDB Galera cluster, CausalReads makes reads see what other
// nodes committed before them (see galera.go), and a transaction that
// loses certification at COMMIT is engine.ErrDeadlock, which
// engine.RunInTx retries.
//
// engine.WithRoleCheck reads the account's rights with Role.
func Open(ctx context.Context, dsn string, opts ...engine.OpenOption) (*engine.Engine, error) {
	return engine.Open(ctx, dsn, &openDriver{}, opts...)
}

// openDriver is Open's engine.Driver: go-sql-driver/mysql under database/sql.
type openDriver struct {
	Classifier
	cfg *mysql.Config
	db  []func(*sql.DB) // WithDBConfig
}

var _ engine.RoleReader = (*openDriver)(nil)

func (d *openDriver) Parse(dsn string, c *engine.OpenConfig) ([]engine.Endpoint, error) {
	c.AddSecret(dsnPassword(dsn))
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, parseError(err)
	}
	c.AddSecret(cfg.Passwd)
	c.SetHost(cfg.Addr)
	applyDefaults(cfg, dsn)
	applyGalera(cfg, c)
	if fn := c.Password(); fn != nil {
		if err := cfg.Apply(mysql.BeforeConnect(func(ctx context.Context, mc *mysql.Config) error {
			pw, err := fn(ctx)
			if err != nil {
				return err
			}
			mc.Passwd = pw
			return nil
		})); err != nil {
			return nil, err
		}
	}
	d.cfg, d.db = cfg, engine.DriverOptions[*sql.DB](c)
	var insecure insecureSettings
	engine.ApplyDriverOptions(c, &insecure)
	eps := endpoints(cfg)
	if err := checkInsecureParams(cfg, eps, insecure); err != nil {
		return nil, err
	}
	return eps, nil
}

// parseError returns the error of Open for the driver's error parsing a
// DSN, whose message may quote the DSN's parts (a network name, a
// parameter's value) and so pieces of a password the DSN holds.
func parseError(err error) error {
	return engine.InvalidDSN("mysqldialect: the DSN does not parse", err,
		"did you forget to escape a param value?", "network address not terminated (missing closing brace)",
		"missing the slash separating the database name", "interpolateParams can not be used with unsafe collations",
		"invalid bool value", "invalid dbname", "unknown config name", "invalid value for TLS config name",
		"unknown server pub key name", "invalid timeTruncate value", "invalid connectionAttributes value",
		"default addr for network")
}

// checkInsecureParams refuses allowAllFiles=true, and
// allowCleartextPasswords=true where a connection may go to a host that
// is not local without verified TLS, unless the Insecure option allows it.
func checkInsecureParams(cfg *mysql.Config, eps []engine.Endpoint, insecure insecureSettings) error {
	if cfg.AllowAllFiles && !insecure.allowAllFiles {
		return fmt.Errorf("%w: allowAllFiles=true lets the server read any file of the client (use mysql.RegisterLocalFile, or the mysqldialect.InsecureAllowAllFiles option)", engine.ErrInsecure)
	}
	if cfg.AllowCleartextPasswords && !insecure.allowCleartextPasswds {
		for _, ep := range eps {
			if !ep.TLS || !ep.Verified {
				return fmt.Errorf("%w: allowCleartextPasswords=true to %s without verified TLS (use tls=true, or the mysqldialect.InsecureAllowCleartextPasswords option)", engine.ErrInsecure, ep.Host)
			}
		}
	}
	return nil
}

func (d *openDriver) Connect(ctx context.Context, c *engine.OpenConfig) (engine.Source, compile.Dialect, error) {
	inner, err := mysql.NewConnector(d.cfg)
	if err != nil {
		return nil, nil, err
	}
	db := sql.OpenDB(&notifyingConnector{inner: newKillConnector(inner, d.cfg.InterpolateParams), c: c})
	db.SetMaxOpenConns(engine.DefaultMaxConns())
	for _, fn := range d.db {
		fn(db)
	}
	var version string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		db.Close()
		return nil, nil, err
	}
	return engine.SQLDB(db), ForVersion(version), nil
}

func (d *openDriver) Role(ctx context.Context, e *engine.Engine) (engine.RoleReport, error) {
	return Role(ctx, e)
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

// endpoints turns verified TLS on for a remote host when the DSN does not
// choose, and returns the ways a connection may go for the TLS policy.
func endpoints(cfg *mysql.Config) []engine.Endpoint {
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
	if cfg.TLS == nil && cfg.TLSConfig == "" {
		cfg.TLS = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	ep := engine.Endpoint{Host: host, TLS: cfg.TLS != nil, Verified: cfg.TLS != nil && !cfg.TLS.InsecureSkipVerify, Fix: "tls=true"}
	eps := []engine.Endpoint{ep}
	if ep.TLS && cfg.AllowFallbackToPlaintext {
		eps = append(eps, engine.Endpoint{Host: host, Fix: "tls=true without allowFallbackToPlaintext"})
	}
	return eps
}

// dsnPassword extracts the password of a DSN that may not parse
// ("user:password@..."), so that it can be redacted from error text. It
// reads it where mysql.ParseDSN does: between the first ":" and the last
// "@" before the DSN's last "/".
func dsnPassword(dsn string) string {
	head := dsn
	if slash := strings.LastIndexByte(dsn, '/'); slash >= 0 {
		head = dsn[:slash]
	}
	at := strings.LastIndexByte(head, '@')
	if at < 0 {
		return ""
	}
	if colon := strings.IndexByte(head[:at], ':'); colon >= 0 {
		return head[colon+1 : at]
	}
	return ""
}

// notifyingConnector reports new connections to the engine's hooks, with
// errors redacted.
type notifyingConnector struct {
	inner driver.Connector
	c     *engine.OpenConfig
}

func (n *notifyingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	start := time.Now()
	conn, err := n.inner.Connect(ctx)
	err = n.c.Redact(err)
	n.c.NotifyConnect(ctx, &engine.ConnectEvent{Duration: time.Since(start), Err: err})
	return conn, err
}

func (n *notifyingConnector) Driver() driver.Driver { return n.inner.Driver() }

// Close closes the inner connector when it has resources (killConnector's
// side connections); database/sql calls it from DB.Close.
func (n *notifyingConnector) Close() error {
	if c, ok := n.inner.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

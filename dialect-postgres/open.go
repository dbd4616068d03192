package pgdialect

import (
	"context"
	"crypto/tls"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
)

// WithPoolConfig lets fn adjust the pgxpool configuration (sizes,
// lifetimes) before the pool is created.
func WithPoolConfig(fn func(*pgxpool.Config)) engine.OpenOption { return engine.DriverOption(fn) }

// Open connects to PostgreSQL natively on a pgx pool and returns an Engine
// with this dialect; the pool's Source classifies errors. It checks the
// connection before returning. opts are engine.OpenOptions (engine
// options, password sources, TLS switches, role checks) and WithPoolConfig.
//
// TLS: for every host that is not local (engine.IsLocalHost), TLS with
// certificate and host name verification is required; when the DSN does
// not set sslmode (and PGSSLMODE is unset) Open uses sslmode=verify-full.
// sslmode disable, allow, prefer, require and verify-ca are refused with
// engine.ErrInsecure for such hosts unless engine.InsecureAllowPlaintext
// or engine.InsecureAllowUnverifiedTLS allows them.
//
// Credentials come from the DSN (or PGPASSWORD and .pgpass, as pgx reads
// them), or from engine.WithPasswordFunc, WithPasswordFromEnv or
// WithPasswordFromFile, asked for each new connection. Errors from Open
// never contain the password (see engine.Open for what they keep). A DSN
// that does not parse is refused with engine.ErrInvalidDSN, and so is a
// URL with an '@' after its user information: pgx, like libpq, ends the
// user information at the first '@', so an '@' or '/' in the password
// must be written %40 or %2F.
//
// The pool opens at most pgxpool's default number of connections,
// engine.DefaultMaxConns, unless the DSN's pool_max_conns or
// WithPoolConfig sets another.
//
// Connection poolers: behind a pooler in transaction mode (PgBouncer's
// pool_mode=transaction) pgx's default query exec mode, cache_statement,
// fails, and describe_exec may run another client's statement (see
// pooler.go). Open finds such a pooler with one query on its first
// connection (the cancel key's process ID is not pg_backend_pid()), or
// takes BehindPooler or the DSN setting sqlforge_pooler=transaction for
// it, and then uses cache_describe unless the DSN's
// default_query_exec_mode or WithPoolConfig chose a mode; cache_statement
// or describe_exec chosen so is refused with engine.ErrPoolerUnsafe.
// sqlforge_pooler=none skips the query. Pooler reports what Open found.
//
// engine.WithRoleCheck reads the role's rights with Role.
func Open(ctx context.Context, dsn string, opts ...engine.OpenOption) (*engine.Engine, error) {
	return engine.Open(ctx, dsn, &openDriver{}, opts...)
}

// openDriver is Open's engine.Driver: pgx's DSN and a pgxpool.
type openDriver struct {
	Classifier
	cfg    *pgxpool.Config
	pooler pooler
}

var _ engine.RoleReader = (*openDriver)(nil)

func (d *openDriver) Parse(dsn string, c *engine.OpenConfig) ([]engine.Endpoint, error) {
	for _, pw := range dsnPasswords(dsn) {
		c.AddSecret(pw)
	}
	if ambiguousURL(dsn) {
		return nil, errAmbiguousURL
	}
	cfg, err := parseConfig(dsn)
	if err != nil {
		return nil, parseError(err)
	}
	c.AddSecret(cfg.ConnConfig.Password)
	c.SetHost(cfg.ConnConfig.Host)
	mode := cfg.ConnConfig.DefaultQueryExecMode
	engine.ApplyDriverOptions(c, cfg)
	if err := d.pooler.parse(dsn, cfg, mode, c); err != nil {
		return nil, err
	}
	// Open's hooks run with those of WithPoolConfig, which may change the
	// connection's configuration: the TLS policy is checked again after
	// the user's BeforeConnect.
	userBefore, userAfter := cfg.BeforeConnect, cfg.AfterConnect
	password := c.Password()
	if password != nil || userBefore != nil {
		cfg.BeforeConnect = func(ctx context.Context, cc *pgx.ConnConfig) error {
			if password != nil {
				pw, err := password(ctx)
				if err != nil {
					return err
				}
				cc.Password = pw
			}
			if userBefore == nil {
				return nil
			}
			if err := userBefore(ctx, cc); err != nil {
				return err
			}
			return c.CheckEndpoints(endpoints(cc)...)
		}
	}
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		var err error
		if userAfter != nil {
			err = userAfter(ctx, conn)
		}
		c.NotifyConnect(ctx, &engine.ConnectEvent{Err: err})
		return err
	}
	d.cfg = cfg
	return endpoints(cfg.ConnConfig), nil
}

// endpoints returns the ways a connection of cc may go, for the TLS
// policy.
func endpoints(cc *pgx.ConnConfig) []engine.Endpoint {
	eps := []engine.Endpoint{endpoint(cc.Host, cc.TLSConfig)}
	for _, fb := range cc.Fallbacks {
		eps = append(eps, endpoint(fb.Host, fb.TLSConfig))
	}
	return eps
}

func endpoint(host string, tc *tls.Config) engine.Endpoint {
	return engine.Endpoint{Host: host, TLS: tc != nil, Verified: tc != nil && !tc.InsecureSkipVerify, Fix: "sslmode=verify-full"}
}

func (d *openDriver) Connect(ctx context.Context, c *engine.OpenConfig) (engine.Source, compile.Dialect, error) {
	p, info, err := d.pooler.connect(ctx, d.cfg)
	if err != nil {
		err, _ = cleanConnectError(err)
		return nil, nil, err
	}
	return &poolSource{p: p, redact: c.Redact, opened: true, pooler: info}, New(), nil
}

func (d *openDriver) Role(ctx context.Context, e *engine.Engine) (engine.RoleReport, error) {
	return Role(ctx, e)
}

// parseConfig parses dsn, defaulting sslmode to verify-full when a host is
// not local and neither the DSN nor PGSSLMODE chooses a mode.
func parseConfig(dsn string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if _, set := dsnSettings(dsn)["sslmode"]; set || os.Getenv("PGSSLMODE") != "" || allLocal(cfg) {
		return cfg, nil
	}
	switch {
	case strings.Contains(dsn, "://") && strings.Contains(dsn, "?"):
		dsn += "&sslmode=verify-full"
	case strings.Contains(dsn, "://"):
		dsn += "?sslmode=verify-full"
	default:
		dsn += " sslmode=verify-full"
	}
	return pgxpool.ParseConfig(dsn)
}

// allLocal reports whether every host the pool may dial is local.
func allLocal(cfg *pgxpool.Config) bool {
	if !engine.IsLocalHost(cfg.ConnConfig.Host) {
		return false
	}
	for _, fb := range cfg.ConnConfig.Fallbacks {
		if !engine.IsLocalHost(fb.Host) {
			return false
		}
	}
	return true
}

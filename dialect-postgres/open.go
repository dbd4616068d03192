package pgdialect

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

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
	pool            []func(*pgxpool.Config)
	privileges      PrivilegePolicy
}

// WithEngineOptions passes options to engine.New.
func WithEngineOptions(opts ...engine.Option) Option {
	return optionFunc(func(c *openConfig) { c.engineOpts = append(c.engineOpts, opts...) })
}

// WithPoolConfig lets fn adjust the pgxpool configuration (sizes,
// lifetimes) before the pool is created.
func WithPoolConfig(fn func(*pgxpool.Config)) Option {
	return optionFunc(func(c *openConfig) { c.pool = append(c.pool, fn) })
}

// WithPasswordFunc makes every new physical connection ask fn for the
// password, for rotating credentials such as cloud IAM tokens. It
// overrides a password in the DSN.
func WithPasswordFunc(fn func(ctx context.Context) (string, error)) Option {
	return optionFunc(func(c *openConfig) { c.password = fn })
}

// WithPasswordFromEnv takes the password from the environment variable
// name, read for each new connection.
func WithPasswordFromEnv(name string) Option {
	return WithPasswordFunc(engine.PasswordFromEnv(name))
}

// WithPasswordFromFile takes the password from a file (a container
// secret), read for each new connection so that a rotated secret is
// picked up; a trailing newline is dropped.
func WithPasswordFromFile(path string) Option {
	return WithPasswordFunc(engine.PasswordFromFile(path))
}

// InsecureAllowPlaintext allows connections without TLS (sslmode=disable,
// or the plain-text fallback of sslmode=prefer and allow) to hosts that are
// not local (see engine.IsLocalHost). Credentials and data then cross the
// network readable by anyone on the path.
func InsecureAllowPlaintext() Option {
	return optionFunc(func(c *openConfig) { c.allowPlaintext = true })
}

// InsecureAllowUnverifiedTLS allows TLS without certificate or host name
// verification (sslmode=require, verify-ca, prefer) to hosts that are not
// local. Such a connection can be intercepted by anyone who can redirect
// its traffic.
func InsecureAllowUnverifiedTLS() Option {
	return optionFunc(func(c *openConfig) { c.allowUnverified = true })
}

// Open connects to PostgreSQL natively on a pgx pool and returns an Engine
// with this dialect and its Classifier. It checks the connection before
// returning.
//
// TLS: for every host that is not local (engine.IsLocalHost), TLS with
// certificate and host name verification is required; when the DSN does
// not set sslmode (and PGSSLMODE is unset) Open uses sslmode=verify-full.
// sslmode disable, allow, prefer, require and verify-ca are refused with
// engine.ErrInsecure for such hosts unless InsecureAllowPlaintext or
// InsecureAllowUnverifiedTLS allows them.
//
// Credentials come from the DSN, or from WithPasswordFunc,
// WithPasswordFromEnv or WithPasswordFromFile, asked for each new
// connection. Errors from Open never contain the password.
func Open(ctx context.Context, dsn string, opts ...Option) (*engine.Engine, error) {
	var oc openConfig
	for _, o := range opts {
		o.apply(&oc)
	}
	secrets := dsnPasswords(dsn)
	cfg, err := parseConfig(dsn)
	if err != nil {
		return nil, engine.RedactError(err, secrets...)
	}
	if err := checkTLS(cfg, &oc); err != nil {
		return nil, err
	}
	secrets = append(secrets, cfg.ConnConfig.Password)
	for _, fn := range oc.pool {
		fn(cfg)
	}
	src := &poolSource{}
	var eng *engine.Engine
	if oc.password != nil {
		cfg.BeforeConnect = func(ctx context.Context, cc *pgx.ConnConfig) error {
			pw, err := oc.password(ctx)
			if err != nil {
				return err
			}
			cc.Password = pw
			return nil
		}
	}
	cfg.AfterConnect = func(ctx context.Context, _ *pgx.Conn) error {
		eng.NotifyConnect(ctx, &engine.ConnectEvent{})
		return nil
	}
	eng, err = engine.New(src, New(), oc.engineOpts...)
	if err != nil {
		return nil, err
	}
	if src.p, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, engine.RedactError(err, secrets...)
	}
	if err := eng.Ping(ctx); err != nil {
		eng.Close()
		return nil, engine.RedactError(err, secrets...)
	}
	if err := checkPrivileges(ctx, eng, oc.privileges); err != nil {
		eng.Close()
		return nil, err
	}
	return eng, nil
}

// parseConfig parses dsn, defaulting sslmode to verify-full when a host is
// not local and neither the DSN nor PGSSLMODE chooses a mode.
func parseConfig(dsn string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if strings.Contains(strings.ToLower(dsn), "sslmode") || os.Getenv("PGSSLMODE") != "" || allLocal(cfg) {
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

// checkTLS enforces the TLS policy on every host the pool may dial.
func checkTLS(cfg *pgxpool.Config, oc *openConfig) error {
	check := func(host string, tc *tls.Config) error {
		switch {
		case engine.IsLocalHost(host):
			return nil
		case tc == nil && !oc.allowPlaintext:
			return fmt.Errorf("%w: plain-text connection to %s (use sslmode=verify-full, or the InsecureAllowPlaintext option)", engine.ErrInsecure, host)
		case tc != nil && tc.InsecureSkipVerify && !oc.allowUnverified:
			return fmt.Errorf("%w: TLS to %s without host name verification (use sslmode=verify-full, or the InsecureAllowUnverifiedTLS option)", engine.ErrInsecure, host)
		}
		return nil
	}
	cc := cfg.ConnConfig
	if err := check(cc.Host, cc.TLSConfig); err != nil {
		return err
	}
	for _, fb := range cc.Fallbacks {
		if err := check(fb.Host, fb.TLSConfig); err != nil {
			return err
		}
	}
	return nil
}

var (
	urlPassword = regexp.MustCompile(`://[^/@]*?:([^@/]*)@`)
	kvPassword  = regexp.MustCompile(`(?i)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)
)

// dsnPasswords extracts the password of a DSN that may not parse, as
// written and decoded, so that it can be redacted from error text.
func dsnPasswords(dsn string) []string {
	if m := urlPassword.FindStringSubmatch(dsn); m != nil {
		if dec, err := url.PathUnescape(m[1]); err == nil && dec != m[1] {
			return []string{m[1], dec}
		}
		return []string{m[1]}
	}
	if m := kvPassword.FindStringSubmatch(dsn); m != nil {
		return []string{strings.Trim(m[1], "'")}
	}
	return nil
}

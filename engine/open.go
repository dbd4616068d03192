package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"github.com/sqlforge/sqlforge/compile"
)

// Driver is the part of a dialect module's Open that depends on the
// database driver; Open keeps the policy, the same on every database.
// A Driver serves one Open call: Parse may keep what it parsed for
// Connect.
//
// A Driver may also implement Classifier (the engine then classifies
// errors with it) and RoleReader (needed by WithRoleCheck).
type Driver interface {
	// Parse parses dsn and applies the options of c that concern the
	// driver: the DriverOptions, the password source, and verified TLS
	// for every host that is not local (IsLocalHost) where the DSN does
	// not choose. It records the DSN's passwords with c.AddSecret, for
	// Redact. A DSN it refuses is an InvalidDSN error, whose text is made
	// of constants: the drivers' parse errors quote the DSN. It returns
	// every endpoint a connection may use, for the TLS policy.
	Parse(dsn string, c *OpenConfig) ([]Endpoint, error)
	// Connect makes the connection source and returns it with the
	// dialect, which may depend on the server's version. The source calls
	// c.NotifyConnect for each new physical connection. Connect does not
	// have to check the connection: Open pings it.
	Connect(ctx context.Context, c *OpenConfig) (Source, compile.Dialect, error)
}

// RoleReader is implemented by a Driver whose database has roles: Role
// reads the rights of the role e connects as.
type RoleReader interface {
	Role(ctx context.Context, e *Engine) (RoleReport, error)
}

// Endpoint is one way a connection may reach the database, as the TLS
// policy of Open sees it. A DSN with a plain-text fallback (PostgreSQL's
// sslmode=prefer, MySQL's tls=preferred) has two endpoints for its host.
type Endpoint struct {
	// Host is a host name, an IP address or a Unix socket path.
	Host string
	// TLS is true when the connection is encrypted.
	TLS bool
	// Verified is true when TLS verifies the server's certificate and
	// host name.
	Verified bool
	// Fix is what to write in the DSN for verified TLS ("sslmode=verify-full"),
	// for the error that refuses the endpoint.
	Fix string
}

// DefaultMaxConns is how many connections the pool of a dialect module's
// Open may have at once unless an option changes it
// (pgdialect.WithPoolConfig, mysqldialect.WithDBConfig,
// sqlitedialect.WithDBConfig): four, or the number of CPUs where there are
// more, as pgxpool's own default. A bounded pool makes a burst of work wait
// for a connection, instead of opening as many as the server allows and
// leaving none to its other clients.
func DefaultMaxConns() int { return max(4, runtime.NumCPU()) }

// ErrNoRoles: WithRoleCheck was given to the Open of a database without
// roles (SQLite), where no rights can be read.
var ErrNoRoles = errors.New("engine: the database has no roles to check")

// Open is the policy shared by the dialect modules' Open functions; call
// those, not this. It applies opts, has d parse dsn, refuses with
// ErrInsecure an endpoint to a host that is not local without verified
// TLS (unless InsecureAllowPlaintext or InsecureAllowUnverifiedTLS allows
// it), connects, makes the Engine, pings it and runs the role check.
//
// Its errors are the engine's own, made by OpenConfig.Redact: their text
// has the passwords removed, and they hold nothing of the driver's errors,
// which may quote the DSN or keep its configuration, but the error classes
// and sentinels errors.Is looks for (ErrInsecure, ErrInvalidDSN,
// ErrConnectionLost, context.DeadlineExceeded, syscall.ECONNREFUSED...),
// the TLS certificate errors (x509.UnknownAuthorityError,
// x509.HostnameError, x509.CertificateInvalidError) and the errors of the
// application's password source and role check.
func Open(ctx context.Context, dsn string, d Driver, opts ...OpenOption) (*Engine, error) {
	c, err := parseOpen(dsn, d, opts)
	if err != nil {
		return nil, err
	}
	src, dialect, err := d.Connect(ctx, c)
	if err != nil {
		return nil, c.Redact(err)
	}
	engineOpts := c.engineOpts
	if cl, ok := d.(Classifier); ok {
		engineOpts = append([]Option{WithClassifier(cl)}, engineOpts...)
	}
	e, err := New(src, dialect, engineOpts...)
	if err != nil {
		src.Close()
		return nil, err
	}
	c.setEngine(ctx, e)
	if err := e.Ping(ctx); err != nil {
		e.abandon()
		return nil, c.Redact(err)
	}
	if err := checkRole(ctx, e, d, c.roleCheck); err != nil {
		e.abandon()
		return nil, c.Redact(err)
	}
	return e, nil
}

// abandon closes an engine Open made and does not return: its Source and
// health checker, but not its replicas, which stay the caller's when
// Open fails (WithReplicas).
func (e *Engine) abandon() {
	e.closed.Store(true)
	e.src.Close()
	if e.router != nil {
		e.router.stopChecker()
	}
}

// CheckOpen runs the part of Open that needs no server: the options, the
// DSN and the TLS policy. A program can call it through a dialect module
// to reject a bad configuration at start-up; tests check the policy with
// it.
func CheckOpen(dsn string, d Driver, opts ...OpenOption) error {
	_, err := parseOpen(dsn, d, opts)
	return err
}

func parseOpen(dsn string, d Driver, opts []OpenOption) (*OpenConfig, error) {
	c := &OpenConfig{}
	for _, o := range opts {
		o.applyOpen(c)
	}
	if cl, ok := d.(Classifier); ok {
		c.classify = cl.Classify
	}
	endpoints, err := d.Parse(dsn, c)
	if err != nil {
		return nil, c.Redact(err)
	}
	for _, o := range c.driver {
		if !o.used {
			return nil, fmt.Errorf("engine: an option for %s does not apply to this Open", o.target)
		}
	}
	if c.roleCheck != nil {
		if _, ok := d.(RoleReader); !ok {
			return nil, ErrNoRoles
		}
	}
	if err := c.CheckEndpoints(endpoints...); err != nil {
		return nil, c.Redact(err)
	}
	return c, nil
}

// CheckEndpoints applies Open's TLS policy to endpoints a driver found
// after Parse, such as those of a connection configuration that a user's
// hook changed: it returns an ErrInsecure error for the first endpoint the
// policy refuses.
func (c *OpenConfig) CheckEndpoints(endpoints ...Endpoint) error {
	for _, ep := range endpoints {
		if err := c.checkTLS(ep); err != nil {
			return err
		}
	}
	return nil
}

// checkTLS applies the TLS policy to one endpoint.
func (c *OpenConfig) checkTLS(ep Endpoint) error {
	fix := "verified TLS in the DSN"
	if ep.Fix != "" {
		fix = ep.Fix
	}
	switch {
	case IsLocalHost(ep.Host):
		return nil
	case !ep.TLS && !c.allowPlaintext:
		return fmt.Errorf("%w: plain-text connection to %s (use %s, or the engine.InsecureAllowPlaintext option)", ErrInsecure, ep.Host, fix)
	case ep.TLS && !ep.Verified && !c.allowUnverified:
		return fmt.Errorf("%w: TLS to %s without certificate and host name verification (use %s, or the engine.InsecureAllowUnverifiedTLS option)", ErrInsecure, ep.Host, fix)
	}
	return nil
}

func checkRole(ctx context.Context, e *Engine, d Driver, check RoleCheck) error {
	if check == nil {
		return nil
	}
	r, err := d.(RoleReader).Role(ctx, e)
	if err != nil {
		return err
	}
	if err := check(ctx, r); err != nil {
		return &callbackError{err}
	}
	return nil
}

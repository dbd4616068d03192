package engine

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// OpenOption configures the Open function of a dialect module
// (pgdialect.Open, mysqldialect.Open, sqlitedialect.Open). The options
// whose meaning is the same on every database are made here: the
// engine's own Options (every Option is an OpenOption), the password
// sources, the TLS switches and the role checks. A dialect module's own
// settings, such as pool sizes, are made there with DriverOption.
//
// The interface is sealed: anything else passed to Open is a compile
// error.
type OpenOption interface{ applyOpen(*OpenConfig) }

type openOptionFunc func(*OpenConfig)

func (f openOptionFunc) applyOpen(c *OpenConfig) { f(c) }

// applyOpen makes every engine Option an OpenOption: Open passes it to New.
func (f optionFunc) applyOpen(c *OpenConfig) { c.engineOpts = append(c.engineOpts, f) }

// WithPasswordFunc makes every new physical connection ask fn for the
// password, for rotating credentials such as cloud IAM tokens. It
// overrides a password in the DSN.
func WithPasswordFunc(fn PasswordFunc) OpenOption {
	return openOptionFunc(func(c *OpenConfig) { c.password = fn })
}

// WithPasswordFromEnv takes the password from the environment variable
// name, read for each new connection.
func WithPasswordFromEnv(name string) OpenOption { return WithPasswordFunc(PasswordFromEnv(name)) }

// WithPasswordFromFile takes the password from a file (a container
// secret), read for each new connection so that a rotated secret is
// picked up; a trailing newline is dropped.
func WithPasswordFromFile(path string) OpenOption {
	return WithPasswordFunc(PasswordFromFile(path))
}

// InsecureAllowPlaintext allows connections without TLS to hosts that are
// not local (see IsLocalHost): a DSN that turns TLS off, or one whose TLS
// may fall back to plain text. Credentials and data then cross the network
// readable by anyone on the path.
func InsecureAllowPlaintext() OpenOption {
	return openOptionFunc(func(c *OpenConfig) { c.allowPlaintext = true })
}

// InsecureAllowUnverifiedTLS allows TLS without certificate or host name
// verification to hosts that are not local. Such a connection can be
// intercepted by anyone who can redirect its traffic.
func InsecureAllowUnverifiedTLS() OpenOption {
	return openOptionFunc(func(c *OpenConfig) { c.allowUnverified = true })
}

// DriverOption returns an option that a dialect module's Open applies to
// its driver's configuration of type C (a *pgxpool.Config, a *sql.DB, a
// settings struct of its own). Dialect modules use it to make their own
// options; Open fails when an option of a type its driver does not have
// is passed to it, rather than ignoring it.
func DriverOption[C any](fn func(C)) OpenOption {
	return openOptionFunc(func(c *OpenConfig) {
		c.driver = append(c.driver, &driverOption{fn: fn, target: fmt.Sprintf("%T", *new(C))})
	})
}

type driverOption struct {
	fn     any    // a func(C)
	target string // C's name, for the error of an option nobody applied
	used   bool
}

// DriverOptions returns the functions of the DriverOptions of type C in
// c, in the order they were given. A dialect module's Driver takes them in
// Parse, where Open checks that no option was left, and may run them
// later, once it has the C they apply to.
func DriverOptions[C any](c *OpenConfig) []func(C) {
	var fns []func(C)
	for _, o := range c.driver {
		if fn, ok := o.fn.(func(C)); ok {
			fns = append(fns, fn)
			o.used = true
		}
	}
	return fns
}

// ApplyDriverOptions runs the DriverOptions of type C in c on target.
func ApplyDriverOptions[C any](c *OpenConfig, target C) {
	for _, fn := range DriverOptions[C](c) {
		fn(target)
	}
}

// OpenConfig is what a dialect module's Driver sees of Open: the options
// given, and the secrets and connection events Open looks after. Only
// Open makes one.
type OpenConfig struct {
	engineOpts      []Option
	password        PasswordFunc
	allowPlaintext  bool
	allowUnverified bool
	roleCheck       RoleCheck
	driver          []*driverOption
	classify        func(error) error // the Driver's, if it is a Classifier

	mu      sync.Mutex // guards host, secrets, eng and pending
	host    string     // named by an error withheld for a short password
	secrets []string
	eng     *Engine
	pending []ConnectEvent // events before the engine exists
}

// Password returns the password source of WithPasswordFunc and its
// relatives, or nil: the driver then takes the password from the DSN.
// Each password it returns is recorded as a secret (AddSecret), so that
// Redact removes it from error text. Its errors are the source's own, which
// Redact keeps for errors.Is and errors.As.
func (c *OpenConfig) Password() PasswordFunc {
	fn := c.password
	if fn == nil {
		return nil
	}
	return func(ctx context.Context) (string, error) {
		pw, err := fn(ctx)
		c.AddSecret(pw)
		if err != nil {
			return pw, &callbackError{err}
		}
		return pw, nil
	}
}

// maxSecrets bounds the secrets an OpenConfig keeps: a rotating password
// source adds one per new value, and the oldest are then dropped.
const maxSecrets = 64

// AddSecret records a password that Open and Redact must remove from
// error text: the one written in the DSN, found before parsing so that a
// DSN that does not parse is redacted too, and any the driver reads from
// elsewhere (a password file of its own).
func (c *OpenConfig) AddSecret(s string) {
	if s == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if slices.Contains(c.secrets, s) {
		return
	}
	if len(c.secrets) >= maxSecrets {
		// A new slice: Redact may be reading the old one.
		c.secrets = slices.Clone(c.secrets[len(c.secrets)-maxSecrets+1:])
	}
	c.secrets = append(c.secrets, s)
}

// Redact returns an error of the engine's own with err's text, every
// secret recorded so far removed from it, and err's class from the
// Driver's Classifier (see RedactError for what else it keeps). Drivers
// use it for errors that reach the application other than through Open,
// such as a failed new connection.
func (c *OpenConfig) Redact(err error) error {
	c.mu.Lock()
	secrets, host := c.secrets, c.host
	c.mu.Unlock()
	return redact(err, host, secrets, c.classify)
}

// SetHost records the host (or address, or socket) the connections go to,
// for Redact's message when it must withhold an error's whole text: the
// driver's Parse calls it.
func (c *OpenConfig) SetHost(host string) {
	c.mu.Lock()
	c.host = host
	c.mu.Unlock()
}

// NotifyConnect passes a new physical connection's event to the engine's
// ConnectHooks, with its error redacted. Events from before the engine
// exists (the driver's first connection) are passed on once it does.
func (c *OpenConfig) NotifyConnect(ctx context.Context, ev *ConnectEvent) {
	ev.Err = c.Redact(ev.Err)
	c.mu.Lock()
	eng := c.eng
	if eng == nil {
		c.pending = append(c.pending, *ev)
	}
	c.mu.Unlock()
	if eng != nil {
		eng.NotifyConnect(ctx, ev)
	}
}

// setEngine passes the pending connection events to e's hooks.
func (c *OpenConfig) setEngine(ctx context.Context, e *Engine) {
	c.mu.Lock()
	c.eng = e
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	for i := range pending {
		e.NotifyConnect(ctx, &pending[i])
	}
}

package engine_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

const secret = "S3ntinel-pw-7d1f"

// parseError quotes the DSN in its text, as pgx's and the MySQL driver's
// parse errors may.
type parseError struct{ dsn string }

func (e *parseError) Error() string { return "cannot parse " + e.dsn }

// connectError has clean text but keeps the configuration, password
// included, in an unexported field, as pgx's *pgconn.ConnectError does in
// an exported one.
type connectError struct {
	config struct{ host, password string }
	err    error
}

func (e *connectError) Error() string { return "failed to connect to " + e.config.host }
func (e *connectError) Unwrap() error { return e.err }

// TestRedactErrorKeepsNoDriverError redacts errors that hold the secret in
// their text, their fields and the errors they wrap, and walks everything
// the result can reach: nothing shows the secret, while the classes,
// sentinels, system call errors and certificate errors are still found.
func TestRedactErrorKeepsNoDriverError(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "u:" + secret + "@db"}}
	ce := &connectError{err: syscall.ECONNREFUSED}
	ce.config.host, ce.config.password = "db", secret
	hostErr := x509.HostnameError{Certificate: &x509.Certificate{}, Host: "db-" + secret}
	inner := fmt.Errorf("connect: %w", errors.Join(&parseError{"u:" + secret + "@db"}, ce, dial, io.EOF, hostErr))
	err := fmt.Errorf("open: %w", engine.RedactError(inner, secret))
	enginetest.NoSecretReachable(t, "redacted error", err, secret)

	for _, target := range []error{io.EOF, syscall.ECONNREFUSED, engine.ErrConnectionLost} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false; want the redacted error to keep it", target)
		}
	}
	var found x509.HostnameError
	if !errors.As(err, &found) || found.Host != "db-"+engine.Redacted {
		t.Errorf("errors.As to x509.HostnameError: %+v; want a copy with the host redacted", found)
	}
	var pe *parseError
	var cerr *connectError
	var oe *net.OpError
	var de *net.DNSError
	if errors.As(err, &pe) || errors.As(err, &cerr) || errors.As(err, &oe) || errors.As(err, &de) {
		t.Error("errors.As reaches one of the errors the redacted error replaces")
	}
	if !strings.Contains(err.Error(), "failed to connect to db") || !strings.Contains(err.Error(), engine.Redacted) {
		t.Errorf("text %q: want the original's, redacted", err.Error())
	}
}

// TestInvalidDSN checks that InvalidDSN writes only its constants: a
// known reason found in the driver's message, never the message itself.
func TestInvalidDSN(t *testing.T) {
	driverErr := &parseError{"postgres://u:" + secret + "@db:x/name: invalid port"}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{engine.InvalidDSN("x: the DSN does not parse", driverErr, "bad sslmode", "invalid port"), "x: the DSN does not parse: invalid port"},
		{engine.InvalidDSN("x: the DSN does not parse", driverErr), "x: the DSN does not parse: the driver's message is withheld, as it may quote the password"},
		{engine.InvalidDSN("x: write @ as %40", nil), "x: write @ as %40"},
	} {
		if tc.err.Error() != tc.want || !errors.Is(tc.err, engine.ErrInvalidDSN) {
			t.Errorf("InvalidDSN: %q; want %q matching ErrInvalidDSN", tc.err, tc.want)
		}
		enginetest.NoSecretReachable(t, "InvalidDSN", tc.err, secret)
	}
}

// TestRedactCallbackErrors checks that the errors of the application's own
// password source and role check reach Open's caller as they were.
func TestRedactCallbackErrors(t *testing.T) {
	errVault := errors.New("vault sealed")
	c := &engine.OpenConfig{}
	pw := func(context.Context) (string, error) { return "", errVault }
	if err := engine.CheckOpen("", passwordDriver{}, engine.WithPasswordFunc(pw)); !errors.Is(err, errVault) {
		t.Errorf("password source error through Open's redaction: %v; want errVault", err)
	}
	if err := c.Redact(fmt.Errorf("driver: %w", errVault)); errors.Is(err, errVault) {
		t.Error("an error that is not a callback's is kept")
	}
}

// passwordDriver asks the password source in Parse and fails with its
// error, wrapped as a driver would.
type passwordDriver struct{ engine.Driver }

func (passwordDriver) Parse(_ string, c *engine.OpenConfig) ([]engine.Endpoint, error) {
	if _, err := c.Password()(context.Background()); err != nil {
		return nil, fmt.Errorf("driver: before connect: %w", err)
	}
	return nil, nil
}

// TestRefuseElevatedKeepsNoGrants checks that the error of
// RefuseElevatedRole keeps only the report's summary: MariaDB's SHOW
// GRANTS shows the account's password hash.
func TestRefuseElevatedKeepsNoGrants(t *testing.T) {
	hash := "*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9"
	err := engine.RefuseElevated(engine.RoleReport{Role: "app", Superuser: true,
		Grants: []string{"GRANT ALL PRIVILEGES ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '" + hash + "'"}})
	if !errors.Is(err, engine.ErrPrivileged) || !strings.Contains(err.Error(), "superuser") {
		t.Errorf("RefuseElevated: %v; want ErrPrivileged naming the right", err)
	}
	enginetest.NoSecretReachable(t, "RefuseElevated", err, hash)
}

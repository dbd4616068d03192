package enginetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
)

// The checks of the policy every dialect's Open shares (engine.Open) that
// need a real server: the dialect modules run them with their own Open.

// SentinelPassword is the password the Open tests log in with and look
// for in everything that can be printed.
const SentinelPassword = "S3ntinel-pw-7d1f"

// OpenFunc opens an engine on the test's database with the options given.
type OpenFunc func(ctx context.Context, opts ...engine.OpenOption) (*engine.Engine, error)

// SecretChecker looks for SentinelPassword wherever a value can show it.
type SecretChecker struct {
	t    testing.TB
	logs bytes.Buffer
	// Logger writes JSON to a buffer that Done searches: give it to the
	// engine's log hook.
	Logger *slog.Logger
}

// NewSecretChecker returns a checker whose failures are reported on t.
func NewSecretChecker(t testing.TB) *SecretChecker {
	c := &SecretChecker{t: t}
	c.Logger = slog.New(slog.NewJSONHandler(&c.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return c
}

// Check fails the test when v printed with any fmt verb (%v, %+v, %#v,
// %s, %q, %x, %d, %t...) shows the password, or, for an error, anything
// reachable from it does (see NoSecretReachable). It also logs v, for
// Done.
func (c *SecretChecker) Check(what string, v any) {
	c.t.Helper()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%c", "%U", "%f", "%e", "%g", "%b", "%o", "%p"} {
		if s := fmt.Sprintf(verb, v); strings.Contains(s, "S3ntinel") || strings.Contains(strings.ToLower(s), "53336e74696e656c") {
			c.t.Errorf("%s printed with %s shows the password: %s", what, verb, s)
		}
	}
	c.Logger.Info(what, "value", v)
	if err, ok := v.(error); ok {
		NoSecretReachable(c.t, what, err, "S3ntinel")
	}
}

// Done fails the test when the slog output shows the password.
func (c *SecretChecker) Done() {
	c.t.Helper()
	if strings.Contains(c.logs.String(), "S3ntinel") {
		c.t.Errorf("slog output shows the password:\n%s", c.logs.String())
	}
}

// CredentialSources checks the password options of Open: a callback is
// asked for each new physical connection and its error is Open's, and the
// file and environment sources are read, or fail when missing. open must
// reach an account whose password is SentinelPassword (or one that
// accepts any password).
func CredentialSources(t *testing.T, open OpenFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var calls atomic.Int32
	e, err := open(ctx, engine.WithPasswordFunc(func(context.Context) (string, error) {
		calls.Add(1)
		return SentinelPassword, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	// Two open transactions need two connections.
	tx1, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tx2, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tx1.Rollback(ctx)
	tx2.Rollback(ctx)
	if n := calls.Load(); n < 2 {
		t.Errorf("password callback ran %d times for two connections", n)
	}

	errCred := errors.New("vault unavailable")
	if _, err := open(ctx, engine.WithPasswordFunc(func(context.Context) (string, error) { return "", errCred })); !errors.Is(err, errCred) {
		t.Errorf("Open with a failing credential source: %v; want its error", err)
	}
	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte(SentinelPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if e, err := open(ctx, engine.WithPasswordFromFile(file)); err != nil {
		t.Errorf("password from file: %v", err)
	} else {
		e.Close()
	}
	if _, err := open(ctx, engine.WithPasswordFromFile(file+".missing")); err == nil {
		t.Error("a missing password file was accepted")
	}
	t.Setenv("SQLFORGE_TEST_PASSWORD", SentinelPassword)
	if e, err := open(ctx, engine.WithPasswordFromEnv("SQLFORGE_TEST_PASSWORD")); err != nil {
		t.Errorf("password from env: %v", err)
	} else {
		e.Close()
	}
	if _, err := open(ctx, engine.WithPasswordFromEnv("SQLFORGE_TEST_UNSET_VARIABLE")); err == nil {
		t.Error("an unset password variable was accepted")
	}
}

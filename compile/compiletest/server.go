package compiletest

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
)

// RequireServers reports whether SQLFORGE_REQUIRE_SERVERS=1 is set, as CI
// does: then an unreachable database fails the test instead of skipping it.
func RequireServers() bool { return os.Getenv("SQLFORGE_REQUIRE_SERVERS") == "1" }

// Unreachable ends a test whose database cannot be reached: it fails when
// servers are required and otherwise skips with a loud message.
func Unreachable(t testing.TB, what string, err error) {
	t.Helper()
	if RequireServers() {
		t.Fatalf("%s is unreachable and SQLFORGE_REQUIRE_SERVERS=1: %v", what, err)
	}
	t.Skipf("SKIPPING: %s is unreachable (%v); set SQLFORGE_REQUIRE_SERVERS=1 to make this a failure", what, err)
}

// EnvOr returns the environment variable key, or def when it is unset.
func EnvOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// UniqueName returns prefix followed by random hex, for per-test schemas
// and databases so that tests can run in parallel.
func UniqueName(prefix string) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return prefix + hex.EncodeToString(b[:])
}

package clustertest_test

import (
	"path/filepath"
	"testing"

	"github.com/sqlforge/sqlforge/clustertest"
)

// TestMissingProgramsSkip: without PgBouncer or the Galera library the
// clusters' Start functions end the test with a skip (a failure under
// SQLFORGE_REQUIRE_SERVERS=1) before starting anything, instead of
// returning.
func TestMissingProgramsSkip(t *testing.T) {
	t.Setenv("SQLFORGE_REQUIRE_SERVERS", "")
	missing := filepath.Join(t.TempDir(), "missing")
	for name, start := range map[string]func(t *testing.T){
		"pgbouncer": func(t *testing.T) {
			t.Setenv("SQLFORGE_PGBOUNCER", missing)
			clustertest.StartBouncer(t, clustertest.BouncerOptions{})
		},
		"galera": func(t *testing.T) {
			t.Setenv("SQLFORGE_GALERA_PROVIDER", missing)
			clustertest.StartGalera(t, 3)
		},
	} {
		reached := false
		ok := t.Run(name, func(t *testing.T) {
			start(t)
			reached = true
		})
		if reached || !ok {
			t.Errorf("%s: Start returned (%v) or failed (%v) without its programs; want a skip", name, reached, !ok)
		}
	}
}

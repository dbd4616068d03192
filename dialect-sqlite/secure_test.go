package sqlitedialect_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// TestSecureDefaults checks the defaults of sqlitedialect.Open on a
// database file.
func TestSecureDefaults(t *testing.T) {
	var pools enginetest.SQLDBPools
	open := func(t testing.TB, opts ...engine.Option) *engine.Engine {
		var db *sql.DB
		// WithDBConfig only records the pool: its settings stay Open's.
		all := []engine.OpenOption{sqlitedialect.WithDBConfig(func(d *sql.DB) { db = d })}
		for _, o := range opts {
			all = append(all, o)
		}
		e, err := sqlitedialect.Open(context.Background(), filepath.Join(t.TempDir(), "secure.db"), all...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		pools.Add(t, e, db)
		return e
	}
	auth := "?_auth_pass=" + enginetest.SentinelPassword
	enginetest.RunSecureDefaults(t, enginetest.SecureEnv{
		Env:        enginetest.Env{Name: "sqlite-open", Open: open, Sleep: sqliteSleep},
		Pool:       pools.Pool,
		OpenDSN:    sqlitedialect.Open,
		SecretDSN:  func(t *testing.T) string { return "file:" + filepath.Join(t.TempDir(), "s.db") + auth },
		FailingDSN: func(*testing.T) string { return "file:/nonexistent/dir/x.db" + auth },
	})
}

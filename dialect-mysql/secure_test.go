package mysqldialect_test

import (
	"context"
	"database/sql"
	"testing"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// TestSecureDefaults checks the defaults of mysqldialect.Open.
func TestSecureDefaults(t *testing.T) {
	admin, cfg := myAdmin(t)
	var pools enginetest.SQLDBPools
	open := func(t testing.TB, opts ...engine.Option) *engine.Engine {
		var db *sql.DB
		// WithDBConfig only records the pool: its settings stay Open's.
		all := []engine.OpenOption{mysqldialect.WithDBConfig(func(d *sql.DB) { db = d })}
		for _, o := range opts {
			all = append(all, o)
		}
		e, err := mysqldialect.Open(context.Background(), myDatabase(t, admin, cfg).FormatDSN(), all...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		pools.Add(t, e, db)
		return e
	}
	// remote is the test server's DSN for the server at addr.
	remote := func(addr, tls string) string {
		c := cfg.Clone()
		c.Addr, c.TLSConfig = addr, tls
		return c.FormatDSN()
	}
	enginetest.RunSecureDefaults(t, enginetest.SecureEnv{
		Env: enginetest.Env{
			Name:         "mariadb-open",
			Open:         open,
			Sleep:        expr.Text("SELECT SLEEP(5)"),
			ConnID:       expr.Text("SELECT CONNECTION_ID()"),
			QuotesValues: true,
		},
		Running: func(ctx context.Context, id int64) (bool, error) {
			var n int
			err := admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND COMMAND <> 'Sleep'", id).Scan(&n)
			return n > 0, err
		},
		Pool:    pools.Pool,
		OpenDSN: mysqldialect.Open,
		SecretDSN: func(t *testing.T) string {
			c := testUser(t)
			c.Passwd = sentinelPassword
			return c.FormatDSN()
		},
		FailingDSN: func(*testing.T) string { return "root:" + sentinelPassword + "@tcp(127.0.0.1:1)/test?timeout=5s" },
		Remote: &enginetest.RemoteEnv{
			Server:   cfg.Addr,
			DSN:      func(addr string) string { return remote(addr, "") },
			PlainDSN: func(addr string) string { return remote(addr, "false") },
		},
	})
}

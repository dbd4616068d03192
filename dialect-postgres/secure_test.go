package pgdialect_test

import (
	"context"
	"database/sql"
	"net"
	"net/url"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
)

// pgRunning reports whether backend pid is running a statement.
func pgRunning(admin *sql.DB) func(ctx context.Context, pid int64) (bool, error) {
	return func(ctx context.Context, pid int64) (bool, error) {
		var n int
		err := admin.QueryRowContext(ctx, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", pid).Scan(&n)
		return n > 0, err
	}
}

// TestSecureDefaultsDatabaseSQL checks the engine's defaults over
// database/sql with pgx's stdlib driver, a pool the application makes.
func TestSecureDefaultsDatabaseSQL(t *testing.T) {
	admin := pgAdmin(t)
	env := pgEnv("postgres", admin, openDatabaseSQL(admin))
	enginetest.RunSecureDefaults(t, enginetest.SecureEnv{Env: env, Running: pgRunning(admin)})
}

// TestSecureDefaults checks the defaults of pgdialect.Open.
func TestSecureDefaults(t *testing.T) {
	admin := pgAdmin(t)
	base, err := pgx.ParseConfig(compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN))
	if err != nil {
		t.Fatal(err)
	}
	// remote writes a URL DSN for the server at addr, with base's
	// credentials and database and no TLS setting.
	remote := func(addr string) string {
		u := url.URL{Scheme: "postgres", User: url.User(base.User), Host: addr, Path: "/" + base.Database}
		if base.Password != "" {
			u.User = url.UserPassword(base.User, base.Password)
		}
		return u.String()
	}
	open := func(t testing.TB, opts ...engine.Option) *engine.Engine {
		dsn := withParam(compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN), "search_path", pgSchema(t, admin).RuntimeParams["search_path"])
		e, err := pgdialect.Open(context.Background(), dsn, openOptions(opts)...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	enginetest.RunSecureDefaults(t, enginetest.SecureEnv{
		Env:     pgEnv("postgres-open", admin, open),
		Running: pgRunning(admin),
		Pool: func(e *engine.Engine) enginetest.PoolStats {
			st := pgdialect.PoolStatForTest(e)
			return enginetest.PoolStats{Open: int(st.TotalConns()), InUse: int(st.AcquiredConns()), Limit: int(st.MaxConns())}
		},
		OpenDSN: pgdialect.Open,
		SecretDSN: func(t *testing.T) string {
			u, err := url.Parse(remote(net.JoinHostPort(base.Host, strconv.Itoa(int(base.Port)))))
			if err != nil {
				t.Fatal(err)
			}
			// Trust authentication takes any password.
			u.User = url.UserPassword(base.User, enginetest.SentinelPassword)
			return u.String()
		},
		FailingDSN: func(*testing.T) string {
			return "postgres://postgres:" + enginetest.SentinelPassword + "@127.0.0.1:1/test"
		},
		Remote: &enginetest.RemoteEnv{
			Server:   net.JoinHostPort(base.Host, strconv.Itoa(int(base.Port))),
			DSN:      remote,
			PlainDSN: func(addr string) string { return remote(addr) + "?sslmode=disable" },
		},
	})
}

// openOptions passes engine options to Open: every Option is an
// OpenOption.
func openOptions(opts []engine.Option) []engine.OpenOption {
	out := make([]engine.OpenOption, len(opts))
	for i, o := range opts {
		out[i] = o
	}
	return out
}

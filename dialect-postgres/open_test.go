package pgdialect_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// withParam adds key=value to a URL or keyword/value DSN.
func withParam(dsn, key, value string) string {
	switch {
	case !strings.Contains(dsn, "://"):
		return dsn + " " + key + "=" + value
	case strings.Contains(dsn, "?"):
		return dsn + "&" + key + "=" + value
	}
	return dsn + "?" + key + "=" + value
}

// openTestDSN returns the test server's DSN with a private schema on the
// search path.
func openTestDSN(t *testing.T) string {
	admin := pgAdmin(t)
	cfg := pgSchema(t, admin)
	return withParam(compiletest.EnvOr("SQLFORGE_PG_DSN", defaultDSN), "search_path", cfg.RuntimeParams["search_path"])
}

type connectCounter struct{ n atomic.Int32 }

func (c *connectCounter) Connect(context.Context, *engine.ConnectEvent) { c.n.Add(1) }

func TestOpen(t *testing.T) {
	dsn := openTestDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	connects := &connectCounter{}
	e, err := pgdialect.Open(ctx, dsn, engine.WithHooks(connects))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if n, err := engine.Scalar[int32](ctx, e, expr.Text("SELECT 1")); err != nil || n != 1 {
		t.Fatalf("SELECT 1 = %d, %v", n, err)
	}
	if connects.n.Load() < 1 {
		t.Error("the connect hook was not called")
	}
	if _, ok := e.Source().(interface{ Classify(error) error }); !ok {
		t.Error("Open's source does not classify errors")
	}
}

// TestTLSPolicy checks which DSNs the policy accepts, without a server:
// 127.0.0.2 stands for a remote host.
func TestTLSPolicy(t *testing.T) {
	plain, unverified := engine.InsecureAllowPlaintext(), engine.InsecureAllowUnverifiedTLS()
	for _, tc := range []struct {
		dsn      string
		opts     []engine.OpenOption
		insecure bool
	}{
		{"postgres://u@127.0.0.2/db?sslmode=disable", nil, true},
		{"postgres://u@127.0.0.2/db?sslmode=disable", []engine.OpenOption{plain}, false},
		{"postgres://u@127.0.0.2/db?sslmode=allow", []engine.OpenOption{unverified}, true},
		{"postgres://u@127.0.0.2/db?sslmode=prefer", nil, true},
		{"postgres://u@127.0.0.2/db?sslmode=prefer", []engine.OpenOption{unverified}, true},
		{"postgres://u@127.0.0.2/db?sslmode=prefer", []engine.OpenOption{unverified, plain}, false},
		{"postgres://u@127.0.0.2/db?sslmode=require", nil, true},
		{"postgres://u@127.0.0.2/db?sslmode=require", []engine.OpenOption{unverified}, false},
		{"postgres://u@127.0.0.2/db?sslmode=verify-ca", nil, true},
		{"postgres://u@127.0.0.2/db?sslmode=verify-full", nil, false},
		{"postgres://u@127.0.0.2/db", nil, false}, // defaults to verify-full
		{"host=127.0.0.2 user=u dbname=db", nil, false},
		{"host=127.0.0.2 user=u sslmode=disable", nil, true},
		{"postgres://u@127.0.0.1,127.0.0.2/db?sslmode=disable", nil, true},
		{"postgres://u@127.0.0.1/db?sslmode=disable", nil, false},
		{"postgres://u@localhost/db?sslmode=disable", nil, false},
		{"postgres://u@[::1]/db?sslmode=disable", nil, false},
		{"host=/var/run/postgresql user=u sslmode=disable", nil, false},
		// "sslmode" elsewhere than as a key does not stop the default.
		{"postgres://u:p@127.0.0.2/sslmode_archive", nil, false},
		{"postgres://u:sslmode@127.0.0.2/db", nil, false},
		{"host=127.0.0.2 user=u dbname=sslmode", nil, false},
		{"host=127.0.0.2 user=u application_name='sslmode=disable'", nil, false},
		{"host=127.0.0.2 user=u sslmode = disable", nil, true},
		{"postgres://u@127.0.0.2/db?application_name=x&sslmode=disable", nil, true},
	} {
		err := pgdialect.CheckTLSForTest(tc.dsn, tc.opts...)
		if got := errors.Is(err, engine.ErrInsecure); got != tc.insecure || (err != nil && !got) {
			t.Errorf("%s with %d options: err = %v; want insecure=%v", tc.dsn, len(tc.opts), err, tc.insecure)
		}
	}
	cfg, err := pgdialect.ParseConfigForTest("postgres://u@127.0.0.2/db")
	if err != nil {
		t.Fatal(err)
	}
	if tc := cfg.ConnConfig.TLSConfig; tc == nil || tc.InsecureSkipVerify || tc.ServerName != "127.0.0.2" || len(cfg.ConnConfig.Fallbacks) != 0 {
		t.Errorf("default for a remote host is not verify-full: %+v, %d fallbacks", tc, len(cfg.ConnConfig.Fallbacks))
	}
	// Open refuses before dialing.
	if _, err := pgdialect.Open(context.Background(), "postgres://u@127.0.0.2:5432/db?sslmode=disable"); !errors.Is(err, engine.ErrInsecure) {
		t.Errorf("Open of a plain-text remote DSN: %v; want ErrInsecure", err)
	}
}

// TestTLSVerify connects over TLS to the test server, whose certificate
// (ssl_cert_file) is trusted as the root: the host name in the certificate
// works, another name for the same server is refused.
func TestTLSVerify(t *testing.T) {
	admin := pgAdmin(t)
	var ssl, certFile string
	if err := admin.QueryRow("SELECT current_setting('ssl'), current_setting('ssl_cert_file')").Scan(&ssl, &certFile); err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(certFile)
	if ssl != "on" || err != nil {
		compiletest.Unreachable(t, "PostgreSQL with TLS (ssl=on and a readable ssl_cert_file)", fmt.Errorf("ssl=%s, %s: %v", ssl, certFile, err))
	}
	root := filepath.Join(t.TempDir(), "root.pem")
	if err := os.WriteFile(root, pem, 0o600); err != nil {
		t.Fatal(err)
	}
	block, _ := pemDecode(pem)
	cert, err := x509.ParseCertificate(block)
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.DNSNames) == 0 {
		t.Fatalf("the server certificate has no DNS name to verify")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	base := "postgres://postgres@%s:5432/test?sslmode=verify-full&sslrootcert=" + root
	e, err := pgdialect.Open(ctx, fmt.Sprintf(base, cert.DNSNames[0]))
	if err != nil {
		t.Fatalf("verified TLS to %s: %v", cert.DNSNames[0], err)
	}
	defer e.Close()
	on, err := engine.Scalar[bool](ctx, e, expr.Text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
	if err != nil || !on {
		t.Errorf("connection is not TLS: %v, %v", on, err)
	}
	_, err = pgdialect.Open(ctx, fmt.Sprintf(base, "127.0.0.1"))
	var hostErr x509.HostnameError
	if !errors.As(err, &hostErr) {
		t.Errorf("TLS to 127.0.0.1 with a certificate for %v: %v; want a host name error", cert.DNSNames, err)
	}
}

const sentinelPassword = enginetest.SentinelPassword

// TestSecretsRedacted looks for a sentinel password in everything Open and
// the engine can print: error text with %v, %+v and %#v and its Unwrap
// chain, the engine itself, and slog output.
func TestSecretsRedacted(t *testing.T) {
	dsn := openTestDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	secrets := enginetest.NewSecretChecker(t)
	check := secrets.Check
	for _, bad := range []string{
		"postgres://postgres:" + sentinelPassword + "@127.0.0.1:1/test?sslmode=disable",
		"postgres://postgres:" + sentinelPassword + "@127.0.0.1:notaport/test",
		"postgres://postgres:" + sentinelPassword + "@127.0.0.2:5432/test?sslmode=disable",
		"host=127.0.0.1 port=1 user=postgres password=" + sentinelPassword + " sslmode=disable",
		"host=127.0.0.1 port=1 user=postgres password='" + sentinelPassword + "' sslmode=disable connect_timeout=x",
		"postgres://postgres:S3ntinel%2Dpw%2D7d1f@127.0.0.1:1/test?sslmode=disable",
	} {
		_, err := pgdialect.Open(ctx, bad)
		if err == nil {
			t.Errorf("Open(%q) succeeded", "...")
			continue
		}
		check("Open error", err)
	}
	// Trust authentication accepts any password, so these succeed.
	withPW := strings.Replace(dsn, "postgres://postgres@", "postgres://postgres:"+sentinelPassword+"@", 1)
	if withPW == dsn {
		t.Skip("SQLFORGE_PG_DSN is not of the form postgres://postgres@...; cannot add a password")
	}
	e, err := pgdialect.Open(ctx, withPW, engine.WithHooks(engine.NewLogHook(secrets.Logger, engine.LogOptions{})))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	check("engine", e)
	if _, err := e.Exec(ctx, expr.Text("SELECT definitely_not_a_function()")); err == nil {
		t.Error("bad statement succeeded")
	} else {
		check("statement error", err)
	}
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	check("transaction", tx)
	tx.Rollback(ctx)
	check("password option", engine.WithPasswordFunc(func(context.Context) (string, error) { return sentinelPassword, nil }))
	check("secret", engine.NewSecret(sentinelPassword))
	secrets.Done()
}

// TestCredentialSources checks that the password callback runs for each
// new physical connection and that env and file sources are read. Trust
// authentication accepts the password.
func TestCredentialSources(t *testing.T) {
	dsn := openTestDSN(t)
	enginetest.CredentialSources(t, func(ctx context.Context, opts ...engine.OpenOption) (*engine.Engine, error) {
		return pgdialect.Open(ctx, dsn, opts...)
	})
}

// TestRoleCheck reports and refuses the superuser, and accepts a role
// with data rights only.
func TestRoleCheck(t *testing.T) {
	dsn := openTestDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var seen engine.RoleReport
	e, err := pgdialect.Open(ctx, dsn, engine.WithRoleCheck(func(_ context.Context, r engine.RoleReport) error { seen = r; return nil }))
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	if !seen.Superuser || !seen.Elevated() {
		t.Fatalf("report for the test's superuser: %+v", seen)
	}
	if _, err := pgdialect.Open(ctx, dsn, engine.RefuseElevatedRole()); !errors.Is(err, engine.ErrPrivileged) {
		t.Errorf("Open as superuser with RefuseElevatedRole: %v; want ErrPrivileged", err)
	}

	admin := pgAdmin(t)
	role := compiletest.UniqueName("sqlforge_ro_")
	if _, err := admin.ExecContext(ctx, "CREATE ROLE "+role+" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP ROLE " + role) })
	roDSN := strings.Replace(dsn, "postgres://postgres@", "postgres://"+role+"@", 1)
	if roDSN == dsn {
		t.Skip("SQLFORGE_PG_DSN is not of the form postgres://postgres@...; cannot log in as another role")
	}
	e, err = pgdialect.Open(ctx, roDSN, engine.RefuseElevatedRole())
	if err != nil {
		t.Fatalf("Open as a data-only role: %v", err)
	}
	e.Close()
}

// TestConnectErrorConfig checks that pgx's *pgconn.ConnectError and
// *pgconn.ParseConfigError, whose Config and ConnString hold the password
// although their text does not, cannot be reached with errors.As from
// Open's errors or from a failed new connection after Open, while the
// network error they wrap still can.
func TestConnectErrorConfig(t *testing.T) {
	dsn := openTestDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	t.Setenv("SQLFORGE_TEST_PGPW", sentinelPassword)
	noCredentials := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
			return
		}
		var ce *pgconn.ConnectError
		if errors.As(err, &ce) {
			t.Errorf("%s: errors.As finds the *pgconn.ConnectError, password %q", what, ce.Config.Password)
		}
		var pe *pgconn.ParseConfigError
		if errors.As(err, &pe) {
			t.Errorf("%s: errors.As finds the *pgconn.ParseConfigError: %q", what, pe.ConnString)
		}
		enginetest.NoSecretReachable(t, what, err, "S3ntinel")
	}
	for _, tc := range []struct {
		dsn  string
		opts []engine.OpenOption
	}{
		{"postgres://app:" + sentinelPassword + "@127.0.0.1:1/db", nil},
		{"postgres://app@127.0.0.1:1/db", []engine.OpenOption{engine.WithPasswordFromEnv("SQLFORGE_TEST_PGPW")}},
		{"postgres://app:" + sentinelPassword + "@127.0.0.1:notaport/db", nil},
	} {
		_, err := pgdialect.Open(ctx, tc.dsn, tc.opts...)
		noCredentials(tc.dsn, err)
		var ne net.Error
		if strings.Contains(tc.dsn, ":1/") && (!errors.As(err, &ne) || !errors.Is(err, syscall.ECONNREFUSED)) {
			t.Errorf("%s: the network error is lost: %v", tc.dsn, err)
		}
	}
	// A new connection after Open fails: the second one dials port 1.
	var dials atomic.Int32
	withPW := strings.Replace(dsn, "postgres://postgres@", "postgres://postgres:"+sentinelPassword+"@", 1)
	e, err := pgdialect.Open(ctx, withPW, pgdialect.WithPoolConfig(func(cfg *pgxpool.Config) {
		cfg.BeforeConnect = func(_ context.Context, cc *pgx.ConnConfig) error {
			if dials.Add(1) > 1 {
				cc.Port = 1
			}
			return nil
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	_, err = e.Exec(ctx, expr.Text("SELECT 1"))
	noCredentials("statement on a new connection", err)
	if !errors.Is(err, engine.ErrConnectionLost) && !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("the failed new connection lost its class: %v", err)
	}
}

// TestPoolConfigHooks checks that the hooks of WithPoolConfig run with
// Open's, and that a BeforeConnect that turns TLS off to a host that is
// not local fails the connection with ErrInsecure instead of dialing in
// plain text.
func TestPoolConfigHooks(t *testing.T) {
	dsn := openTestDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var before, after atomic.Int32
	connects := &connectCounter{}
	e, err := pgdialect.Open(ctx, dsn, engine.WithHooks(connects),
		engine.WithPasswordFunc(func(context.Context) (string, error) { return "pw", nil }),
		pgdialect.WithPoolConfig(func(cfg *pgxpool.Config) {
			cfg.BeforeConnect = func(context.Context, *pgx.ConnConfig) error { before.Add(1); return nil }
			cfg.AfterConnect = func(context.Context, *pgx.Conn) error { after.Add(1); return nil }
		}))
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	if before.Load() == 0 || after.Load() == 0 || connects.n.Load() == 0 {
		t.Errorf("hooks called: BeforeConnect %d, AfterConnect %d, connect hook %d; want all", before.Load(), after.Load(), connects.n.Load())
	}

	before.Store(0)
	_, err = pgdialect.Open(ctx, "postgres://postgres@127.0.0.2:5432/test?connect_timeout=3",
		pgdialect.WithPoolConfig(func(cfg *pgxpool.Config) {
			cfg.BeforeConnect = func(_ context.Context, cc *pgx.ConnConfig) error {
				before.Add(1)
				cc.TLSConfig, cc.Fallbacks = nil, nil
				return nil
			}
		}))
	if before.Load() == 0 || !errors.Is(err, engine.ErrInsecure) {
		t.Errorf("BeforeConnect turning TLS off to 127.0.0.2 (called %d times): %v; want ErrInsecure", before.Load(), err)
	}
}

// TestDSNPasswordKeys checks that the password of a keyword/value DSN is
// found by its key, not by the first key that ends in "password".
func TestDSNPasswordKeys(t *testing.T) {
	pws := pgdialect.DSNPasswords("host=db sslpassword=keypass1 user=u password='real pass'")
	if !slices.Contains(pws, "real pass") || !slices.Contains(pws, "keypass1") {
		t.Errorf("DSNPasswords = %q; want the password and the sslpassword", pws)
	}
	pws = pgdialect.DSNPasswords("postgres://u:pa%2Fss@db/x?sslpassword=keypass1")
	if !slices.Contains(pws, "pa/ss") || !slices.Contains(pws, "pa%2Fss") || !slices.Contains(pws, "keypass1") {
		t.Errorf("DSNPasswords = %q", pws)
	}
}

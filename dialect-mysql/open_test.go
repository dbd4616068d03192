package mysqldialect_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

const sentinelPassword = enginetest.SentinelPassword

// testUser creates an account with the sentinel password and data rights
// on a database of the test's own; it returns the account's config (with
// no password set) and removes the account when the test ends.
func testUser(t *testing.T) *mysql.Config {
	t.Helper()
	admin, cfg := myAdmin(t)
	c := myDatabase(t, admin, cfg)
	user := compiletest.UniqueName("sqlforge_u_")
	if _, err := admin.Exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + sentinelPassword + "'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP USER '" + user + "'@'%'") })
	if _, err := admin.Exec("GRANT SELECT, INSERT, UPDATE, DELETE ON " + quoteIdent(c.DBName) + ".* TO '" + user + "'@'%'"); err != nil {
		t.Fatal(err)
	}
	c.User, c.Passwd = user, ""
	return c
}

type connectCounter struct{ n atomic.Int32 }

func (c *connectCounter) Connect(context.Context, *engine.ConnectEvent) { c.n.Add(1) }

func TestOpen(t *testing.T) {
	admin, cfg := myAdmin(t)
	dsn := myDatabase(t, admin, cfg).FormatDSN()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	connects := &connectCounter{}
	var db *sql.DB
	e, err := mysqldialect.Open(ctx, dsn, engine.WithHooks(connects), mysqldialect.WithDBConfig(func(d *sql.DB) { db = d }))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if n, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT 1")); err != nil || n != 1 {
		t.Fatalf("SELECT 1 = %d, %v", n, err)
	}
	if n := db.Stats().MaxOpenConnections; n != engine.DefaultMaxConns() {
		t.Errorf("the pool's limit is %d; want engine.DefaultMaxConns() = %d", n, engine.DefaultMaxConns())
	}
	if connects.n.Load() < 1 {
		t.Error("the connect hook was not called")
	}
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE t (id INT PRIMARY KEY)")); err != nil {
		t.Fatal(err)
	}
	e.Exec(ctx, expr.Text("INSERT INTO t VALUES (1)"))
	_, err = e.Exec(ctx, expr.Text("INSERT INTO t VALUES (1)"))
	var me *mysql.MySQLError
	if !errors.Is(err, engine.ErrUniqueViolation) || !errors.As(err, &me) || me.Number != 1062 {
		t.Errorf("duplicate: %v; want ErrUniqueViolation reaching *mysql.MySQLError 1062", err)
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
		{"u@tcp(127.0.0.2:3306)/db?tls=false", nil, true},
		{"u@tcp(127.0.0.2:3306)/db?tls=false", []engine.OpenOption{plain}, false},
		{"u@tcp(127.0.0.2:3306)/db?tls=skip-verify", nil, true},
		{"u@tcp(127.0.0.2:3306)/db?tls=skip-verify", []engine.OpenOption{unverified}, false},
		{"u@tcp(127.0.0.2:3306)/db?tls=preferred", []engine.OpenOption{unverified}, true},
		{"u@tcp(127.0.0.2:3306)/db?tls=preferred", []engine.OpenOption{unverified, plain}, false},
		{"u@tcp(127.0.0.2:3306)/db?tls=true", nil, false},
		{"u@tcp(127.0.0.2:3306)/db", nil, false}, // verified TLS by default
		// The default turns verified TLS on, but the driver falls back to
		// plain text when the server offers none.
		{"u@tcp(127.0.0.2:3306)/db?allowFallbackToPlaintext=true", nil, true},
		{"u@tcp(127.0.0.2:3306)/db?allowFallbackToPlaintext=true&tls=true", []engine.OpenOption{unverified}, true},
		{"u@tcp(127.0.0.2:3306)/db?allowFallbackToPlaintext=true", []engine.OpenOption{plain}, false},
		{"u@tcp(127.0.0.1:3306)/db?allowFallbackToPlaintext=true", nil, false},
		{"u@tcp(127.0.0.1:3306)/db?tls=false", nil, false},
		{"u@tcp(localhost:3306)/db", nil, false},
		{"u@unix(/run/mysqld/mysqld.sock)/db", nil, false},
	} {
		_, err := mysqldialect.ApplyTLSPolicyForTest(tc.dsn, tc.opts...)
		if got := errors.Is(err, engine.ErrInsecure); got != tc.insecure || (err != nil && !got) {
			t.Errorf("%s with %d options: err = %v; want insecure=%v", tc.dsn, len(tc.opts), err, tc.insecure)
		}
	}
	cfg, err := mysqldialect.ApplyTLSPolicyForTest("u@tcp(127.0.0.2:3306)/db")
	if err != nil || cfg.TLS == nil || cfg.TLS.InsecureSkipVerify || cfg.TLS.ServerName != "127.0.0.2" {
		t.Errorf("default for a remote host is not verified TLS: %+v, %v", cfg.TLS, err)
	}
	if cfg, _ := mysqldialect.ApplyTLSPolicyForTest("u@tcp(127.0.0.1:3306)/db"); cfg.TLS != nil {
		t.Errorf("TLS turned on for loopback")
	}
	if _, err := mysqldialect.Open(context.Background(), "u@tcp(127.0.0.2:3306)/db?tls=false"); !errors.Is(err, engine.ErrInsecure) {
		t.Errorf("Open of a plain-text remote DSN: %v; want ErrInsecure", err)
	}
}

// TestSecretsRedacted logs in with a sentinel password and looks for it in
// everything Open and the engine can print: error text with %v, %+v and
// %#v and its Unwrap chain, the engine itself, and slog output.
func TestSecretsRedacted(t *testing.T) {
	user := testUser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	secrets := enginetest.NewSecretChecker(t)
	check := secrets.Check
	good := user.Clone()
	good.Passwd = sentinelPassword
	wrong := user.Clone()
	wrong.Passwd = sentinelPassword + "-wrong"
	for _, bad := range []string{
		"root:" + sentinelPassword + "@tcp(127.0.0.1:1)/test?timeout=5s",
		"root:" + sentinelPassword + "@tcp(127.0.0.1:3306)/test?badparam=%zz",
		"root:" + sentinelPassword + "@tcp(127.0.0.2:3306)/test?tls=false",
		"root:" + sentinelPassword + "@tcp(127.0.0.1:3306",
		wrong.FormatDSN(),
	} {
		_, err := mysqldialect.Open(ctx, bad)
		if err == nil {
			t.Errorf("Open of a bad DSN succeeded")
			continue
		}
		check("Open error", err)
	}
	e, err := mysqldialect.Open(ctx, good.FormatDSN(), engine.WithHooks(engine.NewLogHook(secrets.Logger, engine.LogOptions{})))
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
	// A DDL statement the account may not run.
	if _, err := e.Exec(ctx, expr.Text("CREATE TABLE t (id INT)")); err == nil {
		t.Error("CREATE TABLE succeeded for a data-only account")
	} else {
		check("permission error", err)
	}
	secrets.Done()
}

// TestCredentialSources logs in with the password from a callback (run
// for each new connection), a file and the environment.
func TestCredentialSources(t *testing.T) {
	dsn := testUser(t).FormatDSN()
	if _, err := mysqldialect.Open(context.Background(), dsn); err == nil {
		t.Fatal("Open without the password succeeded")
	}
	enginetest.CredentialSources(t, func(ctx context.Context, opts ...engine.OpenOption) (*engine.Engine, error) {
		return mysqldialect.Open(ctx, dsn, opts...)
	})
}

// TestRoleCheck refuses root and accepts an account with data rights only.
func TestRoleCheck(t *testing.T) {
	admin, cfg := myAdmin(t)
	dsn := myDatabase(t, admin, cfg).FormatDSN()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var seen engine.RoleReport
	e, err := mysqldialect.Open(ctx, dsn, engine.WithRoleCheck(func(_ context.Context, r engine.RoleReport) error { seen = r; return nil }))
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	if !seen.Elevated() || len(seen.Grants) == 0 {
		t.Fatalf("report for the test's admin account: %+v", seen)
	}
	if _, err := mysqldialect.Open(ctx, dsn, engine.RefuseElevatedRole()); !errors.Is(err, engine.ErrPrivileged) {
		t.Errorf("Open as admin with RefuseElevatedRole: %v; want ErrPrivileged", err)
	}
	user := testUser(t)
	user.Passwd = sentinelPassword
	e, err = mysqldialect.Open(ctx, user.FormatDSN(), engine.RefuseElevatedRole())
	if err != nil {
		t.Fatalf("Open as a data-only account: %v", err)
	}
	e.Close()
}

// TestOpenPortableDefaults checks that DATETIME scans into time.Time and
// that an UPDATE writing the value a row already has counts as affected,
// as on PostgreSQL and SQLite, and that the DSN can still choose the
// driver's own behaviour.
func TestOpenPortableDefaults(t *testing.T) {
	admin, cfg := myAdmin(t)
	dsn := myDatabase(t, admin, cfg).FormatDSN()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e, err := mysqldialect.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, q := range []*expr.TextClause{
		expr.Text("CREATE TABLE t (id INT PRIMARY KEY, at DATETIME NOT NULL)"),
		expr.Text("INSERT INTO t VALUES (1, '2026-01-02 03:04:05')"),
	} {
		if _, err := e.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	want := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if at, err := engine.Scalar[time.Time](ctx, e, expr.Text("SELECT at FROM t")); err != nil || !at.Equal(want) || at.Location() != time.UTC {
		t.Errorf("DATETIME scanned as %v, %v; want %v in UTC", at, err, want)
	}
	same := expr.Text("UPDATE t SET at = '2026-01-02 03:04:05' WHERE id = 1")
	if res, err := e.Exec(ctx, same); err != nil || res.RowsAffected != 1 {
		t.Errorf("UPDATE to the same value: %+v, %v; want 1 row affected", res, err)
	}

	// The DSN's own choice wins.
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	o, err := mysqldialect.Open(ctx, dsn+sep+"clientFoundRows=false&parseTime=false")
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if res, err := o.Exec(ctx, same); err != nil || res.RowsAffected != 0 {
		t.Errorf("UPDATE to the same value with clientFoundRows=false: %+v, %v; want 0 rows affected", res, err)
	}
	if _, err := engine.Scalar[time.Time](ctx, o, expr.Text("SELECT at FROM t")); err == nil {
		t.Error("DATETIME scanned into time.Time with parseTime=false")
	}
}

func TestDSNHasParam(t *testing.T) {
	for _, tc := range []struct {
		dsn  string
		want bool
	}{
		{"u@tcp(h:3306)/db", false},
		{"u@tcp(h:3306)/db?parseTime=false", true},
		{"u@tcp(h:3306)/db?tls=true&parseTime=true", true},
		{"u:pw?parseTime=x@tcp(h:3306)/db", false},
		{"u@tcp(h:3306)/db?parseTimeX=1", false},
	} {
		if got := mysqldialect.DSNHasParamForTest(tc.dsn, "parseTime"); got != tc.want {
			t.Errorf("dsnHasParam(%q) = %v; want %v", tc.dsn, got, tc.want)
		}
	}
}

// TestInsecureParams checks that allowAllFiles=true, and
// allowCleartextPasswords=true without verified TLS to a host that is not
// local, are refused unless their Insecure option is given.
func TestInsecureParams(t *testing.T) {
	allFiles, cleartext := mysqldialect.InsecureAllowAllFiles(), mysqldialect.InsecureAllowCleartextPasswords()
	plain, unverified := engine.InsecureAllowPlaintext(), engine.InsecureAllowUnverifiedTLS()
	for _, tc := range []struct {
		dsn      string
		opts     []engine.OpenOption
		insecure bool
	}{
		{"u@tcp(127.0.0.1:3306)/db?allowAllFiles=true", nil, true},
		{"u@unix(/run/mysqld/mysqld.sock)/db?allowAllFiles=true", nil, true},
		{"u@tcp(127.0.0.2:3306)/db?allowAllFiles=1&tls=false", []engine.OpenOption{plain, unverified, cleartext}, true},
		{"u@tcp(127.0.0.1:3306)/db?allowAllFiles=true", []engine.OpenOption{allFiles}, false},
		{"u@tcp(127.0.0.1:3306)/db?allowAllFiles=false", nil, false},
		{"u@tcp(127.0.0.2:3306)/db?allowCleartextPasswords=true&tls=false", []engine.OpenOption{plain}, true},
		{"u@tcp(127.0.0.2:3306)/db?allowCleartextPasswords=true&tls=skip-verify", []engine.OpenOption{unverified}, true},
		{"u@tcp(127.0.0.2:3306)/db?allowCleartextPasswords=true&tls=preferred", []engine.OpenOption{unverified, plain}, true},
		{"u@tcp(127.0.0.2:3306)/db?allowCleartextPasswords=true&tls=false", []engine.OpenOption{plain, cleartext}, false},
		{"u@tcp(127.0.0.2:3306)/db?allowCleartextPasswords=true", nil, false}, // verified TLS by default
		{"u@tcp(127.0.0.2:3306)/db?allowCleartextPasswords=true&tls=true", nil, false},
		{"u@tcp(127.0.0.1:3306)/db?allowCleartextPasswords=true", nil, false},
	} {
		_, err := mysqldialect.ApplyTLSPolicyForTest(tc.dsn, tc.opts...)
		if got := errors.Is(err, engine.ErrInsecure); got != tc.insecure || (err != nil && !got) {
			t.Errorf("%s with %d options: err = %v; want insecure=%v", tc.dsn, len(tc.opts), err, tc.insecure)
		}
	}
	if _, err := mysqldialect.Open(context.Background(), "root@tcp(127.0.0.1:3306)/test?allowAllFiles=true"); !errors.Is(err, engine.ErrInsecure) {
		t.Errorf("Open with allowAllFiles=true: %v; want ErrInsecure", err)
	}
}

// TestShortPasswordRedaction checks that a short password is not
// replaced by substring in Open's error, where its position would tell
// it (and other words would go).
func TestShortPasswordRedaction(t *testing.T) {
	_, err := mysqldialect.Open(context.Background(), "app:tcp@tcp(127.0.0.1:1)/db")
	if err == nil {
		t.Fatal("Open to port 1 succeeded")
	}
	if s := err.Error(); strings.Contains(s, "tcp") || strings.Contains(s, engine.Redacted) || !strings.Contains(s, "127.0.0.1:1") {
		t.Errorf("Open error %q: want the host, without the short password or its place", s)
	}
}

// TestDSNPassword checks that the password of a DSN that does not parse is
// found where mysql.ParseDSN reads it: not past the DSN's last "/".
func TestDSNPassword(t *testing.T) {
	for dsn, want := range map[string]string{
		"app:pw1234@tcp(db:3306)/name":               "pw1234",
		"app:pw1234@tcp(db:3306)/name@archive":       "pw1234",
		"app:pw1234@tcp(db:3306)/x?loc=a@b":          "pw1234",
		"app:p@ss/word@tcp(db:3306)/name":            "p@ss/word",
		"app@tcp(db:3306)/name?connectionAttrs=a:b@": "",
	} {
		if got := mysqldialect.DSNPasswordForTest(dsn); got != want {
			t.Errorf("dsnPassword(%q) = %q; want %q", dsn, got, want)
		}
	}
}

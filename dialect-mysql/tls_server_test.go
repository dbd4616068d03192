//go:build linux

package mysqldialect_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// The tests in this file start a private MariaDB server on loopback with
// a throwaway CA, so that the TLS policy of Open is checked against a real
// TLS handshake without depending on how the shared test server is set up.
// 127.0.0.1 is local for the policy; 127.0.0.2 and 127.0.0.3 stand in for
// remote hosts (see engine.IsLocalHost).

// myServer is a private MariaDB instance in a temporary directory. It runs
// with --skip-grant-tables: any user name is accepted, which keeps the
// setup short; the tests are about the transport, not accounts.
type myServer struct {
	t       *testing.T
	server  string // mariadbd
	dir     string
	data    string
	log     string
	root    bool // the test runs as root: mariadbd needs --user=root
	running *exec.Cmd
	exited  chan struct{}
}

// newMyServer runs mariadb-install-db in a new temporary directory.
func newMyServer(t *testing.T) *myServer {
	t.Helper()
	install, err := exec.LookPath("mariadb-install-db")
	if err != nil {
		compiletest.Unreachable(t, "the MariaDB server binaries (mariadb-install-db on PATH)", err)
	}
	server, err := exec.LookPath("mariadbd")
	if err != nil {
		if server, err = exec.LookPath("/usr/sbin/mariadbd"); err != nil {
			compiletest.Unreachable(t, "the MariaDB server binaries (mariadbd)", err)
		}
	}
	dir := t.TempDir()
	s := &myServer{t: t, server: server, dir: dir, data: filepath.Join(dir, "data"),
		log: filepath.Join(dir, "server.log"), root: os.Geteuid() == 0}
	args := []string{"--no-defaults", "--datadir=" + s.data, "--skip-test-db",
		"--auth-root-authentication-method=normal", "--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M"}
	if s.root {
		args = append(args, "--user=root")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, install, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	return s
}

// start runs the server on port at the bind addresses (comma-separated),
// with TLS from ca when it is not nil, and waits until it answers. The
// server is stopped by stop or when the test ends.
func (s *myServer) start(port int, bind string, ca *enginetest.TestCA) {
	t := s.t
	t.Helper()
	args := []string{"--no-defaults", "--datadir=" + s.data, "--port=" + strconv.Itoa(port),
		"--bind-address=" + bind, "--socket=" + filepath.Join(s.dir, "s"),
		"--pid-file=" + filepath.Join(s.dir, "pid"), "--skip-grant-tables", "--skip-name-resolve",
		"--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M", "--skip-log-bin",
		"--log-error=" + s.log}
	if s.root {
		args = append(args, "--user=root")
	}
	if ca != nil {
		args = append(args, "--ssl-cert="+ca.CertFile, "--ssl-key="+ca.KeyFile, "--ssl-ca="+ca.CAFile)
	} else {
		args = append(args, "--skip-ssl")
	}
	cmd := exec.Command(s.server, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Dir = s.dir
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting mariadbd: %v", err)
	}
	s.running, s.exited = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); close(done) }(s.exited)
	t.Cleanup(s.stop)
	// Bounded readiness poll over the Unix socket.
	db, err := sql.Open("mysql", "root@unix("+filepath.Join(s.dir, "s")+")/")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-s.exited:
			t.Fatalf("mariadbd exited at start:\n%s", s.logText())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("mariadbd did not answer within 15s (%v):\n%s", err, s.logText())
		}
		time.Sleep(50 * time.Millisecond) // poll interval, not synchronization
	}
}

// stop shuts the running server down, killing it when it does not stop
// within 10 s. It may be called more than once.
func (s *myServer) stop() {
	if s.running == nil {
		return
	}
	cmd, exited := s.running, s.exited
	s.running = nil
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
}

func (s *myServer) logText() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// registerTLS registers a TLS configuration with the driver under a name
// of the test's own, removed when the test ends.
func registerTLS(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	name := compiletest.UniqueName("sqlforge_tls_")
	if err := mysql.RegisterTLSConfig(name, cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mysql.DeregisterTLSConfig(name) })
	return name
}

// sslVersion returns the TLS version of the engine's connection ("" for
// plain text).
func sslVersion(ctx context.Context, e *engine.Engine) (string, error) {
	var name, version string
	err := e.QueryRow(ctx, expr.Text("SHOW SESSION STATUS LIKE 'Ssl_version'")).Scan(&name, &version)
	return version, err
}

// TestTLSServer checks Open's TLS policy against a private server:
// verified TLS with the throwaway CA works, a certificate for another host
// or of an unknown CA is refused, and a plain-text server is refused for a
// remote host unless InsecureAllowPlaintext allows it, also where the DSN
// lets the driver fall back to plain text (allowFallbackToPlaintext): with
// the option, that DSN does connect in plain text.
func TestTLSServer(t *testing.T) {
	srv := newMyServer(t)
	ca := enginetest.NewTestCA(t, srv.dir, -1, -1, "127.0.0.2", "db.sqlforge.test")
	port := enginetest.FreePort(t)
	srv.start(port, "127.0.0.1,127.0.0.2,127.0.0.3", &ca)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	dsn := func(host, params string) string {
		return "sqlforge@tcp(" + net.JoinHostPort(host, strconv.Itoa(port)) + ")/mysql?timeout=5s" + params
	}
	// The driver sets ServerName to the DSN's host; verification is on.
	verified := registerTLS(t, &tls.Config{RootCAs: ca.Roots, MinVersion: tls.VersionTLS12})

	t.Run("verified", func(t *testing.T) {
		e, err := mysqldialect.Open(ctx, dsn("127.0.0.2", "&tls="+verified))
		if err != nil {
			t.Fatalf("verified TLS to 127.0.0.2 with the test CA: %v", err)
		}
		defer e.Close()
		v, err := sslVersion(ctx, e)
		if err != nil || !strings.HasPrefix(v, "TLS") {
			t.Errorf("the connection is not TLS: Ssl_version=%q, %v", v, err)
		}
	})

	t.Run("unknown CA", func(t *testing.T) {
		// No tls parameter: the default for a remote host is verified TLS
		// with the system roots, which do not know the test CA.
		_, err := mysqldialect.Open(ctx, dsn("127.0.0.2", ""))
		var unknown x509.UnknownAuthorityError
		if !errors.As(err, &unknown) {
			t.Errorf("default TLS to a server with a certificate of an unknown CA: %v; want x509.UnknownAuthorityError", err)
		}
	})

	t.Run("wrong host", func(t *testing.T) {
		// 127.0.0.3 is the same server, but the certificate does not name it.
		_, err := mysqldialect.Open(ctx, dsn("127.0.0.3", "&tls="+verified))
		var hostErr x509.HostnameError
		if !errors.As(err, &hostErr) {
			t.Errorf("TLS to 127.0.0.3 with a certificate for 127.0.0.2: %v; want x509.HostnameError", err)
		}
		// Unverified TLS to the same address needs the named option.
		_, err = mysqldialect.Open(ctx, dsn("127.0.0.3", "&tls=skip-verify"))
		if !errors.Is(err, engine.ErrInsecure) {
			t.Errorf("tls=skip-verify to 127.0.0.3: %v; want ErrInsecure", err)
		}
		e, err := mysqldialect.Open(ctx, dsn("127.0.0.3", "&tls=skip-verify"), engine.InsecureAllowUnverifiedTLS())
		if err != nil {
			t.Fatalf("tls=skip-verify with InsecureAllowUnverifiedTLS: %v", err)
		}
		e.Close()
	})

	srv.stop()
	srv.start(port, "127.0.0.1,127.0.0.2", nil)

	t.Run("plain server", func(t *testing.T) {
		// Default (verified TLS) to a server without TLS: refused, not
		// downgraded. The driver's mysql.ErrNoTLS is of class ErrInsecure.
		for _, params := range []string{"", "&tls=" + verified} {
			_, err := mysqldialect.Open(ctx, dsn("127.0.0.2", params))
			if !errors.Is(err, engine.ErrInsecure) || !strings.Contains(fmt.Sprint(err), mysql.ErrNoTLS.Error()) {
				t.Errorf("Open(%q) of a plain-text server at 127.0.0.2: %v; want ErrInsecure with mysql.ErrNoTLS's text", params, err)
			}
		}
		// Settings that choose or may fall back to plain text are refused
		// before dialing: allowFallbackToPlaintext alone too, although the
		// policy's default turns verified TLS on, because the driver falls
		// back when the server offers no TLS.
		fallbacks := []string{"&allowFallbackToPlaintext=true", "&tls=true&allowFallbackToPlaintext=true", "&tls=" + verified + "&allowFallbackToPlaintext=1"}
		for _, params := range append([]string{"&tls=false", "&tls=preferred"}, fallbacks...) {
			_, err := mysqldialect.Open(ctx, dsn("127.0.0.2", params))
			if !errors.Is(err, engine.ErrInsecure) {
				t.Errorf("%s to 127.0.0.2: %v; want ErrInsecure", params, err)
			}
		}
		// The server is reachable: the named option lets the same DSN in,
		// and 127.0.0.1 is local, so plain text needs no option there.
		for _, tc := range []struct {
			dsn  string
			opts []engine.OpenOption
		}{
			{dsn("127.0.0.2", "&tls=false"), []engine.OpenOption{engine.InsecureAllowPlaintext()}},
			{dsn("127.0.0.2", fallbacks[0]), []engine.OpenOption{engine.InsecureAllowPlaintext()}},
			{dsn("127.0.0.1", ""), nil},
		} {
			e, err := mysqldialect.Open(ctx, tc.dsn, tc.opts...)
			if err != nil {
				t.Errorf("Open(%s): %v", tc.dsn, err)
				continue
			}
			if v, err := sslVersion(ctx, e); err != nil || v != "" {
				t.Errorf("Open(%s): Ssl_version=%q, %v; want a plain-text connection", tc.dsn, v, err)
			}
			e.Close()
		}
	})
}

//go:build linux

package pgdialect_test

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// The tests in this file start private PostgreSQL servers on loopback with
// a throwaway CA, so that the TLS policy of Open is checked against a real
// TLS handshake without depending on how the shared test server is set up.
// 127.0.0.1 is local for the policy; 127.0.0.2 and 127.0.0.3 stand in for
// remote hosts (see engine.IsLocalHost).

// pgBinDir holds the PostgreSQL 15 server binaries; SQLFORGE_PG_BINDIR
// overrides it.
const pgBinDir = "/usr/lib/postgresql/15/bin"

// serverUser returns the credentials to run a server process with: none
// when the test does not run as root, else those of the OS user name, as
// PostgreSQL refuses to run as root. uid and gid are -1 without a switch.
func serverUser(t *testing.T, name string) (cred *syscall.Credential, uid, gid int) {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil, -1, -1
	}
	u, err := user.Lookup(name)
	if err != nil {
		serverMissing(t, "the "+name+" OS user to run PostgreSQL as", err)
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, uid, gid
}

// serverMissing skips loudly, or fails under SQLFORGE_REQUIRE_SERVERS=1.
func serverMissing(t *testing.T, what string, err error) {
	t.Helper()
	compiletest.Unreachable(t, what, err)
}

// pgServer is a private PostgreSQL instance in a temporary directory.
type pgServer struct {
	t       *testing.T
	bin     string
	dir     string // owned by the server's user
	data    string
	cred    *syscall.Credential
	uid     int
	gid     int
	log     string
	running *exec.Cmd
	exited  chan struct{}
}

// newPGServer runs initdb (trust authentication, user postgres) in a new
// temporary directory removed when the test ends.
func newPGServer(t *testing.T) *pgServer {
	t.Helper()
	bin := compiletest.EnvOr("SQLFORGE_PG_BINDIR", pgBinDir)
	for _, b := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(bin, b)); err != nil {
			serverMissing(t, "the PostgreSQL 15 server binaries (SQLFORGE_PG_BINDIR)", err)
		}
	}
	s := &pgServer{t: t, bin: bin}
	s.cred, s.uid, s.gid = serverUser(t, "postgres")
	// Not t.TempDir: its parents are private to the test's user, and the
	// server may run as another.
	dir, err := os.MkdirTemp("", "sqlforge-pgtls-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if s.uid != -1 {
		if err := os.Chown(dir, s.uid, s.gid); err != nil {
			t.Fatal(err)
		}
	}
	s.dir, s.data, s.log = dir, filepath.Join(dir, "data"), filepath.Join(dir, "server.log")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "--no-sync", "--auth=trust", "--username=postgres",
		"--encoding=UTF8", "--locale=C", "-D", s.data)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	return s
}

// start runs the server on port at the listen addresses (comma-separated),
// with TLS from ca when it is not nil, and waits until it accepts
// connections. The server is stopped by stop or when the test ends.
func (s *pgServer) start(port int, listen string, ca *enginetest.TestCA) {
	t := s.t
	t.Helper()
	args := []string{"-D", s.data, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=" + listen,
		"-c", "unix_socket_directories=" + s.dir,
		"-c", "fsync=off", "-c", "shared_buffers=16MB", "-c", "max_connections=20",
		"-c", "logging_collector=off"}
	if ca != nil {
		args = append(args, "-c", "ssl=on", "-c", "ssl_cert_file="+ca.CertFile,
			"-c", "ssl_key_file="+ca.KeyFile, "-c", "ssl_ca_file="+ca.CAFile)
	} else {
		args = append(args, "-c", "ssl=off")
	}
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(s.bin, "postgres"), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred, Setpgid: true}
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting postgres: %v", err)
	}
	s.running, s.exited = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); close(done) }(s.exited)
	t.Cleanup(s.stop)
	// Bounded readiness poll: the server accepts TCP connections once it
	// is ready (or exits, which ends the poll at once).
	addr := net.JoinHostPort(strings.Split(listen, ",")[0], strconv.Itoa(port))
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-s.exited:
			t.Fatalf("postgres exited at start:\n%s", s.logText())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			if s.ready(addr) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("postgres did not accept connections at %s within 15s:\n%s", addr, s.logText())
		}
		time.Sleep(50 * time.Millisecond) // poll interval, not synchronization
	}
}

// ready reports whether the server answers a query (it accepts TCP
// connections slightly before it is out of recovery).
func (s *pgServer) ready(addr string) bool {
	host, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	e, err := pgdialect.Open(ctx, "postgres://postgres@"+net.JoinHostPort(host, port)+"/postgres?sslmode=prefer",
		engine.InsecureAllowPlaintext(), engine.InsecureAllowUnverifiedTLS())
	if err != nil {
		return false
	}
	e.Close()
	return true
}

// stop shuts the running server down (fast shutdown), killing it when it
// does not stop within 10 s. It may be called more than once.
func (s *pgServer) stop() {
	if s.running == nil {
		return
	}
	cmd, exited := s.running, s.exited
	s.running = nil
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
}

func (s *pgServer) logText() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// TestTLSServer checks Open's TLS policy against private servers:
// verified TLS with the throwaway CA works by default for a remote host,
// a certificate for another host is refused, and a plain-text server is
// refused for a remote host unless InsecureAllowPlaintext allows it.
func TestTLSServer(t *testing.T) {
	t.Setenv("PGSSLMODE", "")
	t.Setenv("PGSSLROOTCERT", "")
	srv := newPGServer(t)
	ca := enginetest.NewTestCA(t, srv.dir, srv.uid, srv.gid, "127.0.0.2", "db.sqlforge.test")
	port := enginetest.FreePort(t)
	srv.start(port, "127.0.0.1,127.0.0.2,127.0.0.3", &ca)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn := func(host, params string) string {
		return "postgres://postgres@" + net.JoinHostPort(host, strconv.Itoa(port)) + "/postgres?" + params
	}
	root := "sslrootcert=" + ca.CAFile

	t.Run("verified", func(t *testing.T) {
		// No sslmode: the default for a remote host is verify-full.
		e, err := pgdialect.Open(ctx, dsn("127.0.0.2", root))
		if err != nil {
			t.Fatalf("verified TLS to 127.0.0.2 with the test CA: %v", err)
		}
		defer e.Close()
		var on bool
		var version string
		if err := e.QueryRow(ctx, expr.Text("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).Scan(&on, &version); err != nil {
			t.Fatal(err)
		}
		if !on || !strings.HasPrefix(version, "TLS") {
			t.Errorf("the connection is not TLS: ssl=%v version=%q", on, version)
		}
	})

	t.Run("unknown CA", func(t *testing.T) {
		// Without the test CA the system roots cannot verify the server.
		_, err := pgdialect.Open(ctx, dsn("127.0.0.2", "connect_timeout=5"))
		var unknown x509.UnknownAuthorityError
		if !errors.As(err, &unknown) {
			t.Errorf("TLS to a server with a certificate of an unknown CA: %v; want x509.UnknownAuthorityError", err)
		}
	})

	t.Run("wrong host", func(t *testing.T) {
		// 127.0.0.3 is the same server, but the certificate does not name it.
		_, err := pgdialect.Open(ctx, dsn("127.0.0.3", root))
		var hostErr x509.HostnameError
		if !errors.As(err, &hostErr) {
			t.Errorf("TLS to 127.0.0.3 with a certificate for 127.0.0.2: %v; want x509.HostnameError", err)
		}
		// Explicitly unverified TLS to the same address is allowed only
		// with the named insecure option.
		_, err = pgdialect.Open(ctx, dsn("127.0.0.3", "sslmode=require"))
		if !errors.Is(err, engine.ErrInsecure) {
			t.Errorf("sslmode=require to 127.0.0.3: %v; want ErrInsecure", err)
		}
		e, err := pgdialect.Open(ctx, dsn("127.0.0.3", "sslmode=require"), engine.InsecureAllowUnverifiedTLS())
		if err != nil {
			t.Fatalf("sslmode=require with InsecureAllowUnverifiedTLS: %v", err)
		}
		e.Close()
	})

	srv.stop()
	srv.start(port, "127.0.0.1,127.0.0.2", nil)

	t.Run("plain server", func(t *testing.T) {
		// Default (verify-full) to a server without TLS: refused by the
		// handshake, not downgraded.
		_, err := pgdialect.Open(ctx, dsn("127.0.0.2", root))
		if err == nil || !strings.Contains(err.Error(), "refused TLS") {
			t.Errorf("default Open of a plain-text server at 127.0.0.2: %v; want a TLS refusal", err)
		}
		// Modes that would fall back to or choose plain text are refused
		// before dialing.
		for _, mode := range []string{"disable", "allow", "prefer"} {
			_, err := pgdialect.Open(ctx, dsn("127.0.0.2", "sslmode="+mode))
			if !errors.Is(err, engine.ErrInsecure) {
				t.Errorf("sslmode=%s to 127.0.0.2: %v; want ErrInsecure", mode, err)
			}
		}
		// The server is reachable: the named option lets the same DSN in,
		// and 127.0.0.1 is local, so plain text needs no option there.
		for _, tc := range []struct {
			dsn  string
			opts []engine.OpenOption
		}{
			{dsn("127.0.0.2", "sslmode=disable"), []engine.OpenOption{engine.InsecureAllowPlaintext()}},
			{dsn("127.0.0.1", ""), nil},
		} {
			e, err := pgdialect.Open(ctx, tc.dsn, tc.opts...)
			if err != nil {
				t.Errorf("Open(%s): %v", tc.dsn, err)
				continue
			}
			on, err := engine.Scalar[bool](ctx, e, expr.Text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
			if err != nil || on {
				t.Errorf("Open(%s): ssl=%v, %v; want a plain-text connection", tc.dsn, on, err)
			}
			e.Close()
		}
	})
}

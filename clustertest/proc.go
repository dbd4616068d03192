package clustertest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/compile/compiletest"
)

// Need ends the test (see compiletest.Unreachable: a loud skip, or a
// failure under SQLFORGE_REQUIRE_SERVERS=1) when one of the programs is
// not an executable file. It returns their paths in order.
func Need(t testing.TB, what string, programs ...string) []string {
	t.Helper()
	paths := make([]string, len(programs))
	for i, p := range programs {
		path := p
		if !filepath.IsAbs(p) {
			var err error
			if path, err = exec.LookPath(p); err != nil {
				compiletest.Unreachable(t, what, err)
			}
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode()&0o111 == 0 {
			compiletest.Unreachable(t, what, fmt.Errorf("%s is not installed (%v)", path, err))
		}
		paths[i] = path
	}
	return paths
}

// User is the account servers run as: the test's own, or, when the test
// runs as root, an unprivileged one.
type User struct {
	Name     string
	UID, GID uint32
	// Switch is true when it differs from the test's user, so that
	// processes must be started with its credentials.
	Switch bool
}

// ServerUser returns the user servers run as: the test's own user, or
// name when the test runs as root (PostgreSQL, MariaDB and PgBouncer all
// refuse to run as root). It ends the test when root has no such user.
func ServerUser(t testing.TB, name string) User {
	t.Helper()
	if os.Geteuid() != 0 {
		return User{Name: "self", UID: uint32(os.Geteuid()), GID: uint32(os.Getegid())}
	}
	u, err := user.Lookup(name)
	if err != nil {
		compiletest.Unreachable(t, "a cluster (running as root needs the "+name+" user)", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatalf("clustertest: user %s: %v", name, err)
	}
	return User{Name: name, UID: uint32(uid), GID: uint32(gid), Switch: true}
}

// Dir makes a new temporary directory owned by u (mode 0700, as
// PostgreSQL wants its data directory) and removes it when the test ends,
// after the processes started later are stopped. It is not under
// t.TempDir, whose parents only root may enter.
func Dir(t testing.TB, u User, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sqlforge-"+prefix+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := u.chown(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func (u User) chown(path string) error {
	if !u.Switch {
		return nil
	}
	return os.Chown(path, int(u.UID), int(u.GID))
}

// Command returns a command that runs as u in a process group of its own.
func (u User) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if u.Switch {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: u.UID, Gid: u.GID}
	}
	cmd.Env = append(os.Environ(), "HOME=/tmp", "LC_ALL=C")
	// Kill the whole group when ctx ends, not only the leader.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// Run runs a short command as u and returns its combined output; it
// fails the test when the command fails or runs past a minute.
func (u User) Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := u.Command(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("clustertest: %s %v: %v\n%s", filepath.Base(name), args, err, out)
	}
	return string(out)
}

// Proc is a long-running server process, leader of its own process group.
type Proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{} // closed when the process has exited
	mu   sync.Mutex
	err  error // Wait's result, once done is closed
}

// Start starts a server process as u, its output going to logFile. The
// process group is killed when the test ends, if it still runs then.
func Start(t testing.TB, u User, logFile string, name string, args ...string) *Proc {
	t.Helper()
	f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := u.Command(context.Background(), name, args...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatalf("clustertest: start %s: %v", name, err)
	}
	p := &Proc{name: filepath.Base(name), cmd: cmd, log: logFile, done: make(chan struct{})}
	go func() {
		err := cmd.Wait()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.done)
	}()
	t.Cleanup(func() { p.Stop(syscall.SIGKILL, 0) })
	return p
}

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop sends sig to the process and waits up to grace for it to end,
// then kills its whole group and waits for the leader. It reports
// whether the process ended within grace.
func (p *Proc) Stop(sig syscall.Signal, grace time.Duration) bool {
	if p.Exited() {
		return true
	}
	pid := p.cmd.Process.Pid
	syscall.Kill(pid, sig)
	t := time.NewTimer(grace)
	defer t.Stop()
	clean := true
	select {
	case <-p.done:
	case <-t.C:
		clean = false
	}
	// The leader's children (a server's backends) die with it, or here.
	syscall.Kill(-pid, syscall.SIGKILL)
	<-p.done
	return clean
}

// Log returns the end of the process's log, for a failure message.
func (p *Proc) Log() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// WaitFor polls ready every 20ms until it returns nil, p exits, or
// timeout passes; it fails the test in the last two cases.
func WaitFor(t testing.TB, p *Proc, timeout time.Duration, ready func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := ready()
		if err == nil {
			return
		}
		if p != nil && p.Exited() {
			t.Fatalf("clustertest: %s exited: %v\n%s", p.name, p.err, p.Log())
		}
		if time.Now().After(deadline) {
			msg := ""
			if p != nil {
				msg = p.Log()
			}
			t.Fatalf("clustertest: not ready after %v: %v\n%s", timeout, err, msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

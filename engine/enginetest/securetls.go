package enginetest

import (
	"crypto/x509"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
)

// remoteLookalike is an address of this machine that the TLS policy counts
// as remote: only 127.0.0.1 and ::1 of the loopback addresses are local
// for it (engine.IsLocalHost).
const remoteLookalike = "127.0.0.2"

// secureTLS checks row 12 against the real server, reached through a relay
// listening on an address the policy counts as remote: a DSN that turns
// TLS off is refused before any connection is made; the default asks for
// TLS with certificate and host name verification, which the test
// servers cannot give (an untrusted certificate, or no TLS at all), so
// Open fails with a certificate error or engine.ErrInsecure rather than
// falling back to plain text; and with engine.InsecureAllowPlaintext the
// same plain-text DSN works, so the relay is sound.
func secureTLS(t *testing.T, env SecureEnv) {
	ctx := testContext(t)
	relay := newRelay(t, remoteLookalike, env.Remote.Server)

	_, err := env.OpenDSN(ctx, env.Remote.PlainDSN(relay.addr))
	if !errors.Is(err, engine.ErrInsecure) {
		t.Errorf("%s: row 12: plain text to %s: %v; want ErrInsecure", env.Name, relay.addr, err)
	}
	if n := relay.accepted.Load(); n != 0 {
		t.Errorf("%s: row 12: the refused plain-text DSN made %d connections; want none", env.Name, n)
	}

	e, err := env.OpenDSN(ctx, env.Remote.DSN(relay.addr))
	if err == nil {
		e.Close()
		t.Fatalf("%s: row 12: the default DSN to %s connected to a server without a trusted certificate", env.Name, relay.addr)
	}
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	if !errors.Is(err, engine.ErrInsecure) && !errors.As(err, &unknown) && !errors.As(err, &host) && !errors.As(err, &invalid) {
		t.Errorf("%s: row 12: the default DSN to %s: %v; want a certificate error or ErrInsecure", env.Name, relay.addr, err)
	}
	if relay.accepted.Load() == 0 {
		t.Errorf("%s: row 12: the default DSN to %s never reached the server", env.Name, relay.addr)
	}

	e, err = env.OpenDSN(ctx, env.Remote.PlainDSN(relay.addr), engine.InsecureAllowPlaintext())
	if err != nil {
		t.Fatalf("%s: row 12: plain text to %s with InsecureAllowPlaintext: %v", env.Name, relay.addr, err)
	}
	e.Close()
}

// relay forwards the TCP connections it accepts to another address.
type relay struct {
	addr     string
	accepted atomic.Int32
	ln       net.Listener
	mu       sync.Mutex
	conns    []net.Conn
	closed   bool
	done     sync.WaitGroup
}

// newRelay listens on a free port of host and forwards to target until the
// test ends.
func newRelay(t testing.TB, host, target string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatalf("listening on %s: %v", host, err)
	}
	r := &relay{addr: ln.Addr().String(), ln: ln}
	r.done.Add(1)
	go r.serve(target)
	t.Cleanup(r.close)
	return r
}

func (r *relay) serve(target string) {
	defer r.done.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.accepted.Add(1)
		s, err := net.Dial("tcp", target)
		if err != nil {
			c.Close()
			continue
		}
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			c.Close()
			s.Close()
			return
		}
		r.conns = append(r.conns, c, s)
		r.done.Add(2)
		r.mu.Unlock()
		go r.pipe(c, s)
		go r.pipe(s, c)
	}
}

// pipe copies from src to dst and then closes both, which ends the
// other direction too.
func (r *relay) pipe(dst, src net.Conn) {
	defer r.done.Done()
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

func (r *relay) close() {
	r.ln.Close()
	r.mu.Lock()
	r.closed = true
	for _, c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.done.Wait()
}

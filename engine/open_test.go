package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// The policy of Open is tested here with a fake driver; the dialect
// modules test their drivers against real servers.

const testSecret = "S3ntinel-pw-7d1f"

type fakeDialect struct{}

func (fakeDialect) Name() string                             { return "fake" }
func (fakeDialect) Features() compile.Feature                { return 0 }
func (fakeDialect) AppendPlaceholder(b []byte, _ int) []byte { return append(b, '?') }
func (fakeDialect) AppendIdent(b []byte, n string) ([]byte, error) {
	return append(b, n...), nil
}
func (fakeDialect) AppendType(b []byte, _ expr.Type, _ compile.TypeUse) ([]byte, error) {
	return b, nil
}
func (fakeDialect) MaxParams() int { return 100 }

// fakeSource fails every statement; Ping returns pingErr.
type fakeSource struct {
	pingErr error
	closed  bool
}

func (s *fakeSource) Exec(context.Context, string, []any) (Result, error) {
	return Result{}, errors.New("fake")
}
func (s *fakeSource) Query(context.Context, string, []any) (SourceRows, error) {
	return nil, errors.New("fake")
}
func (s *fakeSource) Begin(context.Context, TxOptions) (SourceTx, error) {
	return nil, errors.New("fake")
}
func (s *fakeSource) Close() error               { s.closed = true; return nil }
func (s *fakeSource) Ping(context.Context) error { return s.pingErr }
func (s *fakeSource) Classify(err error) error   { return err }

// fakeDriver connects to nothing: Parse returns its endpoints and takes
// options of type *[]string; Connect reports a connection made before the
// engine exists.
type fakeDriver struct {
	endpoints []Endpoint
	parseErr  error
	src       *fakeSource
	got       []string
}

func (d *fakeDriver) Parse(dsn string, c *OpenConfig) ([]Endpoint, error) {
	c.AddSecret(strings.TrimPrefix(dsn, "pw="))
	ApplyDriverOptions(c, &d.got)
	return d.endpoints, d.parseErr
}

func (d *fakeDriver) Connect(ctx context.Context, c *OpenConfig) (Source, compile.Dialect, error) {
	c.NotifyConnect(ctx, &ConnectEvent{Err: errors.New("first try with " + testSecret + " failed")})
	return d.src, fakeDialect{}, nil
}

type fakeRoleDriver struct{ fakeDriver }

func (*fakeRoleDriver) Role(context.Context, *Engine) (RoleReport, error) {
	return RoleReport{Role: "admin", Superuser: true}, nil
}

type connectRecorder struct{ errs []string }

func (r *connectRecorder) Connect(_ context.Context, ev *ConnectEvent) {
	r.errs = append(r.errs, fmt.Sprint(ev.Err))
}

func TestOpenTLSPolicy(t *testing.T) {
	plain, unverified := InsecureAllowPlaintext(), InsecureAllowUnverifiedTLS()
	remote, local := "db.example", "127.0.0.1"
	for _, tc := range []struct {
		ep       []Endpoint
		opts     []OpenOption
		insecure bool
	}{
		{[]Endpoint{{Host: remote, TLS: true, Verified: true}}, nil, false},
		{[]Endpoint{{Host: remote}}, nil, true},
		{[]Endpoint{{Host: remote}}, []OpenOption{plain}, false},
		{[]Endpoint{{Host: remote}}, []OpenOption{unverified}, true},
		{[]Endpoint{{Host: remote, TLS: true}}, nil, true},
		{[]Endpoint{{Host: remote, TLS: true}}, []OpenOption{unverified}, false},
		{[]Endpoint{{Host: remote, TLS: true}}, []OpenOption{plain}, true},
		// A fallback to plain text is an endpoint of its own.
		{[]Endpoint{{Host: remote, TLS: true}, {Host: remote}}, []OpenOption{unverified}, true},
		{[]Endpoint{{Host: remote, TLS: true}, {Host: remote}}, []OpenOption{unverified, plain}, false},
		{[]Endpoint{{Host: local}, {Host: "/run/db.sock"}}, nil, false},
		{[]Endpoint{{Host: local}, {Host: remote}}, nil, true},
	} {
		err := CheckOpen("", &fakeDriver{endpoints: tc.ep}, tc.opts...)
		if got := errors.Is(err, ErrInsecure); got != tc.insecure || (err != nil && !got) {
			t.Errorf("%+v with %d options: err = %v; want insecure=%v", tc.ep, len(tc.opts), err, tc.insecure)
		}
	}
	err := CheckOpen("", &fakeDriver{endpoints: []Endpoint{{Host: remote, Fix: "sslmode=verify-full"}}})
	if err == nil || !strings.Contains(err.Error(), "sslmode=verify-full") || !strings.Contains(err.Error(), "InsecureAllowPlaintext") {
		t.Errorf("refusal does not say what to do: %v", err)
	}
}

func TestOpenDriverOptions(t *testing.T) {
	add := func(s string) OpenOption { return DriverOption(func(l *[]string) { *l = append(*l, s) }) }
	d := &fakeDriver{}
	if err := CheckOpen("", d, add("a"), add("b")); err != nil || strings.Join(d.got, ",") != "a,b" {
		t.Errorf("driver options: got %v, %v; want a,b applied in order", d.got, err)
	}
	other := DriverOption(func(*int) {})
	if err := CheckOpen("", &fakeDriver{}, add("a"), other); err == nil || !strings.Contains(err.Error(), "*int") {
		t.Errorf("an option of a type the driver does not take: %v; want an error naming it", err)
	}
}

func TestOpenPolicy(t *testing.T) {
	ctx := context.Background()
	dsn := "pw=" + testSecret

	_, err := Open(ctx, dsn, &fakeDriver{parseErr: errors.New("bad DSN " + dsn)})
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Errorf("parse error: %v; want an error without the password", err)
	}

	src := &fakeSource{pingErr: errors.New("no route for " + testSecret)}
	_, err = Open(ctx, dsn, &fakeDriver{src: src})
	if err == nil || strings.Contains(fmt.Sprintf("%v %#v", err, err), testSecret) || !src.closed {
		t.Errorf("ping error: %v, source closed %v; want a redacted error and a closed source", err, src.closed)
	}

	// Engine options reach New; a connection made before the engine
	// existed reaches its hooks, redacted.
	rec := &connectRecorder{}
	e, err := Open(ctx, dsn, &fakeDriver{src: &fakeSource{}}, WithHooks(rec), WithMaxRows(7))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.maxRows != 7 || len(rec.errs) != 1 || strings.Contains(rec.errs[0], testSecret) || !strings.Contains(rec.errs[0], Redacted) {
		t.Errorf("maxRows %d, connect events %q; want 7 and one redacted event", e.maxRows, rec.errs)
	}

	if _, err := Open(ctx, dsn, &fakeDriver{src: &fakeSource{}}, RefuseElevatedRole()); !errors.Is(err, ErrNoRoles) {
		t.Errorf("role check on a database without roles: %v; want ErrNoRoles", err)
	}
	src = &fakeSource{}
	if _, err := Open(ctx, dsn, &fakeRoleDriver{fakeDriver{src: src}}, RefuseElevatedRole()); !errors.Is(err, ErrPrivileged) || !src.closed {
		t.Errorf("superuser with RefuseElevatedRole: %v, source closed %v; want ErrPrivileged and a closed source", err, src.closed)
	}
	// The role check's own error reaches the caller through the redaction.
	errMine := errors.New("not this role")
	check := WithRoleCheck(func(context.Context, RoleReport) error { return errMine })
	if _, err := Open(ctx, dsn, &fakeRoleDriver{fakeDriver{src: &fakeSource{}}}, check); !errors.Is(err, errMine) {
		t.Errorf("role check error: %v; want the check's own error", err)
	}
}

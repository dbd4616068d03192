package engine

import (
	"errors"
	"log/slog"
	"net/netip"
	"strings"
)

// ErrInsecure: a dialect's Open refused a connection that would not be
// protected by verified TLS (see IsLocalHost), because no explicitly named
// insecure option allowed it.
var ErrInsecure = errors.New("engine: insecure connection refused")

// IsLocalHost reports whether host is local for the TLS policy of the
// dialect modules' Open: a Unix socket path (starting with "/" or "@"), the
// name "localhost", or the loopback addresses 127.0.0.1 and ::1. Every
// other address — including other 127.x.y.z addresses — counts as remote
// and gets TLS with certificate and host name verification by default.
func IsLocalHost(host string) bool {
	if host == "" {
		return false
	}
	if host[0] == '/' || host[0] == '@' || strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	return ip == netip.MustParseAddr("127.0.0.1") || ip == netip.IPv6Loopback()
}

// Redacted is what secrets print as.
const Redacted = "[REDACTED]"

// Secret holds a credential. It prints as [REDACTED] with every fmt verb,
// in slog output and in JSON, so it can sit in configuration structs that
// might be logged. Reveal returns the value.
type Secret struct{ s string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{s} }

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return s.s }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.s == "" }

// String returns [REDACTED].
func (Secret) String() string { return Redacted }

// GoString returns [REDACTED], for %#v.
func (Secret) GoString() string { return Redacted }

// LogValue returns [REDACTED], for log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalText returns [REDACTED], for encoding/json and friends.
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// RedactError returns err with every occurrence of the non-empty secrets
// in its text replaced by [REDACTED]. errors.Is and errors.As see through
// it to err.
func RedactError(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	var keep []string
	for _, s := range secrets {
		if s != "" {
			keep = append(keep, s)
		}
	}
	if len(keep) == 0 {
		return err
	}
	return &redactedError{err: err, secrets: keep}
}

type redactedError struct {
	err     error
	secrets []string
}

func (e *redactedError) Error() string {
	s := e.err.Error()
	for _, sec := range e.secrets {
		s = strings.ReplaceAll(s, sec, Redacted)
	}
	return s
}

func (e *redactedError) Unwrap() error { return e.err }

// GoString hides the secrets it knows from %#v.
func (e *redactedError) GoString() string { return "engine.redactedError{" + e.Error() + "}" }

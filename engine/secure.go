package engine

import (
	"errors"
	"log/slog"
	"net/netip"
	"reflect"
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
// in its text replaced by [REDACTED]. errors.Is sees through it to err's
// chain, and errors.As finds the errors there whose text holds none of the
// secrets; but it has no Unwrap, so that code walking the chain (loggers,
// tracers) meets only the redacted text.
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

// Is lets errors.Is see err's chain without an Unwrap that would hand the
// unredacted errors to whoever walks the chain.
func (e *redactedError) Is(target error) bool { return errors.Is(e.err, target) }

// As lets errors.As find an error in err's chain, unless its own text
// holds a secret: then the target is left as it was.
func (e *redactedError) As(target any) bool {
	if !errors.As(e.err, target) {
		return false
	}
	v := reflect.ValueOf(target).Elem()
	if found, ok := v.Interface().(error); ok && e.holdsSecret(found) {
		v.SetZero()
		return false
	}
	return true
}

// holdsSecret reports whether err's text, or the text of an error err
// wraps, holds a secret: a wrapper need not repeat what it wraps.
func (e *redactedError) holdsSecret(err error) bool {
	if err == nil {
		return false
	}
	text := err.Error()
	for _, sec := range e.secrets {
		if strings.Contains(text, sec) {
			return true
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return e.holdsSecret(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, w := range u.Unwrap() {
			if e.holdsSecret(w) {
				return true
			}
		}
	}
	return false
}

// GoString hides the secrets it knows from %#v.
func (e *redactedError) GoString() string { return "engine.redactedError{" + e.Error() + "}" }

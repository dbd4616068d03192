package engine

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"strconv"
	"strings"
)

// ErrInsecure: a dialect's Open refused a connection that would not be
// protected by verified TLS (see IsLocalHost), because no explicitly named
// insecure option allowed it. It is also the class of a driver's refusal
// of a server that offers no TLS where TLS is required (MySQL's
// mysql.ErrNoTLS).
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
//
// The value sits behind a pointer: where fmt cannot call Format (a
// Secret in an unexported field of a struct), it prints the pointer's
// address, not the value.
type Secret struct{ s *string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{&s} }

// Reveal returns the secret's value.
func (s Secret) Reveal() string {
	if s.s == nil {
		return ""
	}
	return *s.s
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.Reveal() == "" }

// Format writes [REDACTED] whatever the verb and flags, so that no verb
// (%d, %x, %t...) prints the value: fmt's default for a verb that does
// not fit shows the fields.
func (Secret) Format(f fmt.State, verb rune) { formatRedacted(f, verb, Redacted) }

// formatRedacted writes text, quoted for %q, for every verb.
func formatRedacted(f fmt.State, verb rune, text string) {
	if verb == 'q' {
		text = strconv.Quote(text)
	}
	io.WriteString(f, text)
}

// String returns [REDACTED].
func (Secret) String() string { return Redacted }

// GoString returns [REDACTED], for %#v.
func (Secret) GoString() string { return Redacted }

// LogValue returns [REDACTED], for log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalText returns [REDACTED], for encoding/json and friends.
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

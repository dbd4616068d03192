package engine

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// RedactError returns err with every occurrence of the non-empty secrets
// in its text replaced by [REDACTED]. errors.Is sees through it to err's
// chain, and errors.As finds the errors there whose text holds none of the
// secrets and whose type cannot carry a credential (see
// CarriesCredentials); but it has no Unwrap, so that code walking the
// chain (loggers, tracers) meets only the redacted text. With no secret,
// err is still wrapped, so that errors.As cannot hand out a driver's
// error that holds its configuration.
func RedactError(err error, secrets ...string) error {
	return redact(err, "", secrets)
}

// minRedactLen is the length under which a secret is not replaced in
// error text: a short password ("tcp", "db") matches words that are not
// the password, and where it stands would tell what it is. An error whose
// text holds one is withheld whole.
const minRedactLen = 4

// redact is RedactError, with where (a host) to name in the message of a
// withheld error.
func redact(err error, where string, secrets []string) error {
	if err == nil {
		return nil
	}
	var keep []string
	for _, s := range secrets {
		if s != "" && !slices.Contains(keep, s) {
			keep = append(keep, s)
		}
	}
	if r, ok := err.(*redactedError); ok && len(keep) == 0 && where == "" {
		return r
	}
	// The longest first, so that a secret inside another is not replaced
	// first, leaving the rest of the longer one.
	slices.SortStableFunc(keep, func(a, b string) int { return len(b) - len(a) })
	return &redactedError{&redaction{err: err, secrets: keep, where: where}}
}

// redactedError keeps what it hides behind a pointer: where fmt cannot
// call its methods (in an unexported field of a wrapper such as
// fmt.Errorf's, printed with a verb like %t), fmt prints the pointer's
// address, not the wrapped error and the secrets.
type redactedError struct{ r *redaction }

type redaction struct {
	err     error
	secrets []string
	where   string
}

// Error returns err's text with the secrets replaced by [REDACTED], or,
// when it holds a secret too short to replace, a message that withholds
// the text.
func (e *redactedError) Error() string {
	s := e.r.err.Error()
	for _, sec := range e.r.secrets {
		if len(sec) >= minRedactLen {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	for _, sec := range e.r.secrets {
		if len(sec) < minRedactLen && strings.Contains(s, sec) {
			msg := "engine: error text withheld: it contains the password, too short to redact"
			if e.r.where != "" {
				msg += " (connecting to " + e.r.where + ")"
			}
			return msg
		}
	}
	return s
}

// Is lets errors.Is see err's chain without an Unwrap that would hand the
// unredacted errors to whoever walks the chain.
func (e *redactedError) Is(target error) bool { return errors.Is(e.r.err, target) }

// As lets errors.As find an error in err's chain, unless the target's type
// can carry a credential, or the error found, or one it wraps, is of such
// a type or holds a secret in its text: then the target is left as it was.
func (e *redactedError) As(target any) bool {
	tv := reflect.ValueOf(target)
	if tv.Kind() != reflect.Pointer || tv.IsNil() || CarriesCredentials(tv.Type().Elem()) {
		return false
	}
	if !errors.As(e.r.err, target) {
		return false
	}
	v := tv.Elem()
	if found, ok := v.Interface().(error); ok && (e.holdsSecret(found) || chainCarriesCredentials(found)) {
		v.SetZero()
		return false
	}
	return true
}

// credentialFields are the names, in lower case, of struct fields that
// hold a credential or a DSN with one: pgconn.Config.Password,
// mysql.Config.Passwd, pgconn.ParseConfigError.ConnString.
var credentialFields = []string{"password", "passwd", "passphrase", "connstring", "dsn", "secret", "token"}

var credentialTypes sync.Map // reflect.Type -> bool

// CarriesCredentials reports whether a value of type t may hold a
// credential: t is or points to a struct that has, or whose fields
// (through pointers, slices, arrays and maps) are structs that have, a
// field named like a password (Password, Passwd, ConnString, DSN, Secret,
// Token...) or of type Secret. Only these two levels of structs count: a
// driver's error holds its configuration directly, while deeper structs
// (a certificate's URLs) are not credentials. The redacted errors of RedactError and Open refuse errors.As to
// such types, such as pgx's *pgconn.ConnectError, whose Config holds the
// password.
func CarriesCredentials(t reflect.Type) bool {
	if t == nil {
		return false
	}
	if v, ok := credentialTypes.Load(t); ok {
		return v.(bool)
	}
	r := carriesCredentials(t, 0, 0)
	credentialTypes.Store(t, r)
	return r
}

func carriesCredentials(t reflect.Type, structs, hops int) bool {
	if hops > 32 { // type P *P
		return false
	}
	if t == reflect.TypeFor[Secret]() {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return carriesCredentials(t.Elem(), structs, hops+1)
	case reflect.Map:
		return carriesCredentials(t.Key(), structs, hops+1) || carriesCredentials(t.Elem(), structs, hops+1)
	case reflect.Struct:
		if structs == 2 {
			return false
		}
		for i := range t.NumField() {
			f := t.Field(i)
			name := strings.ToLower(f.Name)
			for _, c := range credentialFields {
				if strings.Contains(name, c) {
					return true
				}
			}
			if carriesCredentials(f.Type, structs+1, hops+1) {
				return true
			}
		}
	}
	return false
}

// chainCarriesCredentials reports whether err or an error it wraps is of
// a type that can carry a credential.
func chainCarriesCredentials(err error) bool {
	if err == nil {
		return false
	}
	if CarriesCredentials(reflect.TypeOf(err)) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return chainCarriesCredentials(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, w := range u.Unwrap() {
			if chainCarriesCredentials(w) {
				return true
			}
		}
	}
	return false
}

// holdsSecret reports whether err's text, or the text of an error err
// wraps, holds a secret: a wrapper need not repeat what it wraps.
func (e *redactedError) holdsSecret(err error) bool {
	if err == nil {
		return false
	}
	text := err.Error()
	for _, sec := range e.r.secrets {
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

// Format writes the redacted text whatever the verb (GoString's for %#v),
// so that no verb (%d, %x...) prints the fields, secrets included.
func (e *redactedError) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, e.GoString())
		return
	}
	formatRedacted(f, verb, e.Error())
}

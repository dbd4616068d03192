package engine

import (
	"context"
	"crypto/x509"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
)

// RedactError returns an error of the engine's own with err's text, in
// which every occurrence of the non-empty secrets is replaced by
// [REDACTED]. It keeps nothing else of err but the errors listed at
// redactedError, so neither its Unwrap, nor errors.As, nor a reflective
// walk of its fields reaches err or an error err wraps: a driver's error
// may hold the DSN, or a configuration with the password, in its fields.
func RedactError(err error, secrets ...string) error {
	return redact(err, "", secrets, nil)
}

// minRedactLen is the length under which a secret is not replaced in
// error text: a short password ("tcp", "db") matches words that are not
// the password, and where it stands would tell what it is. An error whose
// text holds one is withheld whole.
const minRedactLen = 4

// redactedError is what RedactError and Open return: redacted text, and
// the errors that errors.Is and errors.As may find in it, which are only
//
//   - the engine's sentinels and error classes, the context errors and the
//     standard library's sentinels (io.EOF, net.ErrClosed,
//     driver.ErrBadConn, ...) that the redacted error matched;
//   - the class the engine or the dialect gives the redacted error;
//   - system call errors (syscall.Errno, a number);
//   - the certificate errors of a TLS handshake, copied with only the
//     server's certificate and the host name, redacted;
//   - the errors of the application's own password source and role check.
//
// These hold nothing built from the DSN, so the error holds no secret by
// construction, whatever its driver put in its own errors.
type redactedError struct {
	text string
	kept []error
}

func (e *redactedError) Error() string { return e.text }

// Unwrap returns the errors kept, for errors.Is and errors.As.
func (e *redactedError) Unwrap() []error { return e.kept }

// wellKnown are the errors a redacted error keeps when the error it
// replaces matches them: package-level values with fixed text.
var wellKnown = []error{
	ErrInsecure, ErrInvalidDSN, ErrNoRoles, ErrPrivileged, ErrClosed, ErrPoolerUnsafe,
	ErrConnectionLost, ErrStatementTimeout, ErrCanceled, ErrLockTimeout,
	ErrDeadlock, ErrSerializationFailure, ErrObjectExists,
	context.Canceled, context.DeadlineExceeded, os.ErrDeadlineExceeded,
	io.EOF, io.ErrUnexpectedEOF, net.ErrClosed, driver.ErrBadConn,
	sql.ErrConnDone, fs.ErrNotExist, fs.ErrPermission,
}

// callbackError marks an error of the application's own callback (a
// password source, a role check), which a redacted error keeps as it is.
type callbackError struct{ err error }

func (e *callbackError) Error() string { return e.err.Error() }
func (e *callbackError) Unwrap() error { return e.err }

// redact is RedactError with where (a host) to name in the message of a
// withheld error, and classify, the dialect's classifier or nil.
func redact(err error, where string, secrets []string, classify func(error) error) error {
	if err == nil {
		return nil
	}
	var keep []string
	for _, s := range secrets {
		if s != "" && !slices.Contains(keep, s) {
			keep = append(keep, s)
		}
	}
	// The longest first, so that a secret inside another is not replaced
	// first, leaving the rest of the longer one.
	slices.SortStableFunc(keep, func(a, b string) int { return len(b) - len(a) })
	if r, ok := err.(*redactedError); ok && len(keep) == 0 && where == "" {
		return r
	}
	class := ClassifyCommon(err)
	if classify != nil {
		if c := classify(err); c != nil {
			class = c
		}
	}
	r := &redactedError{text: redactText(err.Error(), keep, where), kept: keptErrors(err, class)}
	r.kept = appendCertErrors(r.kept, err, func(host string) string { return redactText(host, keep, "") })
	var cb *callbackError
	if errors.As(err, &cb) {
		r.kept = append(r.kept, cb)
	}
	return r
}

// keptErrors returns the errors a redacted error keeps of err for
// errors.Is and errors.As that hold nothing of its text: the well-known
// errors err matches, class when it is not nil, and the system call
// errors on err's chains.
func keptErrors(err, class error) []error {
	var kept []error
	for _, w := range wellKnown {
		if errors.Is(err, w) {
			kept = append(kept, w)
		}
	}
	if class != nil && !slices.Contains(kept, class) {
		kept = append(kept, class)
	}
	return appendErrnos(kept, err)
}

// redactText returns s with the secrets replaced, or, when it holds a
// secret too short to replace, a message that withholds it, naming where.
func redactText(s string, secrets []string, where string) string {
	if s, ok := replaceSecrets(s, secrets, Redacted); ok {
		return s
	}
	msg := "engine: error text withheld: it contains the password, too short to redact"
	if where != "" {
		msg += " (connecting to " + where + ")"
	}
	return msg
}

// minCutLen is the length of the shortest start of a secret that
// replaceSecrets replaces where the text holds no more of it: servers
// quote long values cut short (MariaDB's "Duplicate entry" message, for
// one).
const minCutLen = 16

// replaceSecrets returns s with every occurrence of each secret, longest
// first, replaced by mark, and so every run of at least minCutLen bytes
// that starts like a secret (a value the text quotes cut short). It
// reports false when s still holds a secret shorter than minRedactLen,
// which cannot be replaced without garbling the rest: the caller must
// withhold s whole.
func replaceSecrets(s string, secrets []string, mark string) (string, bool) {
	secrets = slices.Clone(secrets)
	slices.SortStableFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, sec := range secrets {
		if len(sec) >= minRedactLen {
			s = strings.ReplaceAll(s, sec, mark)
		}
		if len(sec) > minCutLen {
			s = replaceCut(s, sec, mark)
		}
	}
	for _, sec := range secrets {
		if sec != "" && len(sec) < minRedactLen && strings.Contains(s, sec) {
			return s, false
		}
	}
	return s, true
}

// replaceCut replaces by mark every run of s of at least minCutLen bytes
// that is the start of sec.
func replaceCut(s, sec, mark string) string {
	head := sec[:minCutLen]
	var b strings.Builder
	for {
		i := strings.Index(s, head)
		if i < 0 {
			if b.Len() == 0 {
				return s
			}
			b.WriteString(s)
			return b.String()
		}
		n := minCutLen
		for i+n < len(s) && n < len(sec) && s[i+n] == sec[n] {
			n++
		}
		b.WriteString(s[:i])
		b.WriteString(mark)
		s = s[i+n:]
	}
}

// appendErrnos appends the system call errors on err's chains and trees.
func appendErrnos(kept []error, err error) []error {
	switch e := err.(type) {
	case nil:
	case syscall.Errno:
		if !slices.Contains(kept, error(e)) {
			kept = append(kept, e)
		}
	case interface{ Unwrap() error }:
		kept = appendErrnos(kept, e.Unwrap())
	case interface{ Unwrap() []error }:
		for _, w := range e.Unwrap() {
			kept = appendErrnos(kept, w)
		}
	}
	return kept
}

// appendCertErrors appends copies of the x509 errors of a failed TLS
// handshake in err with only their fields that come from the server (its
// certificate, the reason), and the host name passed through redactHost.
func appendCertErrors(kept []error, err error, redactHost func(string) string) []error {
	var unknown x509.UnknownAuthorityError
	if errors.As(err, &unknown) {
		kept = append(kept, x509.UnknownAuthorityError{Cert: unknown.Cert})
	}
	var host x509.HostnameError
	if errors.As(err, &host) {
		kept = append(kept, x509.HostnameError{Certificate: host.Certificate, Host: redactHost(host.Host)})
	}
	var invalid x509.CertificateInvalidError
	if errors.As(err, &invalid) {
		kept = append(kept, x509.CertificateInvalidError{Cert: invalid.Cert, Reason: invalid.Reason})
	}
	return kept
}

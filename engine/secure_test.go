package engine

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// dsnError is a typed error whose text holds the DSN, password included.
type dsnError struct{ dsn string }

func (e *dsnError) Error() string { return "cannot parse " + e.dsn }

// hostError is a typed error with nothing secret in its text.
type hostError struct{ host string }

func (e hostError) Error() string { return "certificate is not valid for " + e.host }

// TestRedactErrorChain walks the Unwrap chain of a redacted error the way
// a logger or tracer might, and checks that no error on it shows the
// secret, while errors.Is and errors.As still find what they should.
func TestRedactErrorChain(t *testing.T) {
	inner := fmt.Errorf("connect: %w", errors.Join(
		&dsnError{"u:" + testSecret + "@db"}, hostError{"db"}, io.EOF))
	err := fmt.Errorf("open: %w", RedactError(inner, testSecret))
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), testSecret) || strings.Contains(fmt.Sprintf("%#v", e), testSecret) {
			t.Errorf("an error on the Unwrap chain shows the secret: %T %v", e, e)
		}
	}
	if !errors.Is(err, io.EOF) {
		t.Error("errors.Is does not see through the redaction")
	}
	var he hostError
	if !errors.As(err, &he) || he.host != "db" {
		t.Errorf("errors.As does not find an error with no secret in it: %+v", he)
	}
	var de *dsnError
	if errors.As(err, &de) || de != nil {
		t.Errorf("errors.As hands out an error whose text holds the secret: %v", de)
	}
	if !strings.Contains(err.Error(), Redacted) {
		t.Errorf("text %q is not redacted", err.Error())
	}
}

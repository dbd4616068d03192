package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// serverError stands for a driver's error whose message and fields
// quote a bound value, as *pgconn.PgError's Detail does.
type serverError struct{ Message, Detail string }

func (e *serverError) Error() string { return e.Message }

func TestForHooks(t *testing.T) {
	const value = "ann@example.com"
	driverErr := &serverError{Message: "Duplicate entry '" + value + "'", Detail: "Key (email)=(" + value + ")"}
	err := fmt.Errorf("saving: %w", &Error{Op: "exec", Class: ErrUniqueViolation, Code: "23505", Constraint: "users_email_key", Err: driverErr})
	e := &Engine{}
	he := e.ForHooks(err)
	if got, want := he.Error(), "engine: exec: unique violation (code 23505, constraint users_email_key)"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	if !errors.Is(he, ErrUniqueViolation) || errors.Is(he, ErrDeadlock) {
		t.Errorf("errors.Is on %v is wrong", he)
	}
	var se *serverError
	var ee *Error
	if errors.As(he, &se) || errors.As(he, &ee) {
		t.Errorf("errors.As reaches the driver's error from %#v", he)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		if s := fmt.Sprintf(verb, he); strings.Contains(s, value) {
			t.Errorf("%s of the hooks' error shows the value: %s", verb, s)
		}
	}
	if again := e.ForHooks(he); again != he {
		t.Errorf("ForHooks(%v) = %v; want it unchanged", he, again)
	}

	// With the opt-in, hooks get the caller's error.
	if got := (&Engine{params: true}).ForHooks(err); got != err {
		t.Errorf("with WithParamValuesInHooks, ForHooks = %v; want the error itself", got)
	}
	if e.ForHooks(nil) != nil {
		t.Error("ForHooks(nil) is not nil")
	}
}

func TestHookErrorText(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&Error{Op: "query", Code: "22P02", Err: errors.New(`invalid input syntax for type integer: "x"`)}, "engine: query: error (code 22P02)"},
		{&Error{Op: "commit", Class: ErrSerializationFailure, Err: errors.New("x")}, "engine: commit: serialization failure"},
		{&Error{Op: "exec", Class: ErrCheckViolation, Constraint: "ck", Err: errors.New("x")}, "engine: exec: check violation (constraint ck)"},
		{errors.New("x"), "engine: error"},
	} {
		if got := (&Engine{}).ForHooks(c.err).Error(); got != c.want {
			t.Errorf("ForHooks(%v) = %q; want %q", c.err, got, c.want)
		}
	}
}

package engine

import (
	"errors"
	"strings"
)

// HookError is what hooks and logs see of a failed statement, Begin,
// Commit or Rollback when the engine was not built with
// WithParamValuesInHooks: the operation, the error class, the database's
// code and the violated constraint's name. It holds no text from the
// server, because servers quote bound values in their messages (MariaDB's
// "Duplicate entry 'ann@example.com' for key 'email'", PostgreSQL's
// `invalid input syntax for type integer: "abc"` and its DETAIL lines
// such as "Key (email)=(ann@example.com) already exists."). The caller's
// own error, an *Error, keeps the full message.
//
// errors.Is matches the class (errors.Is(ev.Err, ErrUniqueViolation));
// nothing else is reachable from a HookError, so neither errors.As nor
// a walk of the Unwrap chain finds the driver's error.
type HookError struct {
	// Op names the operation: "exec", "query", "begin", "commit", ...;
	// "" when the error was not an *Error.
	Op string
	// Class is one of the ErrXxx classes, or nil.
	Class error
	// Code and Constraint are the *Error's (see Error).
	Code       string
	Constraint string
}

// Error returns "engine: <op>: <class> (code <code>, constraint <name>)",
// leaving out what is unknown; a failure of no class reads "error".
func (e *HookError) Error() string {
	var b strings.Builder
	b.WriteString("engine: ")
	if e.Op != "" {
		b.WriteString(e.Op + ": ")
	}
	if e.Class != nil {
		b.WriteString(strings.TrimPrefix(e.Class.Error(), "engine: "))
	} else {
		b.WriteString("error")
	}
	sep := " ("
	if e.Code != "" {
		b.WriteString(sep + "code " + e.Code)
		sep = ", "
	}
	if e.Constraint != "" {
		b.WriteString(sep + "constraint " + e.Constraint)
		sep = ", "
	}
	if sep == ", " {
		b.WriteByte(')')
	}
	return b.String()
}

// Unwrap returns the class, so that errors.Is matches it.
func (e *HookError) Unwrap() error { return e.Class }

// ForHooks returns err as the engine's hooks see it: err itself when the
// engine was built with WithParamValuesInHooks, otherwise a *HookError
// with the class, code and constraint of the *Error in err's chain (or
// none of them, when there is no *Error). Modules that report errors to
// hooks of their own (unitofwork's flush hooks) pass them through it too.
func (e *Engine) ForHooks(err error) error {
	if err == nil || e.params {
		return err
	}
	var he *HookError
	if errors.As(err, &he) {
		return he
	}
	var ee *Error
	if !errors.As(err, &ee) {
		return &HookError{}
	}
	return &HookError{Op: ee.Op, Class: ee.Class, Code: ee.Code, Constraint: ee.Constraint}
}

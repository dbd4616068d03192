package unitofwork

import (
	"errors"

	"github.com/sqlforge/sqlforge/engine"

	"github.com/sqlforge/sqlforge/mapper"
)

var (
	// ErrConcurrentUse: two goroutines used one Session at the same time.
	// A Session is for one goroutine; give each its own.
	ErrConcurrentUse = errors.New("unitofwork: session used by two goroutines at once")
	// ErrNeedsRollback: a flush failed and rolled its transaction back;
	// the session refuses work until Rollback (or Close).
	ErrNeedsRollback = errors.New("unitofwork: a flush failed; call Rollback before using the session again")
	// ErrFlush is what every *FlushError matches.
	ErrFlush = errors.New("unitofwork: flush failed")
	// ErrStale is mapper.ErrStale: an UPDATE or DELETE of a versioned
	// row found another version.
	ErrStale = mapper.ErrStale
	// ErrCycle: the objects to insert or delete depend on each other in a
	// cycle that no relationship breaks.
	ErrCycle = errors.New("unitofwork: circular dependency between rows")
	// ErrObject is what every *ObjectError matches.
	ErrObject = errors.New("unitofwork: object refused")
)

// FlushError is a failed flush: Err is the statement's error, whose class
// errors.Is finds (engine.ErrUniqueViolation, ErrStale, ...). Autoflush
// says the flush ran before a query, not on request.
type FlushError struct {
	Autoflush bool
	Err       error
}

func (e *FlushError) Error() string {
	if e.Autoflush {
		return "unitofwork: autoflush before the query failed: " + e.Err.Error()
	}
	return "unitofwork: flush failed: " + e.Err.Error()
}

func (e *FlushError) Unwrap() []error { return []error{ErrFlush, e.Err} }

// NeedsRollbackError is returned by every call after a failed flush until
// Rollback: Err is the flush's error.
type NeedsRollbackError struct{ Err error }

func (e *NeedsRollbackError) Error() string {
	return "unitofwork: a flush failed (" + e.Err.Error() + "); call Rollback before using the session again"
}

func (e *NeedsRollbackError) Unwrap() []error { return []error{ErrNeedsRollback, e.Err} }

// ObjectError reports an object the session cannot take as given: not a
// mapped struct pointer, detached, in the wrong state for the call.
type ObjectError struct {
	Type   string
	Reason string
}

func (e *ObjectError) Error() string { return "unitofwork: " + e.Type + ": " + e.Reason }

func (e *ObjectError) Unwrap() error { return ErrObject }

// CycleError reports rows that depend on each other in a cycle: Table is
// one table of it.
type CycleError struct{ Table string }

func (e *CycleError) Error() string {
	return "unitofwork: circular dependency between rows of " + e.Table +
		"; break it by saving one side first or with a nullable foreign key set after the insert"
}

func (e *CycleError) Unwrap() error { return ErrCycle }

// forHooks returns err as flush hooks may see it: the session's own
// errors, which hold no values, as they are, and every other error as the
// engine's hooks see it (engine.Engine.ForHooks: the class, code and
// constraint, never the server's message, which may quote bound values,
// as MariaDB's "Duplicate entry 'ann@example.com'" does). The caller's
// own error keeps the full message.
func forHooks(e *engine.Engine, err error) error {
	var se *mapper.StaleError
	var oe *ObjectError
	var ce *CycleError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return se
	case errors.As(err, &oe):
		return oe
	case errors.As(err, &ce):
		return ce
	}
	return e.ForHooks(err)
}

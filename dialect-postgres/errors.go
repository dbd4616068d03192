package pgdialect

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlforge/sqlforge/engine"
)

// Classifier maps PostgreSQL's SQLSTATE codes (from pgx, natively or
// through database/sql) to the engine's error classes. The zero value is
// ready to use; Open installs it.
type Classifier struct{}

var (
	_ engine.Classifier = Classifier{}
	_ engine.Describer  = Classifier{}
)

// Describe returns the SQLSTATE of a server's error and the name of the
// constraint it violated, for engine.Error's Code and Constraint.
func (Classifier) Describe(err error) (code, constraint string) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code, pe.ConstraintName
	}
	return "", ""
}

// Classify returns the engine error class of err, or nil.
func (Classifier) Classify(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return engine.ErrUniqueViolation
		case "23503":
			return engine.ErrForeignKeyViolation
		case "23502":
			return engine.ErrNotNullViolation
		case "23514":
			return engine.ErrCheckViolation
		case "40001":
			return engine.ErrSerializationFailure
		case "40P01":
			return engine.ErrDeadlock
		case "55P03":
			return engine.ErrLockTimeout
		case "57014": // query_canceled: by statement_timeout or a cancel request
			if strings.Contains(pe.Message, "statement timeout") {
				return engine.ErrStatementTimeout
			}
			return engine.ErrCanceled
		case "57P01", "57P02", "57P03": // admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now
			return engine.ErrConnectionLost
		case "42P07", "42710": // duplicate_table, duplicate_object
			return engine.ErrObjectExists
		}
		if strings.HasPrefix(pe.Code, "08") { // connection_exception
			return engine.ErrConnectionLost
		}
		return nil
	}
	if c := engine.ClassifyCommon(err); c != nil {
		return c
	}
	if pgconn.SafeToRetry(err) || isClosedConn(err) {
		return engine.ErrConnectionLost
	}
	return nil
}

// isClosedConn recognises pgx's error for a connection it closed after a
// network failure.
func isClosedConn(err error) bool {
	return strings.Contains(err.Error(), "conn closed")
}

// connectError stands for pgx's *pgconn.ConnectError or
// *pgconn.ParseConfigError, whose Config and ConnString hold the password:
// it keeps their text and what they wrap (network errors, the server's
// *pgconn.PgError), so that errors.Is and errors.As and the error classes
// work as before, but has no path to the configuration.
type connectError struct {
	text string
	err  error
}

func (e *connectError) Error() string { return e.text }
func (e *connectError) Unwrap() error { return e.err }

// cleanConnectError returns err with a *pgconn.ConnectError or
// *pgconn.ParseConfigError in its chain replaced by a connectError, and
// reports whether it did.
func cleanConnectError(err error) (error, bool) {
	if err == nil {
		return nil, false
	}
	var inner error
	var ce *pgconn.ConnectError
	var pe *pgconn.ParseConfigError
	switch {
	case errors.As(err, &ce):
		inner = ce.Unwrap()
	case errors.As(err, &pe):
		inner = pe.Unwrap()
	default:
		return err, false
	}
	inner, _ = cleanConnectError(inner)
	return &connectError{text: err.Error(), err: inner}, true
}

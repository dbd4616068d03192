package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"syscall"
)

// Error classes. Every error the engine returns for a failed statement is an
// *Error whose Class is one of these (or nil when the failure fits none), so
//
//	if errors.Is(err, engine.ErrUniqueViolation) { ... }
//
// works the same on every database, while errors.As still reaches the
// driver's own error (*pgconn.PgError, *mysql.MySQLError, sqlite3.Error).
var (
	// ErrNoRows: One or QueryRow found no row. It is sql.ErrNoRows, which
	// mapper.ErrNoRows is too, so one errors.Is test fits every layer.
	ErrNoRows = sql.ErrNoRows
	// ErrTooManyRows: One or OneOrNone found more than one row. (A result
	// larger than WithMaxRows allows is ErrRowLimit.)
	ErrTooManyRows = sentinel("more than one row in result set")
	// ErrScanAdvanced: a ScanFunc called Next or Close on the rows it was
	// given; see ScanFunc.
	ErrScanAdvanced = sentinel("ScanFunc advanced or closed the rows")
	// ErrUniqueViolation: a UNIQUE or PRIMARY KEY constraint was violated.
	ErrUniqueViolation = sentinel("unique violation")
	// ErrForeignKeyViolation: a FOREIGN KEY constraint was violated.
	ErrForeignKeyViolation = sentinel("foreign key violation")
	// ErrNotNullViolation: NULL was written to a NOT NULL column.
	ErrNotNullViolation = sentinel("not-null violation")
	// ErrCheckViolation: a CHECK constraint was violated.
	ErrCheckViolation = sentinel("check violation")
	// ErrSerializationFailure: the transaction could not be serialized
	// (PostgreSQL 40001, SQLite SQLITE_BUSY_SNAPSHOT); retrying it may succeed.
	ErrSerializationFailure = sentinel("serialization failure")
	// ErrDeadlock: the transaction was chosen as a deadlock victim
	// (PostgreSQL 40P01, MySQL/MariaDB 1213); retrying it may succeed.
	ErrDeadlock = sentinel("deadlock")
	// ErrLockTimeout: a lock could not be acquired in time (MySQL/MariaDB
	// 1205, PostgreSQL 55P03, SQLite SQLITE_BUSY); retrying it may succeed.
	ErrLockTimeout = sentinel("lock timeout")
	// ErrConnectionLost: the connection broke or was killed by the server.
	// A transaction it was running did not commit — unless it broke
	// during COMMIT, when the outcome is unknown (see CommitUnknown).
	ErrConnectionLost = sentinel("connection lost")
	// ErrStatementTimeout: the statement ran longer than the engine's or
	// the call's statement timeout (or the server's own limit).
	ErrStatementTimeout = sentinel("statement timeout")
	// ErrCanceled: the caller's context was canceled or passed its
	// deadline. The context's error is wrapped too.
	ErrCanceled = sentinel("canceled")
	// ErrTxDone: the transaction was already committed or rolled back.
	ErrTxDone = sentinel("transaction already committed or rolled back")
	// ErrClosed: the engine was closed.
	ErrClosed = sentinel("closed")
)

// classes are the error classes a Classifier may return.
var classes = []error{
	ErrUniqueViolation, ErrForeignKeyViolation, ErrNotNullViolation, ErrCheckViolation,
	ErrSerializationFailure, ErrDeadlock, ErrLockTimeout, ErrConnectionLost,
	ErrStatementTimeout, ErrCanceled, ErrObjectExists, ErrInsecure,
}

// sentinel makes one of the engine's sentinel errors; its text starts
// with the package name, as database/sql's "sql: ..." errors do.
func sentinel(text string) error { return errors.New("engine: " + text) }

// Classifier maps a driver's error to one of the engine's error classes
// (ErrUniqueViolation, ...), or returns nil when it does not recognise the
// error. Each dialect module provides one for its driver. The engine falls
// back to its own checks (context errors, broken connections) for errors a
// classifier leaves alone.
type Classifier interface {
	Classify(err error) error
}

// Describer is an optional interface of a Classifier: Describe returns the
// database's code for a driver's error and the name of the constraint it
// violated, "" for what the driver does not give. They fill Error.Code and
// Error.Constraint, the parts of a failure that hooks and logs see in
// place of the server's message (see HookError). The dialect modules'
// Classifiers implement it; without it both stay empty.
type Describer interface {
	Describe(err error) (code, constraint string)
}

// ClassifierFunc adapts a function to Classifier.
type ClassifierFunc func(err error) error

// Classify calls f(err).
func (f ClassifierFunc) Classify(err error) error { return f(err) }

// Error is a failed database operation: the operation, its error class and
// the underlying error. errors.Is matches the class and anything the
// underlying error matches; errors.As reaches the driver's error — except
// for a statement with values of sensitive columns (expr.Sensitive), whose
// Err is the engine's own error with the driver's message, those values
// taken out, and whose errors.Is still matches the class, the context
// errors and the standard library's sentinels (see SensitiveValue).
type Error struct {
	// Op names the operation: "exec", "query", "begin", "commit", ...
	Op string
	// Class is one of the ErrXxx classes, or nil.
	Class error
	// Code is the database's code for the error: the SQLSTATE on
	// PostgreSQL, the error number on MySQL/MariaDB, the extended result
	// code on SQLite; "" when the error did not come from the server.
	Code string
	// Constraint names the violated constraint where the driver reports
	// it (PostgreSQL); otherwise "".
	Constraint string
	// Err is the underlying (driver or context) error.
	Err error
}

// Error returns "engine: <op>: <class>: <underlying error>". It never
// contains parameter values added by the engine; the text of the
// underlying error is the driver's, which may quote the statement's
// values, but never those of sensitive columns.
func (e *Error) Error() string {
	s := "engine: " + e.Op + ": "
	if e.Class != nil {
		s += e.Class.Error()[len("engine: "):] + ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the class and the underlying error.
func (e *Error) Unwrap() []error {
	if e.Class == nil {
		return []error{e.Err}
	}
	return []error{e.Class, e.Err}
}

// NullScanError is the error a Source's Scan returns when column Index
// held NULL for a destination that cannot hold it, where the driver
// cannot scan the row again to find that out (pgx ends the rows at a
// failed Scan). mapper turns it into a *mapper.NullError naming the
// field; it finds it by its NullColumn method, so neither module needs
// the other.
type NullScanError struct {
	Index  int    // the column's position in the result
	Column string // the column's name
	Err    error  // the driver's error
}

// Error returns "engine: NULL in column "<name>": <driver error>".
func (e *NullScanError) Error() string {
	return "engine: NULL in column " + strconv.Quote(e.Column) + ": " + e.Err.Error()
}

// Unwrap returns the driver's error.
func (e *NullScanError) Unwrap() error { return e.Err }

// NullColumn returns Index.
func (e *NullScanError) NullColumn() int { return e.Index }

// Retryable reports whether err is of a class that retrying the whole
// transaction may cure: serialization failure, deadlock or lock timeout.
func Retryable(err error) bool {
	return errors.Is(err, ErrSerializationFailure) || errors.Is(err, ErrDeadlock) || errors.Is(err, ErrLockTimeout)
}

// errStatementTimeout is the cause of contexts the engine's statement
// timeout ends.
var errStatementTimeout = sentinel("statement timeout")

// wrap turns a driver error into an *Error with its class. ctx is the
// context the operation ran under.
func (e *Engine) wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var ee *Error
	if errors.As(err, &ee) {
		return err
	}
	ee = &Error{Op: op, Class: e.classify(ctx, err), Err: err}
	if e.describer != nil {
		ee.Code, ee.Constraint = e.describer.Describe(err)
	}
	return ee
}

func (e *Engine) classify(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if context.Cause(ctx) == errStatementTimeout {
			return ErrStatementTimeout
		}
		if e.classifier != nil {
			// A server-side timeout can race with the context's end.
			if c := e.classifier.Classify(err); c == ErrStatementTimeout {
				return c
			}
		}
		return ErrCanceled
	}
	if e.classifier != nil {
		if c := e.classifier.Classify(err); c != nil {
			return c
		}
	}
	return ClassifyCommon(err)
}

// ClassifyCommon recognises the errors every driver shares: context
// cancellation, driver.ErrBadConn, unexpected EOF and network errors. The
// dialect classifiers fall back to it.
func ClassifyCommon(err error) error {
	// An error redacted by Open keeps its class.
	for _, c := range classes {
		if errors.Is(err, c) {
			return c
		}
	}
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ErrCanceled
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return ErrConnectionLost
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return ErrConnectionLost
	}
	return nil
}

package compile

import (
	"errors"
	"strconv"
)

// Sentinel errors; test with errors.Is. The typed errors below carry details.
var (
	// ErrUnsupported: the dialect lacks a feature the statement needs.
	ErrUnsupported = errors.New("compile: unsupported by dialect")
	// ErrInvalid: the statement is malformed (nil table, empty SET, ...).
	ErrInvalid = errors.New("compile: invalid statement")
	// ErrIdentifier: an identifier cannot be represented by the dialect.
	ErrIdentifier = errors.New("compile: invalid identifier")
	// ErrMissingParam: a named parameter has no value.
	ErrMissingParam = errors.New("compile: missing parameter")
	// ErrLimit: a statement exceeds a limit (IN-list length, parameter count, nesting).
	ErrLimit = errors.New("compile: limit exceeded")
	// ErrNoWhere: an UPDATE or DELETE without WHERE that was not marked AllRows.
	ErrNoWhere = errors.New("compile: UPDATE or DELETE without WHERE (call AllRows to allow)")
	// ErrNegativeLimit: a negative LIMIT or OFFSET (SQLite would read
	// LIMIT -1 as no limit at all).
	ErrNegativeLimit = errors.New("compile: negative LIMIT or OFFSET")
	// ErrCartesian: a SELECT whose FROM is inferred from its columns
	// names tables that nothing joins, a silent cross join. Join them,
	// compare their columns in WHERE, or write the FROM out.
	ErrCartesian = errors.New("compile: FROM is a cartesian product of tables that nothing joins")
	// ErrNotInFrom: a column (or table.*) of a table that is not in the
	// FROM of its query nor of a query around it; the server would
	// reject the SQL.
	ErrNotInFrom = errors.New("compile: column of a table that is not in FROM")
	// ErrUnattachedCTE: a CTE is used where no WITH declares it and the
	// compiler cannot declare it for you (see SelectStmt.With).
	ErrUnattachedCTE = errors.New("compile: CTE used without WITH")
)

// UnsupportedError names the feature a dialect lacks.
type UnsupportedError struct {
	Dialect string
	Feature string
}

func (e *UnsupportedError) Error() string {
	return "compile: " + e.Dialect + " does not support " + e.Feature
}

// Unwrap makes errors.Is(err, ErrUnsupported) true.
func (e *UnsupportedError) Unwrap() error { return ErrUnsupported }

// InvalidError describes a malformed statement.
type InvalidError struct {
	Reason string
	// Err is ErrNoWhere for a missing WHERE, ErrNegativeLimit,
	// ErrCartesian, ErrNotInFrom, ErrUnattachedCTE, the *expr.TextError
	// of a Text the dialects would read differently, else nil.
	Err error
}

func (e *InvalidError) Error() string { return "compile: invalid statement: " + e.Reason }

// Unwrap makes errors.Is(err, ErrInvalid) true (and ErrNoWhere where it applies).
func (e *InvalidError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalid, e.Err}
	}
	return []error{ErrInvalid}
}

// IdentifierError reports an identifier the dialect cannot quote.
type IdentifierError struct {
	Dialect string
	Name    string
	Reason  string
}

func (e *IdentifierError) Error() string {
	return "compile: " + e.Dialect + " cannot use identifier " + strconv.QuoteToASCII(truncate(e.Name)) + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrIdentifier) true.
func (e *IdentifierError) Unwrap() error { return ErrIdentifier }

// MissingParamError names a parameter that has no value.
type MissingParamError struct{ Name string }

func (e *MissingParamError) Error() string {
	return "compile: no value for parameter " + strconv.QuoteToASCII(truncate(e.Name))
}

// Unwrap makes errors.Is(err, ErrMissingParam) true.
func (e *MissingParamError) Unwrap() error { return ErrMissingParam }

// LimitError reports a statement over a limit.
type LimitError struct {
	What  string
	Limit int
	Got   int
}

func (e *LimitError) Error() string {
	return "compile: " + e.What + " " + strconv.Itoa(e.Got) + " exceeds the limit of " + strconv.Itoa(e.Limit)
}

// Unwrap makes errors.Is(err, ErrLimit) true.
func (e *LimitError) Unwrap() error { return ErrLimit }

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

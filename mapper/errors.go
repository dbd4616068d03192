package mapper

import (
	"database/sql"
	"errors"
	"strconv"

	"github.com/sqlforge/sqlforge/expr"
)

// Sentinel errors. Test for them with errors.Is; the concrete error types
// below carry the details and are reachable with errors.As.
var (
	// ErrMapping: a struct type cannot be mapped (bad tag, unsupported
	// field type, invalid table definition).
	ErrMapping = errors.New("mapper: invalid mapping")
	// ErrUnknownColumn: a result column has no field to go to.
	ErrUnknownColumn = errors.New("mapper: result column has no field")
	// ErrNull: NULL was read for a field that cannot hold it.
	ErrNull = errors.New("mapper: NULL for a non-nullable field")
	// ErrScan: the driver could not scan a value into its field.
	ErrScan = errors.New("mapper: scan failed")
	// ErrValue: a struct value cannot be written (see ValueError).
	ErrValue = errors.New("mapper: invalid value")
	// ErrRelationship: a relationship cannot be resolved.
	ErrRelationship = errors.New("mapper: invalid relationship")
	// ErrRowLimit: All or Append met more rows than MaxRows allows. It is
	// expr.ErrRowLimit, the value of engine.ErrRowLimit (WithMaxRows) too,
	// so errors.Is matches either name; "more than one row where one was
	// asked" is engine.ErrTooManyRows.
	ErrRowLimit = expr.ErrRowLimit
	// ErrNoRows is returned by One when the result is empty. It is
	// sql.ErrNoRows, so code written for database/sql keeps working.
	ErrNoRows = sql.ErrNoRows
)

// MappingError reports why a struct type cannot be mapped. Field is the Go
// field path ("Audit.CreatedAt"), empty for the type as a whole; Err, when
// set, is the underlying error (an *expr.DefinitionError, say).
type MappingError struct {
	Type   string
	Field  string
	Reason string
	Err    error
}

func (e *MappingError) Error() string {
	s := "mapper: cannot map " + e.Type
	if e.Field != "" {
		s += "." + e.Field
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap makes errors.Is(err, ErrMapping) true, and reaches Err.
func (e *MappingError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrMapping, e.Err}
	}
	return []error{ErrMapping}
}

// UnknownColumnError reports a result column that no field of Type takes,
// or a column named twice in one result.
type UnknownColumnError struct {
	Type   string
	Column string
	// Duplicate is set when the column appears more than once in the result.
	Duplicate bool
}

func (e *UnknownColumnError) Error() string {
	if e.Duplicate {
		return "mapper: result column " + strconv.Quote(e.Column) + " appears twice (scanning into " + e.Type + ")"
	}
	return "mapper: result column " + strconv.Quote(e.Column) + " has no field in " + e.Type +
		" (use IgnoreUnknownColumns to skip such columns)"
}

// Unwrap makes errors.Is(err, ErrUnknownColumn) true.
func (e *UnknownColumnError) Unwrap() error { return ErrUnknownColumn }

// NullError reports NULL read from Column into Field, whose Go type cannot
// represent it. Use a pointer, sql.Null[T] or the nullzero tag option for
// columns that may be NULL.
type NullError struct {
	Type   string
	Field  string
	Column string
}

func (e *NullError) Error() string {
	if e.Field == "" {
		return "mapper: NULL in column " + strconv.Quote(e.Column) + " cannot be stored in " + e.Type
	}
	return "mapper: NULL in column " + strconv.Quote(e.Column) + " cannot be stored in non-nullable field " + e.Type + "." + e.Field
}

// Unwrap makes errors.Is(err, ErrNull) true.
func (e *NullError) Unwrap() error { return ErrNull }

// ScanError wraps a driver's or a converter's error for one column.
type ScanError struct {
	Column string
	Field  string // empty for scalars and maps
	Err    error
}

func (e *ScanError) Error() string {
	s := "mapper: scanning row"
	if e.Column != "" {
		s = "mapper: scanning column " + strconv.Quote(e.Column)
	}
	if e.Field != "" {
		s += " into " + e.Field
	}
	return s + ": " + e.Err.Error()
}

// Unwrap makes errors.Is(err, ErrScan) true and reaches the cause.
func (e *ScanError) Unwrap() []error { return []error{ErrScan, e.Err} }

// ValueError reports a struct value that cannot be written: a column
// without a field, a generated column set in some rows and not others,
// an UPDATE without a primary key, a JSON value that does not encode.
type ValueError struct {
	Table  string
	Column string
	Reason string
	Err    error
}

func (e *ValueError) Error() string {
	s := "mapper: table " + strconv.Quote(e.Table)
	if e.Column != "" {
		s += ", column " + strconv.Quote(e.Column)
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap makes errors.Is(err, ErrValue) true and reaches Err.
func (e *ValueError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrValue, e.Err}
	}
	return []error{ErrValue}
}

// RelationshipError reports a relationship that cannot be resolved.
type RelationshipError struct {
	Type   string
	Field  string
	Reason string
}

func (e *RelationshipError) Error() string {
	return "mapper: relationship " + e.Type + "." + e.Field + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrRelationship) true.
func (e *RelationshipError) Unwrap() error { return ErrRelationship }

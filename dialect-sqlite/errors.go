package sqlitedialect

import (
	"errors"
	"strconv"

	"github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/engine"
)

// Classifier maps SQLite's (extended) result codes, from mattn/go-sqlite3,
// to the engine's error classes. The zero value is ready to use; Open
// installs it.
type Classifier struct{}

var (
	_ engine.Classifier = Classifier{}
	_ engine.Describer  = Classifier{}
)

// Describe returns the extended result code of an SQLite error, for
// engine.Error's Code. SQLite names a violated CHECK constraint only in
// its message, so Constraint stays empty.
func (Classifier) Describe(err error) (code, constraint string) {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return strconv.Itoa(int(se.ExtendedCode)), ""
	}
	return "", ""
}

// Classify returns the engine error class of err, or nil.
func (Classifier) Classify(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return engine.ErrUniqueViolation
		case sqlite3.ErrConstraintForeignKey:
			return engine.ErrForeignKeyViolation
		case sqlite3.ErrConstraintNotNull:
			return engine.ErrNotNullViolation
		case sqlite3.ErrConstraintCheck:
			return engine.ErrCheckViolation
		case sqlite3.ErrBusySnapshot:
			return engine.ErrSerializationFailure
		}
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return engine.ErrLockTimeout
		case sqlite3.ErrInterrupt:
			return engine.ErrCanceled
		}
		return nil
	}
	return engine.ClassifyCommon(err)
}

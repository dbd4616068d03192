package otelhook

import (
	"database/sql/driver"
	"errors"

	"go.opentelemetry.io/otel/attribute"

	"github.com/sqlforge/sqlforge/engine"
)

// systemName returns db.system.name for a dialect's name (engine's
// Dialect().Name(), or a driver's name): the conventions' "postgresql",
// "mysql", "mariadb", "sqlite", or "other_sql" for a database they do not
// list here.
func systemName(dialect string) string {
	switch dialect {
	case "postgres", "postgresql", "pgx":
		return "postgresql"
	case "mysql":
		return "mysql"
	case "mariadb":
		return "mariadb"
	case "sqlite", "sqlite3":
		return "sqlite"
	}
	return "other_sql"
}

// system returns db.system.name's attribute for a dialect, honouring
// WithSystem.
func (c *config) system(dialect string) attribute.KeyValue {
	if c.systemName != "" {
		return attribute.String("db.system.name", c.systemName)
	}
	return attribute.String("db.system.name", systemName(dialect))
}

// backslashEscapes reports the databases, by db.system.name, whose
// string literals take backslash escapes by default: MySQL and MariaDB.
func backslashEscapes(system attribute.KeyValue) bool {
	name := system.Value.AsString()
	return name == "mysql" || name == "mariadb"
}

// spanName is the conventions' name of a statement's span: the query
// summary; without one (a statement the summarizer does not recognize)
// the target, db.namespace or server.address:server.port; else
// db.system.name.
func (c *config) spanName(sum *summary, system string) string {
	switch {
	case sum.text != "":
		return sum.text
	case c.namespace != "":
		return c.namespace
	case c.address != "":
		return serverPort(c.address, c.port)
	}
	return system
}

// appendStatement appends the attributes of a statement known before it
// runs, but db.system.name, which the span gets at its start: the fixed
// ones (db.namespace, server.address, server.port), the summary's and,
// unless WithoutQueryText, db.query.text. The text is the statement as
// compiled, with placeholders: never a value.
func (c *config) appendStatement(dst []attribute.KeyValue, sum *summary, text string) []attribute.KeyValue {
	dst = append(dst, c.fixed...)
	dst = appendSummary(dst, sum)
	if !c.noQueryText && text != "" {
		dst = append(dst, attribute.String("db.query.text", text))
	}
	return dst
}

// appendSummary appends db.query.summary, db.operation.name and
// db.collection.name, those that are known.
func appendSummary(dst []attribute.KeyValue, sum *summary) []attribute.KeyValue {
	if sum.text != "" {
		dst = append(dst, attribute.String("db.query.summary", sum.text))
	}
	if sum.operation != "" {
		dst = append(dst, attribute.String("db.operation.name", sum.operation))
	}
	if sum.collection != "" {
		dst = append(dst, attribute.String("db.collection.name", sum.collection))
	}
	return dst
}

// failure is what a span and a measurement record of a failed operation:
// error.type and db.response.status_code. Both are short names or codes,
// never the database's message, which may quote the statement's values.
type failure struct {
	errorType  string // error.type
	statusCode string // db.response.status_code; "" when unknown
}

// appendTo appends error.type and, when known, db.response.status_code.
func (f failure) appendTo(dst []attribute.KeyValue) []attribute.KeyValue {
	dst = append(dst, attribute.String("error.type", f.errorType))
	if f.statusCode != "" {
		dst = append(dst, attribute.String("db.response.status_code", f.statusCode))
	}
	return dst
}

// failureOf maps an error as the engine's hooks get it to what is
// recorded. ok is false for no error and for a harmless driver signal
// (see harmless). Only the error's class and the database's code are
// read — from a *engine.HookError or, when the engine lets hooks see the
// caller's errors (WithParamValuesInHooks), the *engine.Error in the
// chain — so the server's message is never recorded.
func failureOf(err error) (f failure, ok bool) {
	if err == nil || harmless(err) {
		return failure{}, false
	}
	var class error
	var code string
	var he *engine.HookError
	var ee *engine.Error
	switch {
	case errors.As(err, &he):
		class, code = he.Class, he.Code
	case errors.As(err, &ee):
		class, code = ee.Class, ee.Code
	default:
		class = engine.ClassifyCommon(err)
	}
	return failureFrom(class, code), true
}

// failureFrom is the failure of an error of class (one of the engine's
// ErrXxx, or nil) and the database's code for it ("" when none): the
// code is db.response.status_code and, as the conventions ask, error.type
// too; without a code error.type is the class's name, or "_OTHER".
func failureFrom(class error, code string) failure {
	if code != "" {
		return failure{errorType: code, statusCode: code}
	}
	return failure{errorType: className(class)}
}

// classNames are the error.type values of the engine's error classes,
// for errors that come with no database code.
var classNames = [...]struct {
	class error
	name  string
}{
	{engine.ErrUniqueViolation, "unique_violation"},
	{engine.ErrForeignKeyViolation, "foreign_key_violation"},
	{engine.ErrNotNullViolation, "not_null_violation"},
	{engine.ErrCheckViolation, "check_violation"},
	{engine.ErrSerializationFailure, "serialization_failure"},
	{engine.ErrDeadlock, "deadlock"},
	{engine.ErrLockTimeout, "lock_timeout"},
	{engine.ErrConnectionLost, "connection_lost"},
	{engine.ErrStatementTimeout, "timeout"},
	{engine.ErrCanceled, "canceled"},
	{engine.ErrTxDone, "tx_done"},
	{engine.ErrClosed, "closed"},
	{engine.ErrObjectExists, "object_exists"},
	{engine.ErrInsecure, "insecure"},
}

// className returns the error.type of an error class; "_OTHER", the
// conventions' value for an error of no known type, for nil or a class
// it does not know.
func className(class error) string {
	for _, c := range classNames {
		if c.class == class {
			return c.name
		}
	}
	return "_OTHER"
}

// harmless reports the signals a driver returns to database/sql that are
// not failures of the statement: driver.ErrSkip (take the other path)
// and driver.ErrRemoveArgument.
func harmless(err error) bool {
	return errors.Is(err, driver.ErrSkip) || errors.Is(err, driver.ErrRemoveArgument)
}

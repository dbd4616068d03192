package mysqldialect

import (
	"errors"
	"strconv"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/engine"
)

// Classifier maps MySQL and MariaDB error numbers (from
// go-sql-driver/mysql) to the engine's error classes. The zero value is
// ready to use; Open installs it.
type Classifier struct{}

var (
	_ engine.Classifier = Classifier{}
	_ engine.Describer  = Classifier{}
)

// Describe returns the error number of a server's error, for
// engine.Error's Code. The driver gives no constraint name apart from
// the message, which also quotes values, so Constraint stays empty.
func (Classifier) Describe(err error) (code, constraint string) {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return strconv.Itoa(int(me.Number)), ""
	}
	return "", ""
}

// Classify returns the engine error class of err, or nil.
func (Classifier) Classify(err error) error {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1062, 1586: // ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME
			return engine.ErrUniqueViolation
		case 1451, 1452, 1216, 1217: // ER_ROW_IS_REFERENCED_2, ER_NO_REFERENCED_ROW_2 and their old forms
			return engine.ErrForeignKeyViolation
		case 1048, 1364: // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD
			return engine.ErrNotNullViolation
		case 3819, 4025: // ER_CHECK_CONSTRAINT_VIOLATED (MySQL), ER_CONSTRAINT_FAILED (MariaDB)
			return engine.ErrCheckViolation
		case 1213: // ER_LOCK_DEADLOCK
			return engine.ErrDeadlock
		case 1205: // ER_LOCK_WAIT_TIMEOUT
			return engine.ErrLockTimeout
		case 3024, 1969: // ER_QUERY_TIMEOUT (MySQL), ER_STATEMENT_TIMEOUT (MariaDB)
			return engine.ErrStatementTimeout
		case 1317: // ER_QUERY_INTERRUPTED
			return engine.ErrCanceled
		case 1927, 1053, 2006, 2013: // ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN, CR_SERVER_GONE_ERROR, CR_SERVER_LOST
			return engine.ErrConnectionLost
		case 1050, 1061: // ER_TABLE_EXISTS_ERROR, ER_DUP_KEYNAME
			return engine.ErrObjectExists
		}
		return nil
	}
	if errors.Is(err, mysql.ErrInvalidConn) {
		return engine.ErrConnectionLost
	}
	if errors.Is(err, mysql.ErrNoTLS) { // TLS was required; the server offers none
		return engine.ErrInsecure
	}
	return engine.ClassifyCommon(err)
}

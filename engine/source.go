package engine

import "context"

// Source is where an Engine gets its connections: a pool that runs each
// statement on some connection and starts transactions on one. SQLDB adapts
// a *sql.DB (or anything with its methods); the dialect modules add native
// sources, such as pgdialect's over a pgx pool, that bypass database/sql.
//
// A Source must be safe for concurrent use. Args are the compiled
// statement's arguments; a Source must not keep them after Exec returns or,
// for Query, after the returned SourceRows is closed.
type Source interface {
	SourceQuerier
	// Begin starts a transaction on one connection.
	Begin(ctx context.Context, opts TxOptions) (SourceTx, error)
	// Close releases the source's resources.
	Close() error
}

// SourceQuerier runs statements: a Source or a SourceTx.
type SourceQuerier interface {
	// Exec runs a statement that returns no rows.
	Exec(ctx context.Context, sql string, args []any) (Result, error)
	// Query runs a statement that returns rows. The rows stay valid until
	// closed, even after ctx ends only if the driver allows it; the engine
	// keeps ctx alive until then.
	Query(ctx context.Context, sql string, args []any) (SourceRows, error)
}

// SourceTx is a transaction of a Source.
type SourceTx interface {
	SourceQuerier
	// Commit commits the transaction.
	Commit(ctx context.Context) error
	// Rollback aborts the transaction.
	Rollback(ctx context.Context) error
}

// SourceRows is a streaming result set of a Source. The engine calls Close
// exactly once, and uses the rows no more after it, so a Source may
// recycle them.
type SourceRows interface {
	// Columns returns the column names.
	Columns() ([]string, error)
	// Next advances to the next row and reports whether there is one.
	Next() bool
	// Scan copies the current row's columns into dest.
	Scan(dest ...any) error
	// Err returns the error that ended the iteration, if any.
	Err() error
	// Close releases the rows; it may be called more than once.
	Close() error
}

// Pinger is an optional interface of a Source: Engine.Ping uses it.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Result is the outcome of Exec.
type Result struct {
	// RowsAffected is the number of rows changed, or -1 when the driver
	// does not report it.
	RowsAffected int64
	// LastInsertID is the generated key of the last inserted row where the
	// database reports one (MySQL/MariaDB, SQLite); HasLastInsertID says
	// whether it does. On PostgreSQL use RETURNING.
	LastInsertID    int64
	HasLastInsertID bool
}

// IsolationLevel is a transaction isolation level. The zero value is the
// database's default.
type IsolationLevel uint8

// Isolation levels.
const (
	LevelDefault IsolationLevel = iota
	LevelReadUncommitted
	LevelReadCommitted
	LevelRepeatableRead
	LevelSerializable
)

// String returns the level's SQL spelling ("SERIALIZABLE"), or "DEFAULT".
func (l IsolationLevel) String() string {
	switch l {
	case LevelReadUncommitted:
		return "READ UNCOMMITTED"
	case LevelReadCommitted:
		return "READ COMMITTED"
	case LevelRepeatableRead:
		return "REPEATABLE READ"
	case LevelSerializable:
		return "SERIALIZABLE"
	}
	return "DEFAULT"
}

// TxOptions are the options of a transaction. The zero value is a
// read-write transaction at the database's default isolation level.
type TxOptions struct {
	Isolation IsolationLevel
	ReadOnly  bool
}

package engine

import (
	"database/sql"
	"fmt"
)

// SQLDB adapts a *sql.DB to a Source: SQLDBLike, for database/sql's own
// types. Closing the Source closes db.
func SQLDB(db *sql.DB) Source { return SQLDBLike(db) }

// sqlResult converts a database/sql result.
func sqlResult(r sql.Result, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	out := Result{RowsAffected: -1}
	if n, err := r.RowsAffected(); err == nil {
		out.RowsAffected = n
	}
	if id, err := r.LastInsertId(); err == nil {
		out.LastInsertID, out.HasLastInsertID = id, true
	}
	return out, nil
}

// sqlTxOptions converts opts to database/sql's.
func sqlTxOptions(opts TxOptions) (*sql.TxOptions, error) {
	o := &sql.TxOptions{ReadOnly: opts.ReadOnly}
	switch opts.Isolation {
	case LevelDefault:
	case LevelReadUncommitted:
		o.Isolation = sql.LevelReadUncommitted
	case LevelReadCommitted:
		o.Isolation = sql.LevelReadCommitted
	case LevelRepeatableRead:
		o.Isolation = sql.LevelRepeatableRead
	case LevelSerializable:
		o.Isolation = sql.LevelSerializable
	default:
		return nil, fmt.Errorf("engine: unknown isolation level %d", opts.Isolation)
	}
	return o, nil
}

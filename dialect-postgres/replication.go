package pgdialect

import (
	"context"
	"errors"
	"time"

	"github.com/sqlforge/sqlforge/engine"
)

// Replication reads PostgreSQL's WAL positions for an engine with read
// replicas (engine.WithReplicas): the primary's pg_current_wal_lsn() and
// a standby's pg_last_wal_replay_lsn() and pg_last_xact_replay_timestamp().
// The Sources of Pool, Conn and Open implement it themselves; give it
// with engine.WithReplication to an engine over database/sql.
//
// A position read right after a commit covers that commit when the
// primary flushes its commits (synchronous_commit on, PostgreSQL's
// default); with synchronous_commit=off a commit may still be in the WAL
// buffers, and a replica at the position may not have it yet.
type Replication struct{}

var _ engine.Replication = Replication{}

// positionSQL is the primary's WAL write position as a number of bytes.
const positionSQL = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint"

// replaySQL is how far a server has replayed: a standby's last replayed
// position and the age of the last transaction it replayed, or a
// primary's (a promoted standby's) own position and no age.
const replaySQL = `SELECT (CASE WHEN pg_is_in_recovery() THEN COALESCE(pg_last_wal_replay_lsn(), '0/0'::pg_lsn)
	ELSE pg_current_wal_lsn() END - '0/0'::pg_lsn)::bigint,
	CASE WHEN pg_is_in_recovery() THEN COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)
	ELSE 0 END::float8`

// WritePosition returns the primary's current WAL position.
func (Replication) WritePosition(ctx context.Context, primary engine.SourceQuerier) (uint64, error) {
	var pos int64
	if err := scanOne(ctx, primary, positionSQL, &pos); err != nil {
		return 0, err
	}
	return uint64(pos), nil
}

// ReplayState returns the position up to which a standby has replayed
// the primary's WAL and how old the last transaction it replayed is.
func (Replication) ReplayState(ctx context.Context, replica engine.SourceQuerier) (engine.ReplayState, error) {
	var pos int64
	var age float64
	if err := scanOne(ctx, replica, replaySQL, &pos, &age); err != nil {
		return engine.ReplayState{}, err
	}
	return engine.ReplayState{Position: uint64(pos), Behind: time.Duration(age * float64(time.Second))}, nil
}

// scanOne runs a query of one row and scans it into dest. It closes the
// rows once: a Source may recycle them at Close.
func scanOne(ctx context.Context, q engine.SourceQuerier, sql string, dest ...any) error {
	rows, err := q.Query(ctx, sql, nil)
	if err != nil {
		return err
	}
	switch {
	case rows.Next():
		err = rows.Scan(dest...)
	case rows.Err() == nil:
		err = engine.ErrNoRows
	}
	err = errors.Join(err, rows.Err())
	return errors.Join(err, rows.Close())
}

// OpenSource opens a connection Source the way Open does — the same DSN,
// TLS policy, credentials and options — without an engine around it: a
// read replica for engine.WithReplicas. Closing the Source closes its
// pool; an engine given it as a replica closes it on Close.
func OpenSource(ctx context.Context, dsn string, opts ...engine.OpenOption) (engine.Source, error) {
	e, err := Open(ctx, dsn, opts...)
	if err != nil {
		return nil, err
	}
	return e.Source(), nil
}

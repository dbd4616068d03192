package mapper

import (
	"errors"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// ErrStale: an optimistic-locking UPDATE matched no row — someone else
// changed (or deleted) the row since it was read. Test with errors.Is;
// *StaleError carries the details.
var ErrStale = errors.New("mapper: stale data: the row changed since it was read")

// StaleError reports the versioned row an UPDATE did not find: Version
// is the version the struct was read at.
type StaleError struct {
	Table   string
	Version int64
}

func (e *StaleError) Error() string {
	return "mapper: table " + quote(e.Table) + ": no row at version " + itoa(int(e.Version)) +
		": it was changed or deleted since it was read"
}

// Unwrap makes errors.Is(err, ErrStale) true.
func (e *StaleError) Unwrap() error { return ErrStale }

// Updated completes an Update or UpdateColumns of row that the caller ran
// itself, given the rows the statement affected. On a versioned table it
// returns a *StaleError when no row matched, and otherwise bumps row's
// version as the statement did, so the struct can be updated again; on
// other tables it does nothing.
//
// rowsAffected must count matched rows. PostgreSQL and SQLite do;
// MySQL and MariaDB do with clientFoundRows=true (mysqldialect.Open sets
// it) and otherwise count changed rows — which for a versioned UPDATE is
// the same, since the version column always changes.
func (m *Mapping[T]) Updated(row *T, rowsAffected int64) error {
	md := m.m
	if md.version < 0 {
		return nil
	}
	f := md.fields[md.version]
	base := unsafe.Pointer(row)
	if rowsAffected == 0 {
		return &StaleError{Table: md.table.Name, Version: f.intValue(base)}
	}
	f.setInt(base, f.intValue(base)+1)
	return nil
}

// UpdateBatch is a checked update of one row, for engine.RunBatch:
//
//	err := engine.RunBatch(ctx, db, Users.UpdateBatch(&u))
//
// It runs Update (or UpdateColumns), then Updated: on a versioned table a
// row that changed since it was read is an error matching ErrStale, and
// success bumps the struct's version. When the batch fails after the
// bump, engine.RunBatch rolls the UPDATE back and calls UndoBatch, which
// restores the version. A batch that succeeded inside a transaction that
// later rolls back keeps the bumped version, which the row no longer
// has: the next update of the struct then fails with a false ErrStale.
// Re-read the row (or restore the version) before retrying such a
// transaction; tracking that across a whole transaction is the job of a
// unit of work (the Session), not of one batch.
type UpdateBatch[T any] struct {
	m      *Mapping[T]
	row    *T
	cols   []*expr.Column
	done   bool
	bumped bool  // BatchResult bumped the version ...
	from   int64 // ... from this one
}

// UpdateBatch returns a checked update of row, of every updatable column
// or of cols.
func (m *Mapping[T]) UpdateBatch(row *T, cols ...*expr.Column) *UpdateBatch[T] {
	return &UpdateBatch[T]{m: m, row: row, cols: cols}
}

// PlanBatch implements engine.Batch: one statement.
func (b *UpdateBatch[T]) PlanBatch(int, bool, func() (int64, error)) (int, error) {
	b.done, b.bumped = false, false
	return 1, nil
}

// NextStatement implements engine.Batch: the UPDATE, once.
func (b *UpdateBatch[T]) NextStatement() (expr.Statement, bool, error) {
	if b.done {
		return nil, false, nil
	}
	b.done = true
	if len(b.cols) > 0 {
		st, err := b.m.UpdateColumns(b.row, b.cols...)
		return st, false, err
	}
	st, err := b.m.Update(b.row)
	return st, false, err
}

// BatchRows implements engine.Batch; the UPDATE returns no rows.
func (b *UpdateBatch[T]) BatchRows(interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}) error {
	return nil
}

// BatchResult implements engine.Batch: see Updated.
func (b *UpdateBatch[T]) BatchResult(_, rowsAffected int64) error {
	md := b.m.m
	if md.version >= 0 {
		b.from = md.fields[md.version].intValue(unsafe.Pointer(b.row))
	}
	err := b.m.Updated(b.row, rowsAffected)
	b.bumped = err == nil && md.version >= 0
	return err
}

// UndoBatch implements engine.BatchUndoer: after a failed run it restores
// the version the batch bumped, as the rollback restored the row's.
func (b *UpdateBatch[T]) UndoBatch() {
	if b.bumped {
		b.m.m.fields[b.m.m.version].setInt(unsafe.Pointer(b.row), b.from)
		b.bumped = false
	}
}

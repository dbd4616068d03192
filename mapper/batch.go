package mapper

import (
	"slices"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// InsertBatch is an INSERT of many structs that reads the keys and server
// defaults the database generates back into every struct. It builds the
// statements and reads their results; something that runs statements —
// engine.RunBatch, which it implements engine.Batch for — drives it:
//
//	err := engine.RunBatch(ctx, db, Users.InsertBatch(users))
//
// The rows are split so that no statement has more bound parameters than
// the database allows (PostgreSQL and MySQL 65,535, SQLite 32,766), or
// into statements of Size rows; several statements, or one whose generated
// values are read back, run in one transaction.
//
// On PostgreSQL (engine.ArrayBatch) the rows go as one array parameter
// per column, INSERT ... SELECT * FROM unnest($1, $2, ...), when every
// written column has a type the driver encodes in an array as it does
// alone (see arrayColumn); a table with another column — JSON, a
// decorated type, a Valuer of its own — uses VALUES, and so does a plan
// of one row a statement. The split is the same either way.
//
// Where the database has RETURNING (PostgreSQL, SQLite, MariaDB), each
// statement returns the generated columns, which are read into the
// structs in the order of the rows — the order those databases return an
// INSERT ... VALUES's rows in, and PostgreSQL an INSERT ... SELECT's
// from unnest, which reads the arrays in order. No SQL standard or
// manual promises either order; the tests check it, and a result with
// another number of rows is a *KeysError. Elsewhere (MySQL 8) the one readable
// value is the autoincrement key, from LAST_INSERT_ID: a multi-row INSERT
// takes consecutive keys only under the conditions engine.RunBatch
// checks, and otherwise each row is inserted by a statement of its own.
// The other generated values are then read by a SELECT on those keys
// after each INSERT; without an autoincrement primary key they cannot be
// read back, which is a *KeysError before anything is written.
//
// An InsertBatch is not safe for concurrent use. When it fails,
// engine.RunBatch rolls its rows back and calls UndoBatch, which clears
// the values read back, so the structs can go into a new batch (the
// usual retry builds one inside the function given to RunInTx). Run
// again after it succeeded, it first clears the values it read back. A
// batch that succeeded inside a transaction that later rolls back keeps
// the keys it read: zero them (or build the structs) inside the retried
// function.
type InsertBatch[T any] struct {
	m    *Mapping[T]
	rows []unsafe.Pointer
	size int

	filled  []int          // read-back fields, cleared when planned again
	idx     []int          // written fields
	cols    []*expr.Column // their columns
	back    []expr.Expr    // RETURNING items, when returning
	auto    *field         // LAST_INSERT_ID's field, without RETURNING
	step    int64          // key spacing in a multi-row INSERT without RETURNING
	fetch   []expr.Expr    // without RETURNING: generated values read by key
	pending bool           // the rows just inserted await their fetch
	per     int            // rows per statement
	writes  int            // INSERT statements of the plan
	next    int            // first row of the next statement
	cur     []unsafe.Pointer
	scratch []any

	arraysOK bool // the dialect takes ValuesArrays (BatchArrays)
	arrays   bool // and every written column qualifies
}

// InsertBatch returns a batch that inserts rows and reads generated values
// back into them. The columns written are decided over all rows as by
// Insert.
func (m *Mapping[T]) InsertBatch(rows []*T) *InsertBatch[T] {
	return &InsertBatch[T]{m: m, rows: rowPointers(rows)}
}

// Size caps the rows per statement at n, as GORM's CreateInBatches does
// (n <= 0: only the parameter limit caps them).
func (b *InsertBatch[T]) Size(n int) *InsertBatch[T] {
	b.size = n
	return b
}

// PlanBatch implements engine.Batch: it chooses the columns and the rows
// per statement for a database with the given limits, and counts each
// INSERT's read-back as a statement, so that engine.RunBatch runs a
// batch that reads anything back in a transaction.
func (b *InsertBatch[T]) PlanBatch(maxParams int, returning bool, idStep func() (int64, error)) (int, error) {
	md := b.m.m
	b.next, b.writes = 0, 0
	if len(b.rows) == 0 {
		return 0, nil
	}
	// A batch planned again (a retry after a rolled-back transaction)
	// clears the values its earlier run read back, which no row kept.
	for _, i := range b.filled {
		for _, r := range b.rows {
			md.fields[i].zero(r)
		}
	}
	idx, err := md.insertFields(b.rows)
	if err != nil {
		return 0, err
	}
	b.idx, b.cols = idx, md.columnsAt(idx)
	b.scratch = make([]any, len(idx))
	back := md.readBack(idx)
	b.filled = back
	b.per = len(b.rows)
	b.back, b.auto, b.fetch, b.pending = nil, nil, nil, false
	switch key := md.autoKey(); {
	case len(back) == 0:
	case returning:
		b.back = md.exprsAt(back)
	case key < 0 || !slices.Contains(back, key):
		return 0, &KeysError{Table: md.table.Name,
			Reason: "without RETURNING generated values are read back through an autoincrement primary key, and the INSERT sets it or the table has none"}
	default:
		b.auto = md.fields[key]
		if b.step, err = idStep(); err != nil {
			return 0, err
		}
		if b.step == 0 {
			b.per = 1
		}
		if len(back) > 1 {
			// The other generated values are read by key after each
			// INSERT, with one bound key per row.
			b.fetch = md.exprsAt(slices.DeleteFunc(slices.Clone(back), func(i int) bool { return i == key }))
			b.per = min(b.per, maxFetch)
		}
	}
	if len(idx) == 0 {
		b.per = 1 // DEFAULT VALUES: one row per statement
	} else if maxParams > 0 {
		b.per = min(b.per, maxParams/len(idx))
	}
	if b.size > 0 {
		b.per = min(b.per, b.size)
	}
	b.per = max(b.per, 1)
	// One row a statement goes as VALUES: arrays of one element cost the
	// client more to encode than the values (28 more allocations for five
	// columns on pgx) and save the server nothing.
	b.arrays = b.arraysOK && b.per > 1 && len(idx) > 0 && md.arrayColumns(idx)
	n := (len(b.rows) + b.per - 1) / b.per
	b.writes = n
	if len(back) > 0 {
		n *= 2 // each INSERT's read-back may fail after it wrote
	}
	return n, nil
}

// BatchWrites implements engine.WriteCounter: the INSERT statements the
// last PlanBatch chose (their read-backs not counted).
func (b *InsertBatch[T]) BatchWrites() int { return b.writes }

// UndoBatch implements engine.BatchUndoer: after a failed run it clears
// the values read back into the structs, which were zero in every row
// before it (the generated fields a batch reads back are the ones no row
// sets).
func (b *InsertBatch[T]) UndoBatch() {
	md := b.m.m
	for _, i := range b.filled {
		for _, r := range b.rows {
			md.fields[i].zero(r)
		}
	}
	b.pending = false
}

// maxFetch caps the rows of one INSERT whose generated values are read
// back by key, so that the IN list stays short.
const maxFetch = 1000

// NextStatement implements engine.Batch: the INSERT of the next rows, and
// without RETURNING, the SELECT of their generated values by key.
func (b *InsertBatch[T]) NextStatement() (expr.Statement, bool, error) {
	if b.pending {
		b.pending = false
		return b.fetchStatement(), true, nil
	}
	if b.next >= len(b.rows) {
		return nil, false, nil
	}
	md := b.m.m
	end := min(b.next+b.per, len(b.rows))
	b.cur, b.next = b.rows[b.next:end], end
	st := expr.Insert(md.table)
	switch {
	case b.arrays:
		st.Columns(b.cols...)
		if err := md.appendArrays(st, b.cur, b.idx); err != nil {
			return nil, false, err
		}
	case len(b.idx) > 0:
		st.Columns(b.cols...)
		if err := md.appendRows(st, b.cur, b.idx, b.scratch); err != nil {
			return nil, false, err
		}
	}
	if b.back != nil {
		st.Returning(b.back...)
		return st, true, nil
	}
	return st, false, nil
}

// BatchRows implements engine.Batch: it reads the RETURNING rows of the
// last statement into its structs.
func (b *InsertBatch[T]) BatchRows(rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}) error {
	cur := unsafe.Slice((**T)(unsafe.Pointer(unsafe.SliceData(b.cur))), len(b.cur))
	return IntoEach(rows, cur)
}

// BatchResult implements engine.Batch: without RETURNING, it stores the
// LAST_INSERT_ID range in the autoincrement field.
func (b *InsertBatch[T]) BatchResult(lastInsertID, rowsAffected int64) error {
	if b.auto == nil {
		return nil
	}
	if rowsAffected != int64(len(b.cur)) || lastInsertID == 0 {
		return &KeysError{Table: b.m.m.table.Name,
			Reason: "the INSERT of " + itoa(len(b.cur)) + " rows affected " + itoa(int(rowsAffected)) + " and reported key " + itoa(int(lastInsertID))}
	}
	for i, r := range b.cur {
		b.auto.setInt(r, lastInsertID+int64(i)*b.step)
	}
	b.pending = b.fetch != nil
	return nil
}

// fetchStatement selects the generated values of the rows just inserted,
// in key order, which is their order: the keys ascend with the rows.
func (b *InsertBatch[T]) fetchStatement() expr.Statement {
	md := b.m.m
	keys := make([]any, len(b.cur))
	for i, r := range b.cur {
		keys[i] = b.auto.intValue(r)
	}
	kc := md.table.Columns[md.autoKey()]
	return expr.Select(b.fetch...).From(md.table).Where(kc.In(keys...)).OrderBy(kc.Asc())
}

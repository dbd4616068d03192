package expr

import (
	"math"
	"slices"
	"sync/atomic"
)

// Assignment is "Column = Value" in an UPDATE SET or an upsert's update.
// Value is an expression or a value to bind.
type Assignment struct {
	Column *Column
	Value  any
}

// Assign makes an assignment.
func Assign(col *Column, v any) Assignment { return Assignment{Column: col, Value: v} }

// ConflictAction is what an upsert does on conflict.
type ConflictAction uint8

// Conflict actions.
const (
	ConflictNone      ConflictAction = iota // no ON CONFLICT clause
	ConflictDoNothing                       // ON CONFLICT DO NOTHING
	ConflictDoUpdate                        // ON CONFLICT DO UPDATE SET ...
)

// InsertStmt is an INSERT statement. Methods change the statement and
// return it. Like every statement it is a plain value: a copy made by
// assignment is independent of the original.
//
//	expr.Insert(users).Columns(users.C("name"), users.C("email")).
//		Values("Ann", "ann@example.com").
//		Values("Bob", "bob@example.com").
//		Returning(users.C("id"))
type InsertStmt struct {
	ctes       []*CTE
	table      *Table
	cols       []*Column
	fromSelect Selectable
	rows       rowValues
	nrows      int
	ragged     bool   // a row of another width was refused
	arrays     []any  // ValuesArrays: one slice per column
	badArrays  string // why ValuesArrays refused its arguments
	returning  []Expr

	conflictTarget []*Column
	conflict       ConflictAction
	conflictSets   []Assignment
	conflictWhere  []Expr
	duplicateSets  []Assignment
}

// InsertClauses are the clauses of an INSERT, as Clauses returns them.
// Read the slices; do not change them.
type InsertClauses struct {
	With    []*CTE
	Table   *Table
	Columns []*Column  // when empty, the rows list every column of Table
	Select  Selectable // INSERT ... SELECT; nil for VALUES
	// Values holds the rows' values one row after another, RowWidth
	// each; NumRows is the number of rows.
	Values   []any
	RowWidth int
	NumRows  int
	// RaggedRows reports that Values was given a row with a different
	// number of values than the first (or more than 65,535): that row was
	// left out and the statement does not compile.
	RaggedRows bool
	// Arrays holds the rows column by column, as ValuesArrays gives
	// them: Arrays[j] is a slice of column j's values, ArrayRows long.
	// NumRows is 0 and Values empty then.
	Arrays    []any
	ArrayRows int
	// BadArrays says why ValuesArrays refused its arguments (not
	// slices, or slices of different lengths): the statement does not
	// compile.
	BadArrays string
	Returning []Expr

	// The upsert: ON CONFLICT (PostgreSQL, SQLite; compiled to ON
	// DUPLICATE KEY UPDATE or an equivalent on MySQL) or MySQL's own ON
	// DUPLICATE KEY UPDATE.
	ConflictTarget   []*Column
	Conflict         ConflictAction
	ConflictSets     []Assignment
	ConflictWhere    []Expr
	DuplicateKeySets []Assignment
}

// Row returns the values of row i.
func (c *InsertClauses) Row(i int) []any {
	w := c.RowWidth
	return c.Values[i*w : (i+1)*w : (i+1)*w]
}

// Clauses returns the statement's clauses.
func (s *InsertStmt) Clauses() InsertClauses {
	return InsertClauses{
		With:             slices.Clip(s.ctes),
		Table:            s.table,
		Columns:          slices.Clip(s.cols),
		Select:           s.fromSelect,
		Values:           s.rows.list(),
		RowWidth:         s.rows.width,
		NumRows:          s.nrows,
		RaggedRows:       s.ragged,
		Arrays:           slices.Clip(s.arrays),
		ArrayRows:        arrayRows(s.arrays),
		BadArrays:        s.badArrays,
		Returning:        slices.Clip(s.returning),
		ConflictTarget:   slices.Clip(s.conflictTarget),
		Conflict:         s.conflict,
		ConflictSets:     slices.Clip(s.conflictSets),
		ConflictWhere:    slices.Clip(s.conflictWhere),
		DuplicateKeySets: slices.Clip(s.duplicateSets),
	}
}

// Insert starts an INSERT into table.
func Insert(table *Table) *InsertStmt { return &InsertStmt{table: table} }

// Clone returns a copy of s that can be changed without changing s (as a
// copy made by assignment can).
func (s *InsertStmt) Clone() *InsertStmt {
	n := *s
	return &n
}

// Columns sets the inserted columns. Without Columns, rows list a value for
// every column of the table in order.
func (s *InsertStmt) Columns(cols ...*Column) *InsertStmt {
	s.cols = appendNew(s.cols, cols)
	return s
}

// Values adds one row; each value matches a column. Adding rows one at a
// time costs amortized constant time, as append does.
func (s *InsertStmt) Values(row ...any) *InsertStmt {
	switch {
	case s.nrows == 0 && len(row) <= math.MaxUint16:
		s.rows.width = len(row)
	case s.nrows == 0 || len(row) != s.rows.width:
		s.ragged = true
		return s
	}
	s.rows.add(row, 0)
	s.nrows++
	return s
}

// Grow makes room for n more rows, so that adding them with Values does
// not reallocate: use it when the number of rows is known.
func (s *InsertStmt) Grow(n int) *InsertStmt {
	width := s.rows.width
	if s.nrows == 0 {
		width = len(s.cols)
	}
	if width == 0 && s.table != nil {
		width = len(s.table.Columns)
	}
	s.rows.add(nil, n*width)
	return s
}

// Select makes it INSERT INTO table (columns) SELECT ...
func (s *InsertStmt) Select(q Selectable) *InsertStmt { s.fromSelect = q; return s }

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB).
func (s *InsertStmt) Returning(items ...Expr) *InsertStmt {
	s.returning = appendNew(s.returning, items)
	return s
}

// OnConflict names the conflict target (the columns of a unique index or
// the primary key) of an upsert; follow it with DoNothing or DoUpdate.
//
// MySQL and MariaDB cannot name a target: their upsert acts on a duplicate
// in any unique key of the table, where PostgreSQL and SQLite fail with a
// unique violation on a key other than the target. So there the target
// must be exactly the columns (in any order) of the primary key or of a
// unique key declared in the table's metadata (Unique, UniqueOn,
// UniqueIndexOn), and the INSERT must not write every column of another
// unique key — its columns (all of the table's when Columns is not
// called) and those filled by a client-side Default count; a key with a
// column it leaves out, such as an auto-increment id, cannot conflict.
// Else the statement does not compile (compile.ErrUnsupported). Keys that
// the metadata does not declare are not known to the compiler.
func (s *InsertStmt) OnConflict(target ...*Column) *InsertStmt {
	s.conflictTarget = appendNew(s.conflictTarget, target)
	return s
}

// DoNothing makes it ON CONFLICT DO NOTHING: a row that conflicts is
// skipped and not counted as affected; without OnConflict, a conflict in
// any unique key skips the row.
//
// MySQL and MariaDB run it as ON DUPLICATE KEY UPDATE of a column to
// itself, which skips only duplicate keys: unlike INSERT IGNORE, NOT NULL,
// foreign key and conversion errors still fail the statement. The row it
// skips is locked as by an update; RETURNING is refused (MariaDB would
// return the skipped rows); and an INSERT ... SELECT whose query reads
// the table it inserts into must read it through an Alias, or the server
// finds the table's columns ambiguous.
func (s *InsertStmt) DoNothing() *InsertStmt { s.conflict = ConflictDoNothing; return s }

// DoUpdate makes it ON CONFLICT (target) DO UPDATE SET assignments. Use
// Excluded(col) to refer to the value the row tried to insert.
//
// MySQL and MariaDB run it as ON DUPLICATE KEY UPDATE assignments, with
// Excluded(col) as VALUES(col) (see OnConflict for the target). There
// RowsAffected counts 1 per inserted row, 2 per changed row and 0 per row
// the update leaves as it was; PostgreSQL and SQLite count 1 per inserted
// or updated row. MySQL and MariaDB also evaluate the assignments left to
// right, each reading the values the ones before it set, where DO UPDATE
// reads the existing row throughout: so there an assignment whose value
// reads (anywhere in it) a column that an earlier assignment sets does not
// compile (compile.ErrUnsupported). Read Excluded(col) instead, or set the
// column after the assignments that read it. OnDuplicateKeyUpdate, MySQL's
// own form, is not checked: it means MySQL's left-to-right order.
func (s *InsertStmt) DoUpdate(sets ...Assignment) *InsertStmt {
	s.conflict = ConflictDoUpdate
	s.conflictSets = appendNew(s.conflictSets, sets)
	return s
}

// DoUpdateWhere restricts the upsert's update with conditions
// (PostgreSQL and SQLite). ON DUPLICATE KEY UPDATE has no such condition,
// so on MySQL and MariaDB the statement does not compile
// (compile.ErrUnsupported).
func (s *InsertStmt) DoUpdateWhere(conds ...Expr) *InsertStmt {
	s.conflictWhere = appendNew(s.conflictWhere, conds)
	return s
}

// OnDuplicateKeyUpdate is MySQL's upsert: ON DUPLICATE KEY UPDATE sets.
// Excluded(col) compiles to VALUES(col). For code that runs on every
// database, use OnConflict(...).DoUpdate(...).
func (s *InsertStmt) OnDuplicateKeyUpdate(sets ...Assignment) *InsertStmt {
	s.duplicateSets = appendNew(s.duplicateSets, sets)
	return s
}

// With adds common table expressions.
func (s *InsertStmt) With(ctes ...*CTE) *InsertStmt {
	s.ctes = appendNew(s.ctes, ctes)
	return s
}

func (*InsertStmt) stmt() {}

// rowValues holds an INSERT's values, one row after another. It is the one
// list of a statement that grows in place: a bulk insert adds thousands of
// rows one at a time, and a fresh array per row would make that quadratic.
// Copies of a statement share the array, and each reads only its own first
// n values; a holder may write past its n only after claiming those slots
// (used moves from its n to its new n), so two holders never write the
// same slot and no holder's values change under it. A holder that loses
// the claim (a copy, or an earlier copy assigned back) moves to a new array.
type rowValues struct {
	arr   *rowArray
	n     int // the values this holder sees
	width int // values per row
}

type rowArray struct {
	used atomic.Int64 // slots claimed by some holder
	vals []any        // fixed length: the capacity
}

func (r *rowValues) list() []any {
	if r.arr == nil {
		return nil
	}
	return r.arr.vals[:r.n:r.n]
}

// add appends vals and makes room for spare more values after them.
func (r *rowValues) add(vals []any, spare int) {
	need := r.n + len(vals)
	if a := r.arr; a != nil && need+spare <= len(a.vals) && a.used.CompareAndSwap(int64(r.n), int64(need)) {
		copy(a.vals[r.n:], vals)
		r.n = need
		return
	}
	a := &rowArray{vals: make([]any, max(2*need, need+spare, 8))}
	if r.arr != nil {
		copy(a.vals, r.arr.vals[:r.n])
	}
	copy(a.vals[r.n:], vals)
	a.used.Store(int64(need))
	r.arr, r.n = a, need
}

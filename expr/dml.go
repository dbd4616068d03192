package expr

import (
	"math"
	"slices"
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
// return it. Its first rows live inside the statement, so a copy made by
// assignment shares them with the original: build each statement with
// Insert.
//
//	expr.Insert(users).Columns(users.C("name"), users.C("email")).
//		Values("Ann", "ann@example.com").
//		Values("Bob", "bob@example.com").
//		Returning(users.C("id"))
type InsertStmt struct {
	Table      *Table
	Cols       []*Column
	FromSelect Selectable

	ReturningItems []Expr

	// Extras holds the upsert and WITH clauses; it is nil until one of
	// them is set.
	Extras *InsertExtras

	// The rows' values, one row after another in one array that starts
	// in valueBuf, so adding a row allocates nothing while they fit. Every
	// row has width values (one per column); see NumRows and Row.
	values   []any
	nrows    int32
	width    uint16
	ragged   bool // a row of another width was refused
	valueBuf [8]any
}

// NumRows returns the number of rows added with Values.
func (s *InsertStmt) NumRows() int { return int(s.nrows) }

// Row returns the values of row i, one per column. The slice shares the
// statement's storage: read it, do not change it.
func (s *InsertStmt) Row(i int) []any {
	w := int(s.width)
	return s.values[i*w : (i+1)*w : (i+1)*w]
}

// RaggedRows reports that Values was given a row with a different number
// of values than the first row (or more than 65,535); that row was left
// out and the statement does not compile.
func (s *InsertStmt) RaggedRows() bool { return s.ragged }

// InsertExtras holds the clauses of an INSERT that most statements do not
// use: the upsert (ON CONFLICT or ON DUPLICATE KEY UPDATE) and WITH.
type InsertExtras struct {
	ConflictTarget []*Column
	Conflict       ConflictAction
	ConflictSets   []Assignment
	ConflictWhere  []Expr

	DuplicateKeySets []Assignment // MySQL ON DUPLICATE KEY UPDATE

	CTEs []*CTE
}

// extras returns s.Extras, allocating it on first use.
func (s *InsertStmt) extras() *InsertExtras {
	if s.Extras == nil {
		s.Extras = &InsertExtras{}
	}
	return s.Extras
}

// Insert starts an INSERT into table.
func Insert(table *Table) *InsertStmt { return &InsertStmt{Table: table} }

// Columns sets the inserted columns. Without Columns, rows list a value for
// every column of the table in order. A slice passed as cols... is used
// without copying (it is never written to).
func (s *InsertStmt) Columns(cols ...*Column) *InsertStmt {
	if len(s.Cols) == 0 {
		s.Cols = cols[:len(cols):len(cols)]
		return s
	}
	s.Cols = append(s.Cols, cols...)
	return s
}

// Values adds one row; each value matches a column.
func (s *InsertStmt) Values(row ...any) *InsertStmt {
	switch {
	case s.nrows == 0 && len(row) <= math.MaxUint16:
		s.width = uint16(len(row))
	case s.nrows == 0 || len(row) != int(s.width) || s.nrows == math.MaxInt32:
		s.ragged = true
		return s
	}
	if s.values == nil {
		s.values = s.valueBuf[:0]
	}
	s.values = append(s.values, row...)
	s.nrows++
	return s
}

// Grow makes room for n more rows, so that adding them with Values does
// not reallocate: use it when the number of rows is known.
func (s *InsertStmt) Grow(n int) *InsertStmt {
	width := len(s.Cols)
	if width == 0 && s.Table != nil {
		width = len(s.Table.Columns)
	}
	if s.values == nil {
		s.values = s.valueBuf[:0]
	}
	s.values = slices.Grow(s.values, n*width)
	return s
}

// Select makes it INSERT INTO table (columns) SELECT ...
func (s *InsertStmt) Select(q Selectable) *InsertStmt { s.FromSelect = q; return s }

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB).
func (s *InsertStmt) Returning(items ...Expr) *InsertStmt {
	s.ReturningItems = append(s.ReturningItems, items...)
	return s
}

// OnConflict names the conflict target (the columns of a unique index) of
// an upsert; follow it with DoNothing or DoUpdate. PostgreSQL and SQLite;
// on MySQL use OnDuplicateKeyUpdate.
func (s *InsertStmt) OnConflict(target ...*Column) *InsertStmt {
	x := s.extras()
	x.ConflictTarget = append(x.ConflictTarget, target...)
	return s
}

// DoNothing makes it ON CONFLICT DO NOTHING.
func (s *InsertStmt) DoNothing() *InsertStmt { s.extras().Conflict = ConflictDoNothing; return s }

// DoUpdate makes it ON CONFLICT (target) DO UPDATE SET assignments. Use
// Excluded(col) to refer to the value the row tried to insert.
func (s *InsertStmt) DoUpdate(sets ...Assignment) *InsertStmt {
	x := s.extras()
	x.Conflict = ConflictDoUpdate
	x.ConflictSets = append(x.ConflictSets, sets...)
	return s
}

// DoUpdateWhere restricts the upsert's update with conditions.
func (s *InsertStmt) DoUpdateWhere(conds ...Expr) *InsertStmt {
	x := s.extras()
	x.ConflictWhere = append(x.ConflictWhere, conds...)
	return s
}

// OnDuplicateKeyUpdate is MySQL's upsert: ON DUPLICATE KEY UPDATE sets.
// Excluded(col) compiles to VALUES(col).
func (s *InsertStmt) OnDuplicateKeyUpdate(sets ...Assignment) *InsertStmt {
	x := s.extras()
	x.DuplicateKeySets = append(x.DuplicateKeySets, sets...)
	return s
}

// With adds common table expressions.
func (s *InsertStmt) With(ctes ...*CTE) *InsertStmt {
	x := s.extras()
	x.CTEs = append(x.CTEs, ctes...)
	return s
}

func (*InsertStmt) stmt() {}

// UpdateStmt is an UPDATE statement. An UPDATE without WHERE is refused at
// compile time unless AllRows was called, so a forgotten condition cannot
// change every row. Like an InsertStmt, it keeps its first assignments and
// condition inside itself: build each statement with Update rather than
// copying one.
type UpdateStmt struct {
	Table        *Table
	Sets         []Assignment
	WhereConds   []Expr
	AllowAllRows bool

	// Extras holds the FROM, RETURNING and WITH clauses; it is nil until
	// one of them is set.
	Extras *UpdateExtras

	setBuf   [4]Assignment
	whereBuf [1]Expr // one condition, the usual one (by key), stays inline
}

// UpdateExtras holds the clauses of an UPDATE that most statements do not
// use.
type UpdateExtras struct {
	FromItems      []FromItem
	ReturningItems []Expr
	CTEs           []*CTE
}

// extras returns s.Extras, allocating it on first use.
func (s *UpdateStmt) extras() *UpdateExtras {
	if s.Extras == nil {
		s.Extras = &UpdateExtras{}
	}
	return s.Extras
}

// Update starts an UPDATE of table.
func Update(table *Table) *UpdateStmt { return &UpdateStmt{Table: table} }

// Set adds "col = v".
func (s *UpdateStmt) Set(col *Column, v any) *UpdateStmt {
	if s.Sets == nil {
		s.Sets = s.setBuf[:0]
	}
	s.Sets = append(s.Sets, Assignment{Column: col, Value: v})
	return s
}

// SetAll adds assignments.
func (s *UpdateStmt) SetAll(sets ...Assignment) *UpdateStmt {
	s.Sets = appendInto(s.Sets, s.setBuf[:], sets)
	return s
}

// From adds other tables to join against: UPDATE ... FROM on PostgreSQL
// and SQLite, UPDATE a, b SET ... on MySQL.
func (s *UpdateStmt) From(items ...FromItem) *UpdateStmt {
	x := s.extras()
	x.FromItems = append(x.FromItems, items...)
	return s
}

// Where adds conditions, joined with AND.
func (s *UpdateStmt) Where(conds ...Expr) *UpdateStmt {
	s.WhereConds = appendInto(s.WhereConds, s.whereBuf[:], conds)
	return s
}

// AllRows confirms that an UPDATE without WHERE is meant to change every row.
func (s *UpdateStmt) AllRows() *UpdateStmt { s.AllowAllRows = true; return s }

// Returning adds a RETURNING clause (PostgreSQL and SQLite).
func (s *UpdateStmt) Returning(items ...Expr) *UpdateStmt {
	x := s.extras()
	x.ReturningItems = append(x.ReturningItems, items...)
	return s
}

// With adds common table expressions.
func (s *UpdateStmt) With(ctes ...*CTE) *UpdateStmt {
	x := s.extras()
	x.CTEs = append(x.CTEs, ctes...)
	return s
}

func (*UpdateStmt) stmt() {}

// DeleteStmt is a DELETE statement. A DELETE without WHERE is refused at
// compile time unless AllRows was called. Build each statement with Delete
// rather than copying one (its first condition is kept inside it).
type DeleteStmt struct {
	Table          *Table
	UsingItems     []FromItem
	WhereConds     []Expr
	ReturningItems []Expr
	AllowAllRows   bool
	CTEs           []*CTE

	whereBuf [1]Expr
}

// Delete starts a DELETE from table.
func Delete(table *Table) *DeleteStmt { return &DeleteStmt{Table: table} }

// Using adds tables to join against: DELETE ... USING on PostgreSQL,
// DELETE t FROM t, ... on MySQL.
func (s *DeleteStmt) Using(items ...FromItem) *DeleteStmt {
	s.UsingItems = append(s.UsingItems, items...)
	return s
}

// Where adds conditions, joined with AND.
func (s *DeleteStmt) Where(conds ...Expr) *DeleteStmt {
	s.WhereConds = appendInto(s.WhereConds, s.whereBuf[:], conds)
	return s
}

// AllRows confirms that a DELETE without WHERE is meant to remove every row.
func (s *DeleteStmt) AllRows() *DeleteStmt { s.AllowAllRows = true; return s }

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB).
func (s *DeleteStmt) Returning(items ...Expr) *DeleteStmt {
	s.ReturningItems = append(s.ReturningItems, items...)
	return s
}

// With adds common table expressions.
func (s *DeleteStmt) With(ctes ...*CTE) *DeleteStmt { s.CTEs = append(s.CTEs, ctes...); return s }

func (*DeleteStmt) stmt() {}

// CreateTableStmt is CREATE TABLE [IF NOT EXISTS] from a table's definition,
// with its primary key, foreign keys, unique and check constraints. Indexes
// are separate statements (CreateIndex).
type CreateTableStmt struct {
	Table        *Table
	SkipIfExists bool // IF NOT EXISTS
}

// CreateTable makes the CREATE TABLE statement of t.
func CreateTable(t *Table) *CreateTableStmt { return &CreateTableStmt{Table: t} }

// IfNotExists adds IF NOT EXISTS.
func (s *CreateTableStmt) IfNotExists() *CreateTableStmt { s.SkipIfExists = true; return s }

// DropTableStmt is DROP TABLE [IF EXISTS].
type DropTableStmt struct {
	Table         *Table
	SkipIfMissing bool // IF EXISTS
}

// DropTable makes the DROP TABLE statement of t.
func DropTable(t *Table) *DropTableStmt { return &DropTableStmt{Table: t} }

// IfExists adds IF EXISTS.
func (s *DropTableStmt) IfExists() *DropTableStmt { s.SkipIfMissing = true; return s }

// CreateIndexStmt is CREATE [UNIQUE] INDEX [IF NOT EXISTS].
type CreateIndexStmt struct {
	Index        *Index
	SkipIfExists bool // IF NOT EXISTS
}

// CreateIndex makes the CREATE INDEX statement of ix.
func CreateIndex(ix *Index) *CreateIndexStmt { return &CreateIndexStmt{Index: ix} }

// IfNotExists adds IF NOT EXISTS.
func (s *CreateIndexStmt) IfNotExists() *CreateIndexStmt { s.SkipIfExists = true; return s }

// DropIndexStmt is DROP INDEX [IF EXISTS].
type DropIndexStmt struct {
	Index         *Index
	SkipIfMissing bool // IF EXISTS
}

// DropIndex makes the DROP INDEX statement of ix.
func DropIndex(ix *Index) *DropIndexStmt { return &DropIndexStmt{Index: ix} }

// IfExists adds IF EXISTS.
func (s *DropIndexStmt) IfExists() *DropIndexStmt { s.SkipIfMissing = true; return s }

func (*CreateTableStmt) stmt() {}
func (*DropTableStmt) stmt()   {}
func (*CreateIndexStmt) stmt() {}
func (*DropIndexStmt) stmt()   {}

// AllIndexes returns t's indexes including the single-column ones declared
// with Indexed (named ix_<table>_<column>).
func (t *Table) AllIndexes() []*Index {
	out := make([]*Index, 0, len(t.Indexes))
	for _, c := range t.Columns {
		if c.Indexed {
			out = append(out, &Index{Name: "ix_" + t.Name + "_" + c.Name, Table: t, Columns: []*Column{c}})
		}
	}
	return append(out, t.Indexes...)
}

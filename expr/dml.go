package expr

import (
	"math"
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
// return it. A copy made by assignment is independent of the original:
// changing either leaves the other as it was.
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

	// The rows' values, one row after another: in valueBuf while they
	// fit, so adding a row allocates nothing, then in moreValues. Every
	// row has width values (one per column); see NumRows and Row.
	moreValues *spill[any]
	nrows      int32
	width      uint16
	ragged     bool // a row of another width was refused
	valueBuf   [8]any
}

// NumRows returns the number of rows added with Values.
func (s *InsertStmt) NumRows() int { return int(s.nrows) }

// Row returns the values of row i, one per column. The slice shares the
// statement's storage: read it, do not change it.
func (s *InsertStmt) Row(i int) []any {
	w := int(s.width)
	return listOf(s.valueBuf[:], s.moreValues, int(s.nrows)*w)[i*w : (i+1)*w : (i+1)*w]
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

// extras returns a new InsertExtras for s to change, holding what
// s.Extras held: a copy made by assignment may share the old one.
func (s *InsertStmt) extras() *InsertExtras { return changed(&s.Extras) }

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
	s.Cols = appendNew(s.Cols, cols)
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
	appendList(s, s.valueBuf[:], &s.moreValues, int(s.nrows)*int(s.width), row)
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
	growList(s, s.valueBuf[:], &s.moreValues, int(s.nrows)*int(s.width), n*width)
	return s
}

// Select makes it INSERT INTO table (columns) SELECT ...
func (s *InsertStmt) Select(q Selectable) *InsertStmt { s.FromSelect = q; return s }

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB).
func (s *InsertStmt) Returning(items ...Expr) *InsertStmt {
	s.ReturningItems = appendNew(s.ReturningItems, items)
	return s
}

// OnConflict names the conflict target (the columns of a unique index) of
// an upsert; follow it with DoNothing or DoUpdate. PostgreSQL and SQLite;
// on MySQL use OnDuplicateKeyUpdate.
func (s *InsertStmt) OnConflict(target ...*Column) *InsertStmt {
	x := s.extras()
	x.ConflictTarget = appendNew(x.ConflictTarget, target)
	return s
}

// DoNothing makes it ON CONFLICT DO NOTHING.
func (s *InsertStmt) DoNothing() *InsertStmt { s.extras().Conflict = ConflictDoNothing; return s }

// DoUpdate makes it ON CONFLICT (target) DO UPDATE SET assignments. Use
// Excluded(col) to refer to the value the row tried to insert.
func (s *InsertStmt) DoUpdate(sets ...Assignment) *InsertStmt {
	x := s.extras()
	x.Conflict = ConflictDoUpdate
	x.ConflictSets = appendNew(x.ConflictSets, sets)
	return s
}

// DoUpdateWhere restricts the upsert's update with conditions.
func (s *InsertStmt) DoUpdateWhere(conds ...Expr) *InsertStmt {
	x := s.extras()
	x.ConflictWhere = appendNew(x.ConflictWhere, conds)
	return s
}

// OnDuplicateKeyUpdate is MySQL's upsert: ON DUPLICATE KEY UPDATE sets.
// Excluded(col) compiles to VALUES(col).
func (s *InsertStmt) OnDuplicateKeyUpdate(sets ...Assignment) *InsertStmt {
	x := s.extras()
	x.DuplicateKeySets = appendNew(x.DuplicateKeySets, sets)
	return s
}

// With adds common table expressions.
func (s *InsertStmt) With(ctes ...*CTE) *InsertStmt {
	x := s.extras()
	x.CTEs = appendNew(x.CTEs, ctes)
	return s
}

func (*InsertStmt) stmt() {}

// UpdateStmt is an UPDATE statement. An UPDATE without WHERE is refused at
// compile time unless AllRows was called, so a forgotten condition cannot
// change every row. A copy made by assignment is independent of the
// original.
type UpdateStmt struct {
	Table        *Table
	AllowAllRows bool

	// Extras holds the FROM, RETURNING and WITH clauses; it is nil until
	// one of them is set.
	Extras *UpdateExtras

	// The assignments and conditions live in setBuf and whereBuf while
	// they fit (four assignments and one condition, the usual one by
	// key), then in moreSets and moreWhere.
	nsets, nwhere uint32
	moreSets      *spill[Assignment]
	moreWhere     *spill[Expr]
	setBuf        [4]Assignment
	whereBuf      [1]Expr
}

// Sets returns the assignments, in the order they were added. The slice
// shares the statement's storage: read it, do not change it.
func (s *UpdateStmt) Sets() []Assignment { return listOf(s.setBuf[:], s.moreSets, int(s.nsets)) }

// WhereConds returns the WHERE conditions, joined with AND. The slice
// shares the statement's storage: read it, do not change it.
func (s *UpdateStmt) WhereConds() []Expr { return listOf(s.whereBuf[:], s.moreWhere, int(s.nwhere)) }

// UpdateExtras holds the clauses of an UPDATE that most statements do not
// use.
type UpdateExtras struct {
	FromItems      []FromItem
	ReturningItems []Expr
	CTEs           []*CTE
}

// extras returns a new UpdateExtras for s to change, holding what
// s.Extras held: a copy made by assignment may share the old one.
func (s *UpdateStmt) extras() *UpdateExtras { return changed(&s.Extras) }

// Update starts an UPDATE of table.
func Update(table *Table) *UpdateStmt { return &UpdateStmt{Table: table} }

// Set adds "col = v".
func (s *UpdateStmt) Set(col *Column, v any) *UpdateStmt {
	if s.nsets < uint32(len(s.setBuf)) {
		s.setBuf[s.nsets] = Assignment{Column: col, Value: v}
		s.nsets++
		return s
	}
	return s.SetAll(Assignment{Column: col, Value: v})
}

// SetAll adds assignments.
//
//go:noinline
func (s *UpdateStmt) SetAll(sets ...Assignment) *UpdateStmt {
	// go:noinline: inlined elsewhere, this generic call leaks the variadic slice.
	s.nsets = uint32(appendList(s, s.setBuf[:], &s.moreSets, int(s.nsets), sets))
	return s
}

// From adds other tables to join against: UPDATE ... FROM on PostgreSQL
// and SQLite, UPDATE a, b SET ... on MySQL.
func (s *UpdateStmt) From(items ...FromItem) *UpdateStmt {
	x := s.extras()
	x.FromItems = appendNew(x.FromItems, items)
	return s
}

// Where adds conditions, joined with AND.
//
//go:noinline
func (s *UpdateStmt) Where(conds ...Expr) *UpdateStmt {
	// go:noinline: inlined elsewhere, this generic call leaks the variadic slice.
	s.nwhere = uint32(appendList(s, s.whereBuf[:], &s.moreWhere, int(s.nwhere), conds))
	return s
}

// AllRows confirms that an UPDATE without WHERE is meant to change every row.
func (s *UpdateStmt) AllRows() *UpdateStmt { s.AllowAllRows = true; return s }

// Returning adds a RETURNING clause (PostgreSQL and SQLite).
func (s *UpdateStmt) Returning(items ...Expr) *UpdateStmt {
	x := s.extras()
	x.ReturningItems = appendNew(x.ReturningItems, items)
	return s
}

// With adds common table expressions.
func (s *UpdateStmt) With(ctes ...*CTE) *UpdateStmt {
	x := s.extras()
	x.CTEs = appendNew(x.CTEs, ctes)
	return s
}

func (*UpdateStmt) stmt() {}

// DeleteStmt is a DELETE statement. A DELETE without WHERE is refused at
// compile time unless AllRows was called. A copy made by assignment is
// independent of the original.
type DeleteStmt struct {
	Table          *Table
	UsingItems     []FromItem
	ReturningItems []Expr
	AllowAllRows   bool
	CTEs           []*CTE

	// The conditions live in whereBuf while there is one (the usual
	// case, by key), then in moreWhere.
	nwhere    uint32
	moreWhere *spill[Expr]
	whereBuf  [1]Expr
}

// WhereConds returns the WHERE conditions, joined with AND. The slice
// shares the statement's storage: read it, do not change it.
func (s *DeleteStmt) WhereConds() []Expr { return listOf(s.whereBuf[:], s.moreWhere, int(s.nwhere)) }

// Delete starts a DELETE from table.
func Delete(table *Table) *DeleteStmt { return &DeleteStmt{Table: table} }

// Using adds tables to join against: DELETE ... USING on PostgreSQL,
// DELETE t FROM t, ... on MySQL.
func (s *DeleteStmt) Using(items ...FromItem) *DeleteStmt {
	s.UsingItems = appendNew(s.UsingItems, items)
	return s
}

// Where adds conditions, joined with AND.
//
//go:noinline
func (s *DeleteStmt) Where(conds ...Expr) *DeleteStmt {
	// go:noinline: inlined elsewhere, this generic call leaks the variadic slice.
	s.nwhere = uint32(appendList(s, s.whereBuf[:], &s.moreWhere, int(s.nwhere), conds))
	return s
}

// AllRows confirms that a DELETE without WHERE is meant to remove every row.
func (s *DeleteStmt) AllRows() *DeleteStmt { s.AllowAllRows = true; return s }

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB).
func (s *DeleteStmt) Returning(items ...Expr) *DeleteStmt {
	s.ReturningItems = appendNew(s.ReturningItems, items)
	return s
}

// With adds common table expressions.
func (s *DeleteStmt) With(ctes ...*CTE) *DeleteStmt { s.CTEs = appendNew(s.CTEs, ctes); return s }

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

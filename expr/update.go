package expr

import "slices"

// UpdateStmt is an UPDATE statement. An UPDATE without WHERE is refused at
// compile time unless AllRows was called, so a forgotten condition cannot
// change every row. A copy made by assignment is independent of the
// original.
type UpdateStmt struct {
	ctes      []*CTE
	table     *Table
	sets      []Assignment
	from      []FromItem
	where     []Expr
	returning []Expr
	allRows   bool
}

// UpdateClauses are the clauses of an UPDATE, as Clauses returns them.
// Read the slices; do not change them.
type UpdateClauses struct {
	With      []*CTE
	Table     *Table
	Sets      []Assignment
	From      []FromItem // UPDATE ... FROM; UPDATE a, b on MySQL
	Where     []Expr     // joined with AND
	Returning []Expr
	AllRows   bool // no WHERE is meant
}

// Clauses returns the statement's clauses.
func (s *UpdateStmt) Clauses() UpdateClauses {
	return UpdateClauses{
		With:      slices.Clip(s.ctes),
		Table:     s.table,
		Sets:      slices.Clip(s.sets),
		From:      slices.Clip(s.from),
		Where:     slices.Clip(s.where),
		Returning: slices.Clip(s.returning),
		AllRows:   s.allRows,
	}
}

// Update starts an UPDATE of table.
func Update(table *Table) *UpdateStmt { return &UpdateStmt{table: table} }

// Clone returns a copy of s that can be changed without changing s (as a
// copy made by assignment can).
func (s *UpdateStmt) Clone() *UpdateStmt {
	n := *s
	return &n
}

// Set adds "col = v".
func (s *UpdateStmt) Set(col *Column, v any) *UpdateStmt {
	return s.SetAll(Assignment{Column: col, Value: v})
}

// SetAll adds assignments.
func (s *UpdateStmt) SetAll(sets ...Assignment) *UpdateStmt {
	s.sets = appendNew(s.sets, sets)
	return s
}

// From adds other tables to join against: UPDATE ... FROM on PostgreSQL
// and SQLite, UPDATE a, b SET ... on MySQL.
func (s *UpdateStmt) From(items ...FromItem) *UpdateStmt {
	s.from = appendNew(s.from, items)
	return s
}

// Where adds conditions, joined with AND.
func (s *UpdateStmt) Where(conds ...Expr) *UpdateStmt {
	s.where = appendNew(s.where, conds)
	return s
}

// AllRows confirms that an UPDATE without WHERE is meant to change every row.
func (s *UpdateStmt) AllRows() *UpdateStmt { s.allRows = true; return s }

// Returning adds a RETURNING clause (PostgreSQL and SQLite).
func (s *UpdateStmt) Returning(items ...Expr) *UpdateStmt {
	s.returning = appendNew(s.returning, items)
	return s
}

// With adds common table expressions.
func (s *UpdateStmt) With(ctes ...*CTE) *UpdateStmt {
	s.ctes = appendNew(s.ctes, ctes)
	return s
}

func (*UpdateStmt) stmt() {}

// DeleteStmt is a DELETE statement. A DELETE without WHERE is refused at
// compile time unless AllRows was called. A copy made by assignment is
// independent of the original.
type DeleteStmt struct {
	ctes      []*CTE
	table     *Table
	using     []FromItem
	where     []Expr
	returning []Expr
	allRows   bool
}

// DeleteClauses are the clauses of a DELETE, as Clauses returns them.
// Read the slices; do not change them.
type DeleteClauses struct {
	With      []*CTE
	Table     *Table
	Using     []FromItem // DELETE ... USING; DELETE t FROM t, ... on MySQL
	Where     []Expr     // joined with AND
	Returning []Expr
	AllRows   bool // no WHERE is meant
}

// Clauses returns the statement's clauses.
func (s *DeleteStmt) Clauses() DeleteClauses {
	return DeleteClauses{
		With:      slices.Clip(s.ctes),
		Table:     s.table,
		Using:     slices.Clip(s.using),
		Where:     slices.Clip(s.where),
		Returning: slices.Clip(s.returning),
		AllRows:   s.allRows,
	}
}

// Delete starts a DELETE from table.
func Delete(table *Table) *DeleteStmt { return &DeleteStmt{table: table} }

// Clone returns a copy of s that can be changed without changing s (as a
// copy made by assignment can).
func (s *DeleteStmt) Clone() *DeleteStmt {
	n := *s
	return &n
}

// Using adds tables to join against: DELETE ... USING on PostgreSQL,
// DELETE t FROM t, ... on MySQL.
func (s *DeleteStmt) Using(items ...FromItem) *DeleteStmt {
	s.using = appendNew(s.using, items)
	return s
}

// Where adds conditions, joined with AND.
func (s *DeleteStmt) Where(conds ...Expr) *DeleteStmt {
	s.where = appendNew(s.where, conds)
	return s
}

// AllRows confirms that a DELETE without WHERE is meant to remove every row.
func (s *DeleteStmt) AllRows() *DeleteStmt { s.allRows = true; return s }

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB).
func (s *DeleteStmt) Returning(items ...Expr) *DeleteStmt {
	s.returning = appendNew(s.returning, items)
	return s
}

// With adds common table expressions.
func (s *DeleteStmt) With(ctes ...*CTE) *DeleteStmt {
	s.ctes = appendNew(s.ctes, ctes)
	return s
}

func (*DeleteStmt) stmt() {}

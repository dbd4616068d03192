package expr

// DDLClauses are the parts of a DDL statement, as Clauses returns them:
// Table for the table statements, Index for the index ones.
type DDLClauses struct {
	Table       *Table
	Index       *Index
	IfNotExists bool // CREATE ... IF NOT EXISTS
	IfExists    bool // DROP ... IF EXISTS
}

// CreateTableStmt is CREATE TABLE [IF NOT EXISTS] from a table's definition,
// with its primary key, foreign keys, unique and check constraints. Indexes
// are separate statements (CreateIndex).
type CreateTableStmt struct{ c DDLClauses }

// CreateTable makes the CREATE TABLE statement of t.
func CreateTable(t *Table) *CreateTableStmt { return &CreateTableStmt{DDLClauses{Table: t}} }

// IfNotExists adds IF NOT EXISTS.
func (s *CreateTableStmt) IfNotExists() *CreateTableStmt { s.c.IfNotExists = true; return s }

// Clauses returns the statement's parts.
func (s *CreateTableStmt) Clauses() DDLClauses { return s.c }

// DropTableStmt is DROP TABLE [IF EXISTS].
type DropTableStmt struct{ c DDLClauses }

// DropTable makes the DROP TABLE statement of t.
func DropTable(t *Table) *DropTableStmt { return &DropTableStmt{DDLClauses{Table: t}} }

// IfExists adds IF EXISTS.
func (s *DropTableStmt) IfExists() *DropTableStmt { s.c.IfExists = true; return s }

// Clauses returns the statement's parts.
func (s *DropTableStmt) Clauses() DDLClauses { return s.c }

// CreateIndexStmt is CREATE [UNIQUE] INDEX [IF NOT EXISTS].
type CreateIndexStmt struct{ c DDLClauses }

// CreateIndex makes the CREATE INDEX statement of ix.
func CreateIndex(ix *Index) *CreateIndexStmt { return &CreateIndexStmt{DDLClauses{Index: ix}} }

// IfNotExists adds IF NOT EXISTS.
func (s *CreateIndexStmt) IfNotExists() *CreateIndexStmt { s.c.IfNotExists = true; return s }

// Clauses returns the statement's parts.
func (s *CreateIndexStmt) Clauses() DDLClauses { return s.c }

// DropIndexStmt is DROP INDEX [IF EXISTS].
type DropIndexStmt struct{ c DDLClauses }

// DropIndex makes the DROP INDEX statement of ix.
func DropIndex(ix *Index) *DropIndexStmt { return &DropIndexStmt{DDLClauses{Index: ix}} }

// IfExists adds IF EXISTS.
func (s *DropIndexStmt) IfExists() *DropIndexStmt { s.c.IfExists = true; return s }

// Clauses returns the statement's parts.
func (s *DropIndexStmt) Clauses() DDLClauses { return s.c }

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

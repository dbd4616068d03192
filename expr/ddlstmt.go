package expr

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

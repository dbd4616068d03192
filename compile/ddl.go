package compile

import (
	"strconv"

	"github.com/sqlforge/sqlforge/expr"
)

// ValidEnumLabel reports whether an enum label may be written into DDL:
// letters, digits, space and "_-.:/". Labels are the one place where DDL
// needs literals; restricting them makes quoting trivially safe.
func ValidEnumLabel(v string) bool {
	if v == "" || len(v) > 63 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == ' ' || c == '_' || c == '-' || c == '.' || c == ':' || c == '/':
		default:
			return false
		}
	}
	return true
}

// AppendEnumLabels appends "'a', 'b'" for a dialect's AppendType, or fails
// for a label ValidEnumLabel rejects.
func AppendEnumLabels(dst []byte, t expr.Type) ([]byte, error) {
	if len(t.EnumValues) == 0 {
		return dst, &InvalidError{Reason: "enum " + strconv.Quote(t.EnumName) + " has no labels"}
	}
	for i, v := range t.EnumValues {
		if !ValidEnumLabel(v) {
			return dst, &InvalidError{Reason: "enum label " + quoteName(v) + " has characters outside letters, digits and \" _-.:/\""}
		}
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, '\'')
		dst = append(dst, v...)
		dst = append(dst, '\'')
	}
	return dst, nil
}

func (s *state) ddl(st expr.Statement) {
	s.tok(tDDL)
	s.unqualified = true
	switch n := st.(type) {
	case *expr.CreateTableStmt:
		if n == nil || n.Clauses().Table == nil {
			s.invalid("CREATE TABLE of a nil table")
			return
		}
		s.createTable(n.Clauses())
	case *expr.DropTableStmt:
		if n == nil || n.Clauses().Table == nil {
			s.invalid("DROP TABLE of a nil table")
			return
		}
		s.tok(2)
		s.kw("DROP TABLE ")
		if s.flag(n.Clauses().IfExists) {
			s.kw("IF EXISTS ")
		}
		s.targetTable(n.Clauses().Table, "DROP TABLE")
	case *expr.CreateIndexStmt:
		if n == nil || n.Clauses().Index == nil || n.Clauses().Index.Table == nil {
			s.invalid("CREATE INDEX of a nil index")
			return
		}
		s.createIndex(n.Clauses())
	case *expr.DropIndexStmt:
		if n == nil || n.Clauses().Index == nil || n.Clauses().Index.Table == nil {
			s.invalid("DROP INDEX of a nil index")
			return
		}
		s.dropIndex(n.Clauses())
	}
}

func (s *state) createTable(n expr.DDLClauses) {
	t := n.Table
	s.tok(1)
	if t.Meta != nil {
		if err := t.Meta.Resolve(); err != nil {
			s.fail(err)
			return
		}
	}
	s.kw("CREATE TABLE ")
	if s.flag(n.IfNotExists) {
		s.kw("IF NOT EXISTS ")
	}
	if !s.targetTable(t, "CREATE TABLE") {
		return
	}
	s.kw(" (")
	inlinePK := len(t.PrimaryKey) == 1 && t.PrimaryKey[0].AutoIncrement && s.c.f.Has(InlineAutoIncrementPK)
	s.num(len(t.Columns))
	for i, c := range t.Columns {
		if i > 0 {
			s.kw(", ")
		}
		s.id(c.ID())
		s.str(c.Name)
		s.ident(c.Name)
		s.kw(" ")
		use := TypeColumn
		if c.AutoIncrement {
			use = TypeAutoIncrement
		}
		s.typ(c.Type, use)
		if inlinePK && c == t.PrimaryKey[0] {
			s.kw(" PRIMARY KEY AUTOINCREMENT")
		}
		if !s.flag(c.Nullable) {
			s.kw(" NOT NULL")
		}
		if s.flag(c.ServerDefault != nil) {
			s.kw(" DEFAULT ")
			s.text(c.ServerDefault)
		}
		if s.flag(c.Type.Kind == expr.KindEnum && s.c.f.Has(EnumCheck)) {
			s.kw(" CHECK (")
			s.ident(c.Name)
			s.kw(" IN (")
			if s.render {
				var err error
				if s.sql, err = AppendEnumLabels(s.sql, c.Type); err != nil {
					s.fail(err)
				}
			}
			s.kw("))")
		}
		if s.flag(c.Unique) {
			s.kw(" UNIQUE")
		}
	}
	if s.num(len(t.PrimaryKey)) > 0 && !inlinePK {
		s.kw(", PRIMARY KEY ")
		s.identList(t.PrimaryKey)
	}
	s.num(len(t.Uniques))
	for _, u := range t.Uniques {
		s.kw(", ")
		s.constraintName(u.Name)
		s.kw("UNIQUE ")
		s.identList(u.Columns)
	}
	s.num(len(t.ForeignKeys))
	for _, fk := range t.ForeignKeys {
		if fk.RefTable == nil {
			s.fail(&expr.UnresolvedError{Table: t.Name, Target: fk.Target()})
			return
		}
		s.kw(", ")
		s.constraintName(fk.Name)
		s.kw("FOREIGN KEY ")
		s.identList(fk.Columns)
		s.kw(" REFERENCES ")
		s.tableRef(fk.RefTable)
		s.qualifier(fk.RefTable)
		s.kw(" ")
		s.identList(fk.RefColumns)
		s.tok(byte(fk.OnDelete))
		s.tok(byte(fk.OnUpdate))
		if fk.OnDelete != expr.NoAction {
			s.kw(" ON DELETE ")
			s.kw(fk.OnDelete.SQL())
		}
		if fk.OnUpdate != expr.NoAction {
			s.kw(" ON UPDATE ")
			s.kw(fk.OnUpdate.SQL())
		}
	}
	s.num(len(t.Checks))
	for _, ck := range t.Checks {
		s.kw(", ")
		s.constraintName(ck.Name)
		s.kw("CHECK (")
		s.text(ck.SQL)
		s.kw(")")
	}
	s.kw(")")
}

func (s *state) constraintName(name string) {
	if s.flag(name != "") {
		s.str(name)
		s.kw("CONSTRAINT ")
		s.ident(name)
		s.kw(" ")
	}
}

func (s *state) identList(cols []*expr.Column) {
	s.kw("(")
	s.num(len(cols))
	for i, c := range cols {
		if i > 0 {
			s.kw(", ")
		}
		s.id(c.ID())
		s.ident(c.Name)
	}
	s.kw(")")
}

func (s *state) createIndex(n expr.DDLClauses) {
	ix := n.Index
	s.tok(3)
	s.str(ix.Name)
	if s.flag(ix.Unique) {
		s.kw("CREATE UNIQUE INDEX ")
	} else {
		s.kw("CREATE INDEX ")
	}
	if s.flag(n.IfNotExists) {
		if !s.need(CreateIndexIfNotExists, "CREATE INDEX IF NOT EXISTS") {
			return
		}
		s.kw("IF NOT EXISTS ")
	}
	s.ident(ix.Name)
	s.kw(" ON ")
	if !s.targetTable(ix.Table, "CREATE INDEX") {
		return
	}
	s.kw(" ")
	s.identList(ix.Columns)
}

func (s *state) dropIndex(n expr.DDLClauses) {
	ix := n.Index
	s.tok(4)
	s.str(ix.Name)
	s.kw("DROP INDEX ")
	if s.flag(n.IfExists) {
		if !s.need(DropIndexIfExists, "DROP INDEX IF EXISTS") {
			return
		}
		s.kw("IF EXISTS ")
	}
	if s.c.f.Has(DropIndexOnTable) {
		s.ident(ix.Name)
		s.kw(" ON ")
		s.targetTable(ix.Table, "DROP INDEX")
		return
	}
	// The index lives in its table's schema.
	s.tableRef(ix.Table)
	if ix.Table.Schema != "" {
		s.ident(ix.Table.Schema)
		s.kw(".")
	}
	s.ident(ix.Name)
}

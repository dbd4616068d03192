package expr

import "strings"

// Action is a foreign key's referential action.
type Action uint8

// Referential actions. NoAction is the zero value and is not written out.
const (
	NoAction Action = iota
	Restrict
	Cascade
	SetNull
	SetDefault
)

var actionSQL = [...]string{NoAction: "NO ACTION", Restrict: "RESTRICT", Cascade: "CASCADE", SetNull: "SET NULL", SetDefault: "SET DEFAULT"}

// SQL returns the action's SQL keywords.
func (a Action) SQL() string {
	if int(a) < len(actionSQL) {
		return actionSQL[a]
	}
	return ""
}

// ParseAction returns the action spelled sql ("CASCADE", "set null", ...),
// or NoAction for anything else.
func ParseAction(sql string) Action {
	for a, s := range actionSQL {
		if strings.EqualFold(s, sql) {
			return Action(a)
		}
	}
	return NoAction
}

// ForeignKey is a FOREIGN KEY constraint.
type ForeignKey struct {
	Name       string
	Table      *Table    // the referencing table
	Columns    []*Column // referencing columns
	RefTable   *Table    // set when resolved
	RefColumns []*Column // set when resolved
	OnDelete   Action
	OnUpdate   Action

	target     string   // "table" or "schema.table" (with a column for References)
	refColumns []string // for ForeignKeyOn
}

// FKOption sets a foreign key's name or actions (sealed, as ColumnOption).
type FKOption interface{ applyFK(*ForeignKey) }

type fkOptionFunc func(*ForeignKey)

func (f fkOptionFunc) applyFK(fk *ForeignKey) { f(fk) }

// OnDelete sets the ON DELETE action.
func OnDelete(a Action) FKOption { return fkOptionFunc(func(fk *ForeignKey) { fk.OnDelete = a }) }

// OnUpdate sets the ON UPDATE action.
func OnUpdate(a Action) FKOption { return fkOptionFunc(func(fk *ForeignKey) { fk.OnUpdate = a }) }

// FKName names the constraint.
func FKName(name string) FKOption { return fkOptionFunc(func(fk *ForeignKey) { fk.Name = name }) }

// Target returns the referenced table's name as written in the definition.
func (fk *ForeignKey) Target() string { return fk.target }

func (fk *ForeignKey) resolve(m *MetaData) error {
	if fk.RefTable != nil {
		return nil
	}
	tableName, refCols := fk.target, fk.refColumns
	if refCols == nil { // column-level References("table.column")
		tn, cn, ok := splitTarget(fk.target)
		if !ok {
			return &UnresolvedError{Table: fk.Table.Name, Target: fk.target}
		}
		tableName, refCols = tn, []string{cn}
	}
	rt := m.Table(tableName)
	if rt == nil {
		return &UnresolvedError{Table: fk.Table.Name, Target: fk.target}
	}
	cols := make([]*Column, 0, len(refCols))
	for _, n := range refCols {
		c, err := rt.Lookup(n)
		if err != nil {
			return &UnresolvedError{Table: fk.Table.Name, Target: tableName + "." + n}
		}
		cols = append(cols, c)
	}
	if len(cols) != len(fk.Columns) {
		return &DefinitionError{Object: fk.Table.Name, Reason: "foreign key column counts differ"}
	}
	fk.RefTable, fk.RefColumns = rt, cols
	return nil
}

// Index is a (possibly unique) index on columns of a table.
type Index struct {
	Name    string
	Table   *Table
	Columns []*Column
	Unique  bool
}

// UniqueConstraint is a table-level UNIQUE constraint.
type UniqueConstraint struct {
	Name    string
	Columns []*Column
}

// CheckConstraint is a CHECK constraint; its condition is constant SQL.
type CheckConstraint struct {
	Name string
	SQL  *TextClause
}

type tableOptionFunc func(*Table) error

func (f tableOptionFunc) applyTable(t *Table) error { return f(t) }

func lookupAll(t *Table, what string, names []string) ([]*Column, error) {
	if len(names) == 0 {
		return nil, &DefinitionError{Object: t.Name, Reason: what + " without columns"}
	}
	cols := make([]*Column, len(names))
	for i, n := range names {
		c, err := t.Lookup(n)
		if err != nil {
			return nil, &DefinitionError{Object: t.Name, Reason: what + " names unknown column " + quoteForError(n)}
		}
		cols[i] = c
	}
	return cols, nil
}

// InSchema puts the table in a schema (a database on MySQL).
func InSchema(schema string) TableOption {
	return tableOptionFunc(func(t *Table) error { t.Schema = schema; return nil })
}

// PrimaryKeyOn declares a (composite) primary key by column names.
func PrimaryKeyOn(columns ...string) TableOption {
	return tableOptionFunc(func(t *Table) error {
		cols, err := lookupAll(t, "primary key", columns)
		if err != nil {
			return err
		}
		for _, c := range cols {
			c.PrimaryKey, c.Nullable = true, false
		}
		t.PrimaryKey = cols
		return nil
	})
}

// ForeignKeyOn declares a (composite) foreign key: columns of this table
// referencing refColumns of refTable ("table" or "schema.table").
func ForeignKeyOn(columns []string, refTable string, refColumns []string, opts ...FKOption) TableOption {
	return tableOptionFunc(func(t *Table) error {
		cols, err := lookupAll(t, "foreign key", columns)
		if err != nil {
			return err
		}
		if len(refColumns) != len(cols) {
			return &DefinitionError{Object: t.Name, Reason: "foreign key column counts differ"}
		}
		fk := &ForeignKey{Table: t, Columns: cols, target: refTable, refColumns: refColumns}
		for _, o := range opts {
			o.applyFK(fk)
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
		return nil
	})
}

// IndexOn declares an index.
func IndexOn(name string, columns ...string) TableOption { return indexOn(name, false, columns) }

// UniqueIndexOn declares a unique index.
func UniqueIndexOn(name string, columns ...string) TableOption { return indexOn(name, true, columns) }

func indexOn(name string, unique bool, columns []string) TableOption {
	return tableOptionFunc(func(t *Table) error {
		cols, err := lookupAll(t, "index", columns)
		if err != nil {
			return err
		}
		if name == "" {
			return &DefinitionError{Object: t.Name, Reason: "index without a name"}
		}
		t.Indexes = append(t.Indexes, &Index{Name: name, Table: t, Columns: cols, Unique: unique})
		return nil
	})
}

// UniqueOn declares a multi-column UNIQUE constraint (name may be empty).
func UniqueOn(name string, columns ...string) TableOption {
	return tableOptionFunc(func(t *Table) error {
		cols, err := lookupAll(t, "unique constraint", columns)
		if err != nil {
			return err
		}
		t.Uniques = append(t.Uniques, &UniqueConstraint{Name: name, Columns: cols})
		return nil
	})
}

// Check declares a CHECK constraint. The condition is SQL, so it must be a
// compile-time constant, as for Text.
func Check(name string, condition constSQL) TableOption {
	tc := Text(condition)
	return tableOptionFunc(func(t *Table) error {
		t.Checks = append(t.Checks, &CheckConstraint{Name: name, SQL: tc})
		return nil
	})
}

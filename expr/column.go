package expr

import "sync/atomic"

// nextID numbers columns and tables so the compiler can describe a
// statement's shape without hashing names.
var nextID atomic.Uint32

func newID() uint32 { return nextID.Add(1) }

// Column is a table column: both its definition and the expression that
// refers to it. Build columns with Col and hand them to MetaData.NewTable;
// after that a Column is read-only and safe to share between goroutines.
//
// Column embeds Ops, so it has every operator method:
//
//	users.C("age").Gt(18)
type Column struct {
	Ops
	// Name is the column's name in the database.
	Name string
	// Table is the table (or alias, or derived table) the column belongs to.
	Table *Table
	// Type is the column's SQL type.
	Type Type
	// Nullable is true unless the column is NOT NULL. Primary key columns
	// are never nullable.
	Nullable bool
	// PrimaryKey marks a member of the table's primary key.
	PrimaryKey bool
	// AutoIncrement asks the database to generate the value (IDENTITY,
	// AUTO_INCREMENT or SQLite's rowid alias).
	AutoIncrement bool
	// Unique adds a single-column UNIQUE constraint.
	Unique bool
	// Indexed adds a single-column index.
	Indexed bool
	// Default is a client-side default: INSERT statements that do not name
	// the column bind this value for it. A func() any is called once per
	// row each time the statement is compiled.
	Default any
	// ServerDefault is a SQL expression the database uses as DEFAULT.
	ServerDefault *TextClause
	// Sensitive marks a column whose values must not be shown: the
	// compiler reports which bound parameters hold its values (the
	// values written to it and compared with it), and the engine keeps
	// them out of hook events, logs and error text even when parameter
	// values are shown otherwise. Aliases, derived tables and VALUES
	// lists built from the column keep the mark.
	Sensitive bool

	id        uint32
	orderings *[2]Ordering  // Asc and Desc, shared: see ordering
	base      *Column       // the column this one proxies, for aliases and derived tables
	pendingFK []*ForeignKey // column-level foreign keys, moved to the table by NewTable
}

// ColumnOption configures a column in Col. The interface is sealed, as
// all option types of the project are: anything else passed to Col is a
// compile error.
type ColumnOption interface{ applyColumn(*Column) }

type columnOptionFunc func(*Column)

func (f columnOptionFunc) applyColumn(c *Column) { f(c) }

// Col defines a column. Options: PK, NotNull, Unique, AutoIncrement,
// Indexed, Sensitive, Default, ServerDefault, References.
func Col(name string, t Type, opts ...ColumnOption) *Column {
	c := &Column{Name: name, Type: t, Nullable: true, id: newID()}
	c.init()
	for _, o := range opts {
		o.applyColumn(c)
	}
	if c.PrimaryKey {
		c.Nullable = false
	}
	return c
}

// Column options without arguments.
var (
	// PK makes the column (part of) the primary key.
	PK ColumnOption = columnOptionFunc(func(c *Column) { c.PrimaryKey = true; c.Nullable = false })
	// NotNull makes the column NOT NULL.
	NotNull ColumnOption = columnOptionFunc(func(c *Column) { c.Nullable = false })
	// Unique adds a UNIQUE constraint on the column alone.
	Unique ColumnOption = columnOptionFunc(func(c *Column) { c.Unique = true })
	// AutoIncrement asks the database to generate values for the column.
	AutoIncrement ColumnOption = columnOptionFunc(func(c *Column) { c.AutoIncrement = true })
	// Indexed adds an index on the column alone.
	Indexed ColumnOption = columnOptionFunc(func(c *Column) { c.Indexed = true })
	// Sensitive marks a column whose values are never shown: not in hook
	// events, logs or error text, even where an engine shows parameter
	// values (see Column.Sensitive). It changes no SQL.
	Sensitive ColumnOption = columnOptionFunc(func(c *Column) { c.Sensitive = true })
)

// Default sets a client-side default (a value, or a func() any called per row).
func Default(v any) ColumnOption { return columnOptionFunc(func(c *Column) { c.Default = v }) }

// ServerDefault sets the DEFAULT expression of the column's DDL. The text
// is SQL, so it must be a compile-time constant, as for Text.
func ServerDefault(sql constSQL) ColumnOption {
	t := Text(sql)
	return columnOptionFunc(func(c *Column) { c.ServerDefault = t })
}

// References adds a foreign key from this column to target, written
// "table.column" or "schema.table.column". The target is resolved by the
// table's MetaData when DDL is compiled or tables are sorted.
func References(target string, actions ...FKOption) ColumnOption {
	return columnOptionFunc(func(c *Column) {
		fk := &ForeignKey{target: target}
		for _, a := range actions {
			a.applyFK(fk)
		}
		c.pendingFK = append(c.pendingFK, fk)
	})
}

// ID returns a number unique to the column definition; aliased copies share
// their base column's ID.
func (c *Column) ID() uint32 { return c.id }

// Base returns the column this one stands for when it belongs to an alias
// or derived table, and the column itself otherwise.
func (c *Column) Base() *Column {
	if c.base != nil {
		return c.base
	}
	return c
}

// copyFor returns a proxy of c that belongs to table t (an alias).
func (c *Column) copyFor(t *Table) *Column {
	n := *c
	n.Table = t
	n.base = c.Base()
	n.pendingFK = nil
	n.init()
	return &n
}

// init finishes a new column: its operator methods and its orderings.
func (c *Column) init() {
	c.Ops.self = c
	c.orderings = &[2]Ordering{{X: c}, {X: c, Desc: true}}
}

// ordering returns the column's ascending or descending ordering. Ordering
// by a column is common enough to be made once, with the column, rather
// than allocated each time.
func (c *Column) ordering(desc bool) *Ordering {
	switch {
	case c.orderings == nil: // a column not made by this package
		return &Ordering{X: c, Desc: desc}
	case desc:
		return &c.orderings[1]
	}
	return &c.orderings[0]
}

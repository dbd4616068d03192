package expr

import (
	"slices"
	"strings"
	"sync"
)

// Table is a database table, or a stand-in for one in a FROM clause: an
// alias of a table (Alias), a derived table (SelectStmt.Subquery), a
// common table expression (SelectStmt.CTE) or a VALUES list (Values).
//
// Define tables with MetaData.NewTable or MustTable. A defined Table is
// read-only and safe for concurrent use.
type Table struct {
	// Name is the table's name; for an alias or derived table it is the alias.
	Name string
	// Schema optionally qualifies Name.
	Schema string
	// Columns in definition order.
	Columns []*Column
	// PrimaryKey lists the primary key columns in key order.
	PrimaryKey []*Column
	// ForeignKeys, Indexes, Uniques and Checks are the table's constraints.
	ForeignKeys []*ForeignKey
	Indexes     []*Index
	Uniques     []*UniqueConstraint
	Checks      []*CheckConstraint
	// Meta is the MetaData the table belongs to (nil for aliases).
	Meta *MetaData

	id      uint32
	byName  map[string]*Column
	base    *Table     // for aliases: the aliased table
	sub     Selectable // for derived tables and CTEs: the query
	lateral bool       // derived table is LATERAL
	cte     *CTE       // for CTE references
	values  bool       // the table of a VALUES list (Values)
}

// TableItem is what NewTable accepts: a *Column (made with Col) or a
// TableOption. The interface is sealed so that passing anything else to
// NewTable is a compile error rather than a run-time DefinitionError.
type TableItem interface{ tableItem() }

// TableOption is a TableItem other than a column: a constraint, an index
// or the schema.
type TableOption interface {
	TableItem
	applyTable(*Table) error
}

func (*Column) tableItem()         {}
func (tableOptionFunc) tableItem() {}

// MetaData is a collection of tables: it resolves foreign keys by name and
// orders tables for CREATE and DROP. The zero value is not usable; call
// NewMetaData.
type MetaData struct {
	resolveMu sync.Mutex        // serializes Resolve and guards resolved
	resolved  int               // number of tables whose foreign keys are resolved
	mu        sync.RWMutex      // guards tables and byName
	tables    []*Table          // in definition order
	byName    map[string]*Table // qualified name -> table
}

// NewMetaData returns an empty MetaData.
func NewMetaData() *MetaData { return &MetaData{byName: map[string]*Table{}} }

// NewTable defines a table from columns (made with Col) and table options
// (PrimaryKeyOn, ForeignKeyOn, IndexOn, UniqueOn, Check, InSchema). It
// returns a *DefinitionError for an empty or duplicate name, a constraint
// naming an unknown column, or a column that is nil or defined for another
// table.
func (m *MetaData) NewTable(name string, items ...TableItem) (*Table, error) {
	t := &Table{Name: name, Meta: m, id: newID(), byName: map[string]*Column{}}
	if name == "" {
		return nil, &DefinitionError{Object: "table", Reason: "empty name"}
	}
	var opts []TableOption
	for _, it := range items {
		switch v := it.(type) {
		case *Column:
			if v == nil || v.Table != nil {
				return nil, &DefinitionError{Object: name, Reason: "column is nil or already belongs to a table"}
			}
			if v.Name == "" {
				return nil, &DefinitionError{Object: name, Reason: "column with empty name"}
			}
			if _, dup := t.byName[v.Name]; dup {
				return nil, &DefinitionError{Object: name + "." + v.Name, Reason: "duplicate column"}
			}
			v.Table = t
			t.Columns = append(t.Columns, v)
			t.byName[v.Name] = v
		case TableOption:
			opts = append(opts, v)
		default: // a nil item; the interface is sealed
			return nil, &DefinitionError{Object: name, Reason: "nil table item"}
		}
	}
	if len(t.Columns) == 0 {
		return nil, &DefinitionError{Object: name, Reason: "table has no columns"}
	}
	for _, c := range t.Columns {
		if c.PrimaryKey {
			t.PrimaryKey = append(t.PrimaryKey, c)
		}
		for _, fk := range c.pendingFK {
			fk.Table = t
			fk.Columns = []*Column{c}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
		c.pendingFK = nil
	}
	for _, o := range opts {
		if err := o.applyTable(t); err != nil {
			return nil, err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	q := t.QualifiedName()
	if _, dup := m.byName[q]; dup {
		return nil, &DefinitionError{Object: q, Reason: "table defined twice in one MetaData"}
	}
	m.byName[q] = t
	m.tables = append(m.tables, t)
	return t, nil
}

// MustTable is NewTable for package-level definitions: it panics on error,
// as regexp.MustCompile does.
func (m *MetaData) MustTable(name string, items ...TableItem) *Table {
	t, err := m.NewTable(name, items...)
	if err != nil {
		panic(err)
	}
	return t
}

// Table returns the table with the given (schema-qualified) name, or nil.
func (m *MetaData) Table(name string) *Table {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.byName[name]
}

// Tables returns the tables in definition order.
func (m *MetaData) Tables() []*Table {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Clone(m.tables)
}

// QualifiedName is "schema.name", or "name" without a schema.
func (t *Table) QualifiedName() string {
	if t.Schema != "" {
		return t.Schema + "." + t.Name
	}
	return t.Name
}

// C returns the named column and panics if the table has none: use it in
// code that names columns statically, where a typo should stop the program
// at start-up. For names that come from users, use Lookup.
func (t *Table) C(name string) *Column {
	c, err := t.Lookup(name)
	if err != nil {
		panic(err)
	}
	return c
}

// Lookup returns the named column, or an *UnknownColumnError (errors.Is
// ErrUnknownColumn). It is the safe way to turn user input, such as a sort
// field, into a column: the name never reaches SQL unless the table has it.
// To expose only some columns, use Allow.
func (t *Table) Lookup(name string) (*Column, error) {
	if c, ok := t.byName[name]; ok {
		return c, nil
	}
	return nil, &UnknownColumnError{Table: t.Name, Name: name}
}

// ID returns a number unique to the table definition (aliases share it).
func (t *Table) ID() uint32 { return t.id }

// Base returns the aliased table for an alias, else t.
func (t *Table) Base() *Table {
	if t.base != nil {
		return t.base
	}
	return t
}

// IsAlias reports whether t is an alias of another table.
func (t *Table) IsAlias() bool { return t.base != nil }

// Query returns the query of a derived table or CTE, else nil.
func (t *Table) Query() Selectable { return t.sub }

// IsLateral reports whether a derived table is LATERAL.
func (t *Table) IsLateral() bool { return t.lateral }

// CTE returns the common table expression t refers to, else nil.
func (t *Table) CTE() *CTE { return t.cte }

// Alias returns the table under another name, for self-joins and
// correlated subqueries. Its columns are proxies of t's.
func (t *Table) Alias(name string) *Table {
	a := &Table{Name: name, base: t.Base(), id: t.id, byName: make(map[string]*Column, len(t.Columns))}
	for _, c := range t.Columns {
		nc := c.copyFor(a)
		a.Columns = append(a.Columns, nc)
		a.byName[nc.Name] = nc
	}
	return a
}

func (*Table) fromItem() {}

// SortedTables returns the tables ordered so that every table comes after
// the tables its foreign keys reference (self-references are ignored):
// the order for CREATE; reverse it for DROP. It resolves foreign keys first
// and returns an *UnresolvedError or a *CycleError when it cannot.
func (m *MetaData) SortedTables() ([]*Table, error) {
	if err := m.Resolve(); err != nil {
		return nil, err
	}
	tables := m.Tables()
	index := make(map[*Table]int, len(tables))
	for i, t := range tables {
		index[t] = i
	}
	indeg := make([]int, len(tables))
	deps := make([][]int, len(tables)) // referenced -> referencing
	for i, t := range tables {
		seen := map[int]bool{}
		for _, fk := range t.ForeignKeys {
			j, ok := index[fk.RefTable]
			if !ok || j == i || seen[j] {
				continue
			}
			seen[j] = true
			deps[j] = append(deps[j], i)
			indeg[i]++
		}
	}
	out := make([]*Table, 0, len(tables))
	var ready []int
	for i := range tables {
		if indeg[i] == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		i := ready[0]
		ready = ready[1:]
		out = append(out, tables[i])
		for _, j := range deps[i] {
			indeg[j]--
			if indeg[j] == 0 {
				ready = append(ready, j)
			}
		}
	}
	if len(out) < len(tables) {
		var names []string
		for i, t := range tables {
			if indeg[i] > 0 {
				names = append(names, t.QualifiedName())
			}
		}
		return nil, &CycleError{Tables: names}
	}
	return out, nil
}

// Resolve binds every foreign key to its target table and columns.
func (m *MetaData) Resolve() error {
	m.resolveMu.Lock()
	defer m.resolveMu.Unlock()
	m.mu.RLock()
	n := len(m.tables)
	m.mu.RUnlock()
	if m.resolved == n {
		return nil // nothing new since the last call
	}
	for _, t := range m.Tables() {
		for _, fk := range t.ForeignKeys {
			if err := fk.resolve(m); err != nil {
				return err
			}
		}
	}
	m.resolved = n
	return nil
}

func splitTarget(target string) (table, column string, ok bool) {
	i := strings.LastIndexByte(target, '.')
	if i <= 0 || i == len(target)-1 {
		return "", "", false
	}
	return target[:i], target[i+1:], true
}
